// Figures measured outside the page: the engine (criterion natively, wasm-bindgen-test in
// headless Chromium), what a long run holds in wasm memory, and the importer against
// tshark on a generated 100 MB pcap.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCapture } from './capture.mjs';
import { log } from './report.mjs';

/**
 * Runs a command; resolves to `{ code, stdout, stderr, ms }`. `echo` copies its stderr to
 * ours as it comes (long builds show their progress).
 */
export function run(cmd, args, { cwd, env, echo = false, stdout = 'pipe', timeoutMs } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', stdout, 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
      if (echo) process.stderr.write(d);
    });
    const timer = timeoutMs && setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (signal) reject(new Error(`${cmd} ${args[0] ?? ''} was killed (${signal})`));
      else resolve({ code, stdout: out, stderr: err, ms });
    });
  });
}

async function mustRun(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const last = r.stderr.trim().split('\n').slice(-1)[0] ?? '';
    throw new Error(`\`${cmd} ${args.join(' ')}\` exited ${r.code}: ${last}`);
  }
  return r;
}

// ---- engine ------------------------------------------------------------------------------

const UNITS = { 'elem/s': 1, 'Kelem/s': 1e3, 'Melem/s': 1e6, 'Gelem/s': 1e9 };

/**
 * Criterion's throughputs (the middle estimate), by benchmark id: lines like
 * `engine/browse 4 MB   time: [...]` (the id may stand on a line of its own before `time:`)
 * followed by `thrpt: [a Kelem/s b Kelem/s c Kelem/s]`.
 */
