// The measuring half of ./scripts/bench (which installs what is missing and builds the
// release CLI and dist/ first, then runs this). Prints one `name value unit` line per
// figure, `name n/a reason` for one that could not be measured, then a table for people.
//
// Environment (set by scripts/bench): WIRETRACE_CLI, WIRETRACE_DIST, CHROMIUM,
// CARGO_TARGET_DIR, and BENCH_CLI_ERROR / BENCH_DIST_ERROR when a build failed; BENCH_LINK
// (yours) to measure the page at one link only.

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ACTIONS,
  Browser,
  MERMAID_FOLDER,
  SIZES,
  SUBFOLDER,
  againstMermaid,
  loadFigureNames,
  PARAMS_LINK,
  SLOW,
  SLOW_FIGURES,
  slowLoads,
  loads,
  mermaidSite,
  PAGE_CAPTURE_FIGURES,
  pageAt,
  pageCapture,
  pageFigureNames,
} from './browser.mjs';
import { makeCapture } from './capture.mjs';
import { MEMORY_RUNS, engineNative, engineWasm, importer, memory, memoryFigureNames } from './native.mjs';
import { Report, log, markdown, tableRows } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const SECTIONS = ['page', 'load', 'mermaid', 'engine', 'memory', 'import'];
const QUICK_SCENARIOS = ['handshake', 'browse', 'big-response'];

function usage() {
  return `usage: ./scripts/bench [--quick] [--${SECTIONS.join('] [--')}]
  --quick      a subset: the page at 1k segments only, ${QUICK_SCENARIOS.length} scenarios' first loads, 3 loads
               each against Mermaid, shorter criterion runs, one run of each import command
  --page       the page at 1k, 10k, 100k, 312k and 1M segments and drawing a 100 MB capture (frames timed: ${ACTIONS.map((a) => a.what).join(', ')})
  --load       bytes fetched before the first diagram (gzipped); first use of deferred features
  --mermaid    time to first diagram against Mermaid
  --engine     segments/s natively and in wasm, against smoltcp; trace_overhead, and
               trace_overhead_no_record (the same run not recorded)
  --memory     what a long run holds in wasm32 memory, per segment (${MEMORY_RUNS.map((r) => r.key).join(', ')})
  --import     a generated 100 MB pcap: wiretrace import against tshark
With no section named, all of them.`;
}

function parseArgs(argv) {
  const opts = { quick: false, sections: new Set() };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a === '-h' || a === '--help') {
      console.log(usage());
      process.exit(0);
    } else if (a.startsWith('--') && SECTIONS.includes(a.slice(2))) opts.sections.add(a.slice(2));
    else {
      console.error(`unknown argument '${a}'\n${usage()}`);
      process.exit(2);
    }
  }
  if (opts.sections.size === 0) for (const s of SECTIONS) opts.sections.add(s);
  return opts;
}

