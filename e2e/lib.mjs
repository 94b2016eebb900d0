// Shared helpers of the browser tests: the served dist/, Debian's Chromium driven by
// playwright-core, a page that records every console message and request, the test hooks
// of CONTRACT.md, and the CLI whose output the page must agree with.
//
// Environment: WIRETRACE_DIST (default ../dist), WIRETRACE_CLI (default
// ../target/release/wiretrace), CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(process.env.WIRETRACE_DIST ?? join(here, '..', 'dist'));
export const CLI = resolve(
  process.env.WIRETRACE_CLI ?? join(here, '..', 'target', 'release', 'wiretrace'),
);
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** A subfolder, the way a course page would host the player. */
export const SUBFOLDER = '/course/net101/wiretrace/';
/** How long any one condition may take to become true. Generous: CI has two cores. */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);

/** The committed captures (tests/captures/). */
export const CAPTURES = resolve(here, '..', 'tests', 'captures');

export const LOG = 'table[data-testid="segment-log"]';
export const ROWS = `${LOG} tr[data-segment-id]`;
export const DIAGRAM = 'svg[data-testid="sequence-diagram"]';

/** Starts the server on dist/ and Chromium; returns `{ server, browser, close }`. */
export async function setUp() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`no ${DIST}/index.html: build it first (./scripts/serve --build)`);
  }
  const server = await startServer({ root: DIST, prefix: SUBFOLDER });
  // playwright gives each launch a fresh, throwaway profile (--user-data-dir) of its own.
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens the page at `hash` (e.g. '#s=browse') in a fresh context and records everything
 * that would count against it: console errors and warnings, uncaught exceptions, failed
 * requests, HTTP errors, and any request outside the served subfolder. `viewport` is
 * the window's size from the start (default 1280x900).
 */
