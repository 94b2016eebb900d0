// A big pcap for the import figures, made here and the same every time: the release CLI's
// `run ... --format pcap` of many runs (each with its own client address, so each is its
// own connection), their frames merged in time order with the runs started 37 ms apart, so
// that hundreds of connections overlap as in a real capture. Nothing is downloaded.
//
// Kept in target/bench/ and made again only when the CLI or the recipe changes.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './report.mjs';

const RECIPE_VERSION = 1;
const TARGET_BYTES = 100e6;
/** Runs start this far apart (µs). */
const SPACING_US = 37_000;

/** The run of index `i`: a scenario and its parameters (client address set by the caller). */
function recipe(i) {
  const k = i % 6;
  if (k === 0) return ['browse', { body_bytes: 20_000 + ((i * 7_919) % 180_000) }];
  if (k === 1) return ['big-response', { body_bytes: 300_000 + ((i * 104_729) % 700_000) }];
  if (k === 2) return ['http11-keepalive', {}];
  if (k === 3) return ['data-loss', {}];
  if (k === 4) return ['browse', { body_bytes: 200_000, loss: 0.02, sack: true, seed: i }];
  return ['fast-retransmit', {}];
}

function clientAddr(i) {
  return `10.${1 + ((i >> 16) & 0xff)}.${(i >> 8) & 0xff}.${i & 0xff}:${40_000 + (i % 20_000)}`;
}

function cliPcap(cli, i) {
  const [scenario, params] = recipe(i);
  const args = ['run', scenario, '--format', 'pcap', '--set', `client.addr=${clientAddr(i)}`];
  for (const [k, v] of Object.entries(params)) args.push('--set', `${k}=${v}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(out))
        : reject(new Error(`wiretrace ${args.join(' ')} exited ${code}: ${err.trim()}`)),
    );
  });
}

/** The records of a classic pcap file, with their times in µs. */
function records(buf) {
  const magic = buf.readUInt32LE(0);
  const nanos = magic === 0xa1b23c4d;
  if (magic !== 0xa1b2c3d4 && !nanos) throw new Error(`not a little-endian pcap (magic ${magic.toString(16)})`);
  const list = [];
  for (let at = 24; at + 16 <= buf.length; ) {
    const len = buf.readUInt32LE(at + 8);
    const us = buf.readUInt32LE(at) * 1e6 + (nanos ? Math.floor(buf.readUInt32LE(at + 4) / 1000) : buf.readUInt32LE(at + 4));
    list.push({ us, data: buf.subarray(at + 16, at + 16 + len), orig: buf.readUInt32LE(at + 12) });
    at += 16 + len;
  }
  return { header: buf.subarray(0, 24), nanos, list };
}

/** Makes (or reuses) the capture; resolves to `{ path, bytes }`. */
export async function makeCapture(ctx) {
  const dir = join(ctx.target, 'bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'capture-100MB.pcap');
  const stamp = `${path}.stamp`;
  const want = createHash('sha256')
    .update(readFileSync(ctx.cli))
    .update(`recipe ${RECIPE_VERSION} ${TARGET_BYTES} ${SPACING_US}`)
    .digest('hex');
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    log(`reusing ${path}`);
    return { path, bytes: statSync(path).size };
  }
  log(`making ${path} from CLI runs (about a minute)`);
  const all = [];
  let header = null;
  let bytes = 24;
  // Two CLI processes at a time (the machine has two cores).
  for (let i = 0; bytes < TARGET_BYTES; i += 2) {
    const pair = await Promise.all([cliPcap(ctx.cli, i), cliPcap(ctx.cli, i + 1)]);
    for (const [j, buf] of pair.entries()) {
      const r = records(buf);
      if (r.nanos) throw new Error('the CLI wrote a nanosecond pcap; the merge expects microseconds');
      header ??= r.header;
      const offset = (i + j) * SPACING_US;
      for (const rec of r.list) {
        all.push({ us: rec.us + offset, data: rec.data, orig: rec.orig, run: i + j });
        bytes += 16 + rec.data.length;
      }
    }
  }
  // Stable: frames of one run keep their order.
  all.sort((a, b) => a.us - b.us || a.run - b.run);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, header);
    const head = Buffer.alloc(16);
    for (const rec of all) {
      head.writeUInt32LE(Math.floor(rec.us / 1e6), 0);
      head.writeUInt32LE(rec.us % 1e6, 4);
      head.writeUInt32LE(rec.data.length, 8);
      head.writeUInt32LE(rec.orig, 12);
      writeSync(fd, head);
      writeSync(fd, rec.data);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  writeFileSync(stamp, want);
  log(`${all.length} frames, ${bytes} bytes`);
  return { path, bytes };
}