export function criterionThroughputs(text) {
  const lines = text.split('\n').map((l) => l.slice(l.lastIndexOf('\r') + 1));
  const found = new Map();
  let id = null;
  let previous = '';
  for (const line of lines) {
    const time = line.match(/^(.*?)\s*time:\s+\[/);
    if (time) {
      id = time[1].trim() || previous.trim();
    }
    const thrpt = line.match(/thrpt:\s+\[\S+ \S+ (\S+) (\S+) /);
    if (thrpt && id && UNITS[thrpt[2]]) {
      found.set(id, Number(thrpt[1]) * UNITS[thrpt[2]]);
      id = null;
    }
    if (line.trim() && !/^\s/.test(line) && !line.startsWith('Benchmarking')) previous = line;
  }
  return found;
}

function pick(found, part) {
  for (const [id, v] of found) if (id.includes(part)) return v;
  throw new Error(`criterion printed no throughput for '${part}' (found: ${[...found.keys()].join('; ') || 'none'})`);
}

/**
 * glibc's malloc moves its mmap and trim thresholds as a program frees big blocks: a run that
 * frees its Trace and allocates it again each iteration may then give its pages back to the
 * system and fault them in again every time, or not, depending on how small blocks happened to
 * lie (the same engine measured 0.4M or 0.8M segments/s). Fixed thresholds measure the code,
 * the same for every workload of the run (the browser's allocator never gives pages back).
 */
const FIXED_MALLOC = { MALLOC_MMAP_THRESHOLD_: '1073741824', MALLOC_TRIM_THRESHOLD_: '1073741824' };

/** The criterion bench's arguments: every workload, or those `filter` names. */
function criterionArgs(ctx, features, filter) {
  const args = ['bench', '-p', 'wiretrace-core', '--bench', 'engine', ...features, '--', '--noplot'];
  if (ctx.quick) args.push('--warm-up-time', '1', '--measurement-time', '2');
  if (filter) args.push(filter);
  return args;
}

/** Segments of one run of the browse workload, as engine.rs prints it. */
function browseSegments(text) {
  const m = text.match(/^browse 4 MB: (\d+) segments per run/m);
  if (!m) throw new Error('the engine bench printed no segment count for browse 4 MB');
  return Number(m[1]);
}

/**
 * Native engine: one criterion run of the workloads of crates/core/benches/engine.rs, then
 * the run without its recording (the `measure-no-record` build: no TCB sample, no summary,
 * of each segment only its number) against the endpoints alone again, in a run of its own
 * (checked to send as many segments).
 * `trace_overhead_no_record` is what `trace_overhead` would be if recording cost nothing:
 * what separates the simulation from the endpoints alone when recording is not it.
 */
export async function engineNative(ctx, put) {
  const args = criterionArgs(ctx, []);
  log(`cargo ${args.join(' ')} (with ${Object.entries(FIXED_MALLOC).map(([k, v]) => `${k}=${v}`).join(' ')})`);
  const r = await mustRun('cargo', args, { cwd: ctx.root, echo: true, env: FIXED_MALLOC });
  const found = criterionThroughputs(r.stdout);
  const trace = pick(found, 'browse 4 MB');
  const bare = pick(found, 'wiretrace endpoints');
  const smoltcp = pick(found, 'smoltcp sockets');
  put('engine_native_trace', trace, 'segments/s');
  put('engine_native_trace_loss', pick(found, '1% loss'), 'segments/s');
  put('engine_native_bare', bare, 'segments/s');
  put('engine_native_smoltcp', smoltcp, 'segments/s');
  put('engine_vs_smoltcp', bare / smoltcp, 'x');
  put('trace_overhead', trace / bare, 'x');

  // Under a baseline of its own: criterion compares each run with the last one saved under
  // the same name, and this build is not the one the plain `cargo bench` measures.
  const quiet = criterionArgs(ctx, ['--features', 'measure-no-record'], '(browse 4 MB$)|(wiretrace endpoints)');
  quiet.push('--save-baseline', 'no-record');
  log(`cargo ${quiet.join(' ')}`);
  const q = await mustRun('cargo', quiet, { cwd: ctx.root, echo: true, env: FIXED_MALLOC });
  // The same simulation, only not recorded: as many segments. (Not every run is: a story
  // that picks its lost segment from its own Trace, as data-loss does, runs otherwise.)
  const [recorded, unrecorded] = [browseSegments(r.stdout), browseSegments(q.stdout)];
  if (recorded !== unrecorded) {
    throw new Error(`the run without its recording sent ${unrecorded} segments, with it ${recorded}: not the same run`);
  }
  const quietFound = criterionThroughputs(q.stdout);
  const quietTrace = pick(quietFound, 'browse 4 MB');
  const quietBare = pick(quietFound, 'wiretrace endpoints');
  put('engine_native_no_record', quietTrace, 'segments/s');
  put('engine_native_bare_no_record', quietBare, 'segments/s');
  put('trace_overhead_no_record', quietTrace / quietBare, 'x');
}

/** The engine in headless Chromium, built as the page is (tests/wasm_bench.rs). */
export async function engineWasm(ctx, put) {
  const dir = mkdtempSync(join(tmpdir(), 'wiretrace-bench-'));
  try {
    const webdriver = join(dir, 'webdriver.json');
    writeFileSync(
      webdriver,
      JSON.stringify({
        'goog:chromeOptions': {
          binary: ctx.chromium,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
        },
      }),
    );
    const args = [
      'test', '--target', 'wasm32-unknown-unknown', '-p', 'wiretrace-core',
      '--profile', 'web-release', '--test', 'wasm_bench', '--', '--nocapture',
    ];
    log(`cargo ${args.join(' ')}`);
    const r = await mustRun('cargo', args, {
      cwd: ctx.root,
      echo: true,
      env: {
        CHROMEDRIVER: '/usr/bin/chromedriver',
        WASM_BINDGEN_TEST_WEBDRIVER_JSON: webdriver,
        WASM_BINDGEN_TEST_TIMEOUT: '300',
        WASM_BINDGEN_TEST_DRIVER_TIMEOUT: '60',
      },
    });
    const text = r.stdout + r.stderr;
    const rate = (what) => {
      const m = text.match(new RegExp(`wasm \\(optimised\\) ${what}[^\\n]*?: ([0-9.]+) simulated segments/s`));
      if (!m) throw new Error(`tests/wasm_bench.rs printed no optimised '${what}' figure`);
      return Number(m[1]);
    };
    const trace = rate('browse');
    const bare = rate('TCP alone');
    put('engine_wasm_trace', trace, 'segments/s');
    put('engine_wasm_bare', bare, 'segments/s');
    put('trace_overhead_wasm', trace / bare, 'x');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- memory ------------------------------------------------------------------------------

/** The runs `crates/diagram/examples/wasm_memory.rs` measures, in its order (checked). */
export const MEMORY_RUNS = [
  { key: '100k', link: '#s=big-response&body_bytes=10000000&mss=146' },
  { key: '312k', link: '#s=browse&body_bytes=10000000&mss=64' },
];

/** Its figures for one run, in the order `measure` answers them (bytes, but the first). */
const MEMORY_FIGURES = [
  'segments', 'run_peak', 'trace', 'layout', 'layout_peak', 'story', 'story_peak',
  'plot', 'plot_peak', 'plot_whole_peak', 'plot_tenth_peak',
];

export function memoryFigureNames() {
  return [
    ...MEMORY_RUNS.flatMap((r) => MEMORY_FIGURES.map((f) => `memory_${r.key}_${f}`)),
    'memory_segment_size',
  ];
}

/**
 * What a long run holds, in wasm32: `examples/wasm_memory.rs` built for
 * wasm32-unknown-unknown (it imports nothing) and called here. Bytes are counted by its
 * allocator, so they are the same on every machine for the same code; printed per segment.
 */
export async function memory(ctx, put) {
  const args = [
    'build', '--profile', 'web-release', '--target', 'wasm32-unknown-unknown',
    '-p', 'wiretrace-diagram', '--example', 'wasm_memory',
  ];
  log(`cargo ${args.join(' ')}`);
  await mustRun('cargo', args, { cwd: ctx.root, echo: true });
  const file = join(ctx.target, 'wasm32-unknown-unknown', 'web-release', 'examples', 'wasm_memory.wasm');
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  const { measure, link, memory: wasm } = instance.exports;
  // A string the example leaked, up to its NUL byte.
  const text = (at) => {
    const bytes = new Uint8Array(wasm.buffer, at);
    return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
  };
  let segmentSize = null;
  MEMORY_RUNS.forEach((run, which) => {
    const its = text(link(which) >>> 0);
    if (its !== run.link) throw new Error(`wasm_memory's run ${which} is ${its}, not ${run.link}`);
    const at = measure(which) >>> 0;
    if (at === 0) throw new Error(`wasm_memory could not run ${run.link}`);
    const v = new Float64Array(wasm.buffer, at, MEMORY_FIGURES.length + 1);
    const n = v[0];
    put(`memory_${run.key}_segments`, n, 'segments');
    MEMORY_FIGURES.slice(1).forEach((f, i) => put(`memory_${run.key}_${f}`, v[i + 1] / n, 'B/segment'));
    segmentSize = v[MEMORY_FIGURES.length];
  });
  put('memory_segment_size', segmentSize, 'B');
}

// ---- import ------------------------------------------------------------------------------

/** Runs under `/usr/bin/time -v`: wall time (ms, measured here) and peak RSS (MB). */
async function timed(cmd, args) {
  const r = await mustRun('/usr/bin/time', ['-v', cmd, ...args], { stdout: 'ignore' });
  const rss = r.stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
  if (!rss) throw new Error('/usr/bin/time -v printed no peak RSS');
  return { ms: r.ms, rssMb: Number(rss[1]) / 1024 };
}

/** The median time and the largest peak RSS of `n` runs. */
async function repeat(n, cmd, args) {
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await timed(cmd, args));
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { s: times[Math.floor(times.length / 2)] / 1000, rssMb: Math.max(...runs.map((r) => r.rssMb)) };
}

/** The fields tshark reads for the full import: what a Trace segment holds. */
const TSHARK_FIELDS = [
  'frame.time_relative', 'ip.src', 'ipv6.src', 'tcp.srcport', 'udp.srcport', 'ip.dst', 'ipv6.dst',
  'tcp.dstport', 'udp.dstport', 'tcp.flags', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.window_size',
  'tcp.len', 'udp.length', 'tcp.options', 'tcp.analysis.flags', 'http.request.method',
  'http.request.uri', 'http.response.code',
];

export async function importer(ctx, put) {
  const file = await makeCapture(ctx);
  const n = ctx.quick ? 1 : 3;

  // What wiretrace finds: packets and connections, from its one-line header.
  const list = await mustRun(ctx.cli, ['import', file.path, '--list']);
  const head = list.stdout.match(/: (\d+) packets, (\d+) connections/);
  if (!head) throw new Error(`unexpected \`import --list\` output: ${list.stdout.split('\n')[0]}`);
  const frames = Number(head[1]);
  put('import_capture_size', file.bytes / 1e6, 'MB');
  put('import_capture_frames', frames, 'frames');
  put('import_capture_connections', Number(head[2]), 'connections');

  log(`import --list and tshark -z conv,tcp, ${n} run(s) each`);
  const ours = await repeat(n, ctx.cli, ['import', file.path, '--list']);
  const theirs = await repeat(n, 'tshark', ['-r', file.path, '-n', '-q', '-z', 'conv,tcp']);
  put('import_list_time', ours.s, 's');
  put('import_list_rss', ours.rssMb, 'MB');
  put('tshark_list_time', theirs.s, 's');
  put('tshark_list_rss', theirs.rssMb, 'MB');
  put('import_list_vs_tshark', theirs.s / ours.s, 'x');

  // Every frame into a Trace (no segment cap), written as the text transcript; tshark
  // reads the same fields of every frame, as text.
  log(`full import and tshark -T fields, ${n} run(s) each`);
  const full = await repeat(n, ctx.cli, [
    'import', file.path, '--max-segments', String(frames), '--format', 'text',
  ]);
  const fields = TSHARK_FIELDS.flatMap((f) => ['-e', f]);
  const tshark = await repeat(n, 'tshark', ['-r', file.path, '-n', '-T', 'fields', ...fields]);
  put('import_full_time', full.s, 's');
  put('import_full_rss', full.rssMb, 'MB');
  put('tshark_full_time', tshark.s, 's');
  put('tshark_full_rss', tshark.rssMb, 'MB');
  put('import_vs_tshark', tshark.s / full.s, 'x');
}