export async function openPage(
  env,
  hash = '',
  {
    reducedMotion = 'no-preference',
    locale = 'en-US',
    colorScheme = 'light',
    viewport = { width: 1280, height: 900 },
    init = null,
  } = {},
) {
  const context = await env.browser.newContext({ locale, reducedMotion, colorScheme, viewport });
  // A script to run in the page before its own (playwright's `addInitScript`).
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') {
      problems.push(`console ${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!isInside(env, url)) problems.push(`request outside ${env.server.base}: ${url}`);
  });
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(env.server.base + hash, { waitUntil: 'load' });
  return { page, context, problems, requests };
}

/**
 * A fresh page for a file of dist/ opened from disk (`file://`, see `diskUrl`): every
 * console message and every failed request is a problem.
 */
export async function diskPage(env, options = { locale: 'en-US' }) {
  const context = await env.browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return { context, page, problems };
}

/** The `file://` address of a file of dist/. */
export function diskUrl(name) {
  return pathToFileURL(join(DIST, name)).href;
}

function isInside(env, url) {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  return url.startsWith(env.server.base);
}

/** Waits until `fn(arg)` is truthy in the page; on timeout, says what was awaited. */
export async function waitUntil(page, what, fn, arg, timeout = TIMEOUT) {
  try {
    return await page.waitForFunction(fn, arg, { timeout, polling: 'raf' });
  } catch (err) {
    throw new Error(`timed out after ${timeout} ms waiting until ${what}`, { cause: err });
  }
}

/** Waits for the segment log to have its rows. */
export async function waitForLog(page) {
  await waitUntil(
    page,
    'the segment log has rows, and its current row (a link with t=) in view',
    (sel) => {
      const rows = [...document.querySelectorAll(sel)];
      if (rows.length === 0) return false;
      // The log scrolls to the link's step a frame or two after its first rows are drawn:
      // reading it before that races the page's own scroll.
      const current = rows.find((r) => r.getAttribute('aria-current') === 'step');
      if (!current) return true;
      let box = current.closest('table').parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      if (!box) return true;
      const b = box.getBoundingClientRect();
      const r = current.getBoundingClientRect();
      return r.top >= b.top && r.bottom <= b.bottom + 1;
    },
    ROWS,
  );
}

/**
 * Every segment row of the segment log, in order, as the data attributes of CONTRACT.md give
 * them. The log is windowed (only the rows near the view exist), so this scrolls it from
 * the top to the end, reading the rows drawn at each place, then scrolls it back. It fails
 * if a row is missing, twice, or out of place (`aria-rowindex`), or if the log maps its rows
 * onto a shorter scroll range (a list of hundreds of thousands of rows: read its JSON).
 */
export async function readLog(page) {
  const read = await page.evaluate(
    async ([log, timeout]) => {
      const table = document.querySelector(log);
      if (!table) return { error: 'no segment log' };
      const body = table.tBodies[0];
      // A header cell: the header sticks to the top of the box (its cells do, not the thead).
      const head = table.tHead.rows[0].cells[0];
      let box = table.parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      if (!box) return { error: 'the segment log has no scrolling box' };
      const total = Number(table.getAttribute('aria-rowcount'));
      const frame = () => new Promise((ok) => requestAnimationFrame(ok));
      const drawn = () => [...body.querySelectorAll('tr[aria-rowindex]')];
      // The rows in view are drawn: rows (not gaps) lie across the top and bottom edges
      // of the part of the box below the header.
      const settled = () => {
        const b = box.getBoundingClientRect();
        const top = head.getBoundingClientRect().bottom + 1;
        const bottom = Math.min(b.top + box.clientTop + box.clientHeight, body.getBoundingClientRect().bottom) - 1;
        const across = (y) =>
          drawn().some((r) => {
            const q = r.getBoundingClientRect();
            return q.top <= y && y < q.bottom;
          });
        return bottom <= top || (across(top) && across(bottom));
      };
      const settle = async () => {
        const until = performance.now() + timeout;
        await frame();
        while (!settled()) {
          if (performance.now() > until) throw new Error(`the log did not draw its rows at scrollTop ${box.scrollTop}`);
          await frame();
        }
      };
      const rows = new Map();
      const note = () => {
        for (const r of drawn()) {
          rows.set(Number(r.getAttribute('aria-rowindex')), {
            segment: r.hasAttribute('data-segment-id'),
            id: r.getAttribute('data-segment-id'),
            flags: r.getAttribute('data-flags'),
            seq: r.getAttribute('data-seq'),
            ack: r.getAttribute('data-ack'),
            len: r.getAttribute('data-len'),
            current: r.getAttribute('aria-current') === 'step',
          });
        }
      };
      const start = box.scrollTop;
      box.scrollTop = 0;
      await settle();
      let next = 2; // row 1 is the header
      for (;;) {
        note();
        while (rows.has(next)) next++;
        if (next > total) break;
        // Bring the last row read to the top of the view: the next ones come into view.
        const last = body.querySelector(`tr[aria-rowindex="${next - 1}"]`);
        const by = last ? last.getBoundingClientRect().top - head.getBoundingClientRect().bottom : 0;
        const before = box.scrollTop;
        box.scrollTop = before + Math.max(1, Math.floor(by));
        if (box.scrollTop === before) return { error: `the log ends before row ${next} of ${total}` };
        await settle();
        note();
        // The log draws the rows of a new view on the next animation frame after the scroll
        // (and later on a loaded machine), while the rows drawn before may still cover the
        // edges: wait for the row itself, within the timeout. If the rows drawn when the
        // scroll was aimed moved since (the log placed a new window under them), aim again:
        // the last row read goes to the top of the view, as a reader scrolling on would.
        const until = performance.now() + timeout;
        while (!rows.has(next) && performance.now() < until) {
          const read = body.querySelector(`tr[aria-rowindex="${next - 1}"]`);
          const off = read ? read.getBoundingClientRect().top - head.getBoundingClientRect().bottom : 0;
          if (off >= 1) box.scrollTop += Math.floor(off);
          await frame();
          note();
        }
        if (!rows.has(next)) {
          const d = drawn().map((r) => Number(r.getAttribute('aria-rowindex')));
          return {
            error: `row ${next} of ${total} was never drawn (the log maps its rows onto a shorter range?): scrollTop ${box.scrollTop}, rows ${d[0]}..${d[d.length - 1]} drawn`,
          };
        }
      }
      box.scrollTop = start;
      await settle();
      return { rows: [...rows.entries()].sort((a, b) => a[0] - b[0]) };
    },
    [LOG, TIMEOUT],
  );
  if (read.error) throw new Error(`readLog: ${read.error}`);
  const found = read.rows.map(([index]) => index);
  const want = Array.from({ length: found.length }, (_, k) => k + 2);
  if (found.join() !== want.join()) throw new Error(`readLog: aria-rowindex out of order: ${found}`);
  return read.rows
    .filter(([, r]) => r.segment)
    .map(([, { segment, ...r }]) => r);
}

/** A Trace segment as the log's data attributes write it (CONTRACT.md). */
export function expectedRow(seg) {
  return {
    id: String(seg.id),
    flags: seg.flags.join(','),
    seq: String(seg.seq),
    ack: seg.ack === null ? null : String(seg.ack),
    len: String(seg.len),
  };
}

/** A row as read from the page; an empty data-ack means "no ACK flag", like a missing one. */
export function normalRow(row) {
  return { id: row.id, flags: row.flags, seq: row.seq, ack: row.ack || null, len: row.len };
}

/** Id of the segment whose row is marked `aria-current="step"`, or -1 when none is. */
export async function currentIndex(page) {
  return page.$$eval(ROWS, (rows) => {
    const marked = rows.find((r) => r.getAttribute('aria-current') === 'step');
    return marked ? Number(marked.getAttribute('data-segment-id')) : -1;
  });
}

/**
 * Waits until the row of segment `index` is the current one (and the only one), drawn in the
 * log whatever the log's scroll position.
 */
export async function waitForCurrent(page, index, why = '') {
  await waitUntil(
    page,
    `row ${index} is aria-current="step"${why ? ` (${why})` : ''}`,
    ([sel, i]) => {
      const marked = [...document.querySelectorAll(sel)].filter(
        (r) => r.getAttribute('aria-current') === 'step',
      );
      return (
        marked.length === (i < 0 ? 0 : 1) &&
        (i < 0 || marked[0].getAttribute('data-segment-id') === String(i))
      );
    },
    [ROWS, index],
  );
}

/** The log's rows (segments and events, not the header), from its `aria-rowcount`. */
export async function logRowCount(page) {
  const count = await page.locator(LOG).getAttribute('aria-rowcount');
  return Number(count) - 1;
}

/** The play/pause button: its accessible name is exactly Play or Pause. */
export function button(page, name) {
  return page.getByRole('button', { name, exact: true });
}

/** Waits until a button with exactly this accessible name is visible. */
export async function waitForButton(page, name) {
  try {
    await button(page, name).waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch (err) {
    throw new Error(`no visible button named exactly "${name}" within ${TIMEOUT} ms`, {
      cause: err,
    });
  }
}

/** The states shown per endpoint: `{ client: 'ESTABLISHED', ... }`. */
export async function shownStates(page) {
  return page.$$eval('[data-testid^="state-"][data-state]', (els) =>
    Object.fromEntries(
      els.map((e) => [e.getAttribute('data-testid').slice('state-'.length), e.getAttribute('data-state')]),
    ),
  );
}

/**
 * What `wiretrace run <scenario> --format <format> --set k=v... [extra...]` writes, as
 * bytes.
 */
/** The scenario ids, as `wiretrace list` gives them. */
export function scenarioIds() {
  return execFileSync(CLI, ['list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(/\s+/)[0])
    .filter(Boolean);
}

export function cliRun(scenario, params = {}, format = 'json', extra = []) {
  if (!existsSync(CLI)) {
    throw new Error(`no CLI at ${CLI}: cargo build --release -p wiretrace-cli`);
  }
  const args = ['run', scenario, '--format', format, ...extra];
  for (const [k, v] of Object.entries(params)) args.push('--set', `${k}=${v}`);
  // A big run's JSON is tens of MB: more than execFileSync's default 1 MB buffer.
  return execFileSync(CLI, args, { maxBuffer: 1 << 30 });
}

/** Runs the CLI and parses its JSON Trace. */
export function cliTrace(scenario, params = {}) {
  return JSON.parse(cliRun(scenario, params).toString('utf8'));
}

/** `wiretrace import FILE [ARGS...] --format <format>`, as bytes. */
export function cliImportRun(file, args = [], format = 'json') {
  return execFileSync(CLI, ['import', file, ...args, '--format', format], { maxBuffer: 1 << 30 });
}

/** `wiretrace import FILE [ARGS...] --format json`, parsed. */
export function cliImport(file, ...args) {
  return JSON.parse(cliImportRun(file, args).toString('utf8'));
}

/** Waits until the browser has drawn `n` more frames (effects of the last change ran). */
export async function afterFrames(page, n = 2) {
  await page.evaluate(
    (n) =>
      new Promise((done) => {
        const tick = (k) => (k === 0 ? done() : requestAnimationFrame(() => tick(k - 1)));
        tick(n);
      }),
    n,
  );
}

/**
 * Compares a downloaded file with the CLI's bytes. The file worker writes a long run's
 * JSON with serde_json, as the CLI does: the same bytes. The page writes a short one's with
 * the browser's own `JSON.stringify` (the first load carries no JSON library): the text is
 * the CLI's, except that a whole float reads `0` instead of serde_json's `0.0` and the file
 * does not end in a newline. Nothing else may differ (keys, their order, indentation,
 * escapes, numbers).
 */
export function assertSameExport(assert, got, cli, format, what) {
  if (format !== 'json' || got.equals(cli)) {
    assert.ok(got.equals(cli), `${what} equals the CLI's --format ${format}`);
    return;
  }
  const expected = cli
    .toString('utf8')
    .replace(/\n$/, '')
    .replace(/(": -?\d+)\.0(?=,?\n)/g, '$1');
  assert.equal(got.toString('utf8'), expected, `${what}: the CLI's JSON text`);
}

/** Clicks the export button `name` (group "Download") and returns the file's name and bytes. */
export async function download(page, name, group = 'Download') {
  const buttons = page.getByRole('group', { name: group, exact: true });
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    buttons.getByRole('button', { name, exact: true }).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/**
 * Decodes a PNG (8-bit greyscale, RGB, grey+alpha or RGBA, not interlaced: what a canvas
 * writes) with Node's zlib: `{ width, height, rgba }`, four bytes per pixel.
 */
export function decodePng(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  let at = 8;
  let header;
  const data = [];
  while (at < bytes.length) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8],
        colour: body[9],
        interlace: body[12],
      };
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[header?.colour];
  if (!header || header.depth !== 8 || header.interlace !== 0 || !channels) {
    throw new Error(`unsupported PNG ${JSON.stringify(header)}`);
  }
  const { width, height } = header;
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter];
      if (add === undefined) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      line[x] = (line[x] + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const px = line.subarray(x * channels, (x + 1) * channels);
      const rgba =
        channels === 4 ? px : channels === 3 ? [...px, 255] : channels === 2 ? [px[0], px[0], px[0], px[1]] : [px[0], px[0], px[0], 255];
      out.set(rgba, (y * width + x) * 4);
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/** The URL hash the page reads for a scenario and parameters. */
export function hashFor(scenario, params = {}) {
  const q = new URLSearchParams({ s: scenario, ...params });
  return `#${q.toString()}`;
}

/** Fails with the list of problems the page caused, if any. */
export function assertNoProblems(assert, problems, where) {
  assert.deepEqual(problems, [], `${where}: the page must log nothing and stay inside its folder`);
}

/**
 * When step `n` is done, from a CLI Trace: the arrival (or loss, or the run's end) of
 * segment n-1, as `story::time_at` says.
 */
export function timeAt(trace, n) {
  const seg = trace.segments[n - 1];
  if (!seg) {
    return Math.min(trace.segments[0]?.sent_us ?? 0, trace.states[0]?.at_us ?? Infinity);
  }
  const stop = (seg.via ?? []).find((h) => h.action !== 'forwarded');
  return seg.recv_us ?? seg.lost_us ?? stop?.at_us ?? (seg.fate === 'in-flight' ? trace.end_us : seg.sent_us);
}