function scenarioIds(cli) {
  return execFileSync(cli, ['list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(/\s+/)[0])
    .filter(Boolean);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const target = resolve(process.env.CARGO_TARGET_DIR ?? join(root, 'target'));
  const ctx = {
    root,
    target,
    quick: opts.quick,
    cli: resolve(process.env.WIRETRACE_CLI ?? join(target, 'release', 'wiretrace')),
    dist: resolve(process.env.WIRETRACE_DIST ?? join(root, 'dist')),
    chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  };
  const report = new Report();
  const started = Date.now();
  const has = (s) => opts.sections.has(s);
  // BENCH_LINK='#s=…' measures the page at that link alone (its figures named page_link_…),
  // in place of the sizes and the capture: a build with other limits, say.
  const link = process.env.BENCH_LINK;
  const sizes = link
    ? [{ key: 'link', label: link, hash: link.startsWith('#') ? link : `#${link}` }]
    : opts.quick
      ? SIZES.slice(0, 1)
      : SIZES;

  // What a section needs, or why it cannot run.
  const cliProblem =
    process.env.BENCH_CLI_ERROR || (existsSync(ctx.cli) ? null : `no CLI at ${ctx.cli}`);
  const distProblem =
    process.env.BENCH_DIST_ERROR ||
    (existsSync(join(ctx.dist, 'index.html')) ? null : `no ${ctx.dist}/index.html`);
  const scenarios = cliProblem ? [] : opts.quick ? QUICK_SCENARIOS : scenarioIds(ctx.cli);

  // One browser for the page, load and Mermaid sections.
  let browser = null;
  let browserProblem = null;
  let base = null;
  if ((has('page') || has('load') || has('mermaid')) && !distProblem) {
    try {
      // Served from a copy, so that a rebuild of dist/ meanwhile (./scripts/test, trunk)
      // cannot pull files away under a measurement.
      const snapshot = join(target, 'bench', 'dist');
      rmSync(snapshot, { recursive: true, force: true });
      cpSync(ctx.dist, snapshot, { recursive: true });
      browser = await Browser.start(ctx);
      browser.report = report;
      base = (await browser.serve(snapshot, SUBFOLDER)).base;
    } catch (err) {
      browserProblem = `cannot start Chromium or the server: ${err.message}`;
    }
  }
  const needs = async (names, problem, fn) => {
    if (problem) {
      for (const n of names) report.na(n, problem);
      return;
    }
    await report.section(names, fn);
  };

  try {
    if (has('page')) {
      process.stderr.write(`\n==> The page at ${link ?? '1k, 10k, 100k, 312k and 1M segments'}\n`);
      for (const size of sizes) {
        await needs(pageFigureNames(size), distProblem || browserProblem, (put) =>
          pageAt(browser, base, size, put),
        );
      }
      if (!link) {
        process.stderr.write('\n==> The page drawing a 100 MB capture, every connection\n');
        await needs(PAGE_CAPTURE_FIGURES, distProblem || browserProblem || cliProblem, async (put) =>
          pageCapture(browser, base, (await makeCapture(ctx)).path, put),
        );
      }
    }
    if (has('load')) {
      process.stderr.write('\n==> First load: bytes fetched before the first diagram\n');
      await needs(loadFigureNames(), distProblem || browserProblem || cliProblem, (put) =>
        loads(browser, base, scenarios, put),
      );
      process.stderr.write(
        `\n==> First load over a phone's connection (${SLOW.kbps} kbit/s, ${SLOW.rttMs} ms, files gzipped)\n`,
      );
      await needs(SLOW_FIGURES, distProblem || browserProblem, async (put) => {
        const gzBase = (await browser.serve(join(target, 'bench', 'dist'), SUBFOLDER, { gzip: true })).base;
        await slowLoads(browser, gzBase, PARAMS_LINK, put);
      });
    }
    if (has('mermaid')) {
      process.stderr.write('\n==> Time to first diagram against Mermaid\n');
      const names = ['first_diagram_wiretrace', 'first_diagram_mermaid', 'first_diagram_vs_mermaid'];
      const mermaidJs = join(root, 'bench', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
      const problem =
        distProblem || browserProblem || cliProblem ||
        (existsSync(mermaidJs) ? null : `no ${mermaidJs} (npm ci in bench/)`);
      await needs(names, problem, async (put) => {
        const source = execFileSync(ctx.cli, ['run', 'browse', '--format', 'mermaid'], { encoding: 'utf8' });
        const site = join(target, 'bench', 'mermaid-site');
        mermaidSite(site, mermaidJs, source);
        const mermaidBase = (await browser.serve(site, MERMAID_FOLDER)).base;
        await againstMermaid(browser, base, mermaidBase, put);
      });
    }
  } finally {
    await browser?.close();
  }

  if (has('engine')) {
    process.stderr.write('\n==> The engine: natively (criterion) and in wasm (headless Chromium)\n');
    await report.section(
      ['engine_native_trace', 'engine_native_trace_loss', 'engine_native_bare', 'engine_native_smoltcp',
        'engine_vs_smoltcp', 'trace_overhead', 'engine_native_no_record', 'engine_native_bare_no_record', 'trace_overhead_no_record'],
      (put) => engineNative(ctx, put),
    );
    await report.section(['engine_wasm_trace', 'engine_wasm_bare', 'trace_overhead_wasm'], (put) =>
      engineWasm(ctx, put),
    );
  }
  if (has('memory')) {
    process.stderr.write('\n==> Memory: what a long run holds in wasm32, counted by its allocator\n');
    await report.section(memoryFigureNames(), (put) => memory(ctx, put));
  }
  if (has('import')) {
    process.stderr.write('\n==> Import: a generated 100 MB pcap, wiretrace against tshark\n');
    await needs(
      ['import_capture_size', 'import_capture_frames', 'import_capture_connections',
        'import_list_time', 'import_list_rss', 'tshark_list_time', 'tshark_list_rss', 'import_list_vs_tshark',
        'import_full_time', 'import_full_rss', 'tshark_full_time', 'tshark_full_rss', 'import_vs_tshark'],
      cliProblem,
      (put) => importer(ctx, put),
    );
  }

  const rows = tableRows(report, { sizes, scenarioNames: scenarios, memoryRuns: MEMORY_RUNS });
  process.stdout.write(`\n${markdown(rows)}\n`);
  const s = Math.round((Date.now() - started) / 1000);
  log(`${report.values.size} figures measured, ${report.missing.size} n/a, in ${Math.floor(s / 60)} min ${s % 60} s`);
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exit(1);
});
