// The bench's output: one `name value unit` line per figure on stdout as soon as it is
// measured (`name n/a reason` when it could not be), then a table for people.

/** Progress for people, on stderr, so stdout stays the figures. */
export function log(...parts) {
  process.stderr.write(`    ${parts.join(' ')}\n`);
}

/** A figure's value as printed on its line: integers exactly, others to 4 significant digits. */
export function plain(value) {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

export class Report {
  constructor() {
    /** name -> { value, unit } */
    this.values = new Map();
    /** name -> reason */
    this.missing = new Map();
  }

  put(name, value, unit) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.na(name, `not a number: ${value}`);
      return;
    }
    this.values.set(name, { value, unit });
    process.stdout.write(`${name} ${plain(value)} ${unit}\n`);
  }

  na(name, reason) {
    const why = String(reason).split('\n')[0].trim() || 'failed';
    this.missing.set(name, why);
    process.stdout.write(`${name} n/a ${why}\n`);
  }

  get(name) {
    return this.values.get(name)?.value;
  }

  /**
   * Runs one measurement that gives the figures `names`. `fn(put)` calls `put(name, value,
   * unit)`; whatever it did not put when it returns or throws is printed as n/a with the
   * reason, and the bench goes on.
   */
  async section(names, fn) {
    const done = new Set();
    const put = (name, value, unit) => {
      done.add(name);
      this.put(name, value, unit);
    };
    let reason = 'not measured';
    try {
      await fn(put);
    } catch (err) {
      reason = err?.message ?? String(err);
      log(`failed: ${reason}`);
    }
    for (const name of names) {
      if (!done.has(name)) this.na(name, reason);
    }
  }
}

// ---- the table for people --------------------------------------------------------------

const group = (n) => Math.round(n).toLocaleString('en-US');

/** A value for people: `fmt.s(1.234)` is "1.23 s". Missing values read "n/a". */
const fmt = {
  s: (v) => (v >= 100 ? `${group(v)} s` : `${Number(v.toPrecision(3))} s`),
  ms: (v) => (v >= 100 ? `${group(v)} ms` : `${Number(v.toPrecision(2))} ms`),
  count: (v) => group(v),
  bytes: (v) => `${group(v)} B`,
  mb: (v) => `${Number(v.toPrecision(3))} MB`,
  rate: (v) => (v >= 1e6 ? `${Number((v / 1e6).toPrecision(3))} M` : `${Number((v / 1e3).toPrecision(3))} k`),
  ratio: (v) => `${Number(v.toPrecision(3))}`,
};

function cell(report, name, format, suffix = '') {
  const v = report.get(name);
  return v === undefined ? 'n/a' : `${format(v)}${suffix}`;
}

/** Rows `[what, figure, command]` for the figures that were measured or tried. */
export function tableRows(report, { sizes, scenarioNames, memoryRuns = [] }) {
  const rows = [];
  const tried = (prefix) =>
    [...report.values.keys(), ...report.missing.keys()].some((n) => n.startsWith(prefix));
  for (const size of sizes) {
    const p = `page_${size.key}_`;
    if (!tried(p)) continue;
    const c = (n, f, s) => cell(report, p + n, f, s);
    rows.push([
      `page at ${size.key === 'link' ? `\`${size.label}\`` : `about ${size.label} segments`} (${c('segments', fmt.count)} in the run, ${c('arrows_drawn', fmt.count)} arrows drawn)`,
      `first diagram ${c('first_diagram', fmt.s)}, whole run ${c('whole_run', fmt.s)} (longest task after the first diagram ${c('longest_task', fmt.ms)}); step ${c('step', fmt.ms)} (max ${c('step_max', fmt.ms)}); ` +
        `p95 frame ${c('frame_p95_play', fmt.ms)} playing, ${c('frame_p95_scroll', fmt.ms)} scrolling, ` +
        `${c('frame_p95_zoom', fmt.ms)} zooming (${c('frame_p95_zoom_time', fmt.ms)} in time, ` +
        `${c('frame_p95_zoom_clicks', fmt.ms)} by single clicks); ${c('dom_nodes', fmt.count)} DOM nodes; ` +
        `JS heap ${c('js_heap', fmt.mb)}, wasm memory ${c('wasm_memory', fmt.mb)}`,
      './scripts/bench --page',
    ]);
  }
  if (tried('page_capture_')) {
    const c = (n, f) => cell(report, `page_capture_${n}`, f);
    rows.push([
      `page drawing the import section's generated capture, every connection chosen (${c('segments', fmt.count)} segments)`,
      `picker after ${c('index', fmt.s)}, drawn ${c('drawn', fmt.s)} after *Draw them*; step ${c('step', fmt.ms)}; ` +
        `${c('dom_nodes', fmt.count)} DOM nodes; wasm memory ${c('wasm_memory', fmt.mb)}; pcap export ${c('pcap_export', fmt.s)}`,
      './scripts/bench --page',
    ]);
  }
  if (tried('engine_')) {
    rows.push([
      'engine, native: a full run with its Trace / TCP endpoints alone / smoltcp on the same workload',
      `${cell(report, 'engine_native_trace', fmt.rate)} / ${cell(report, 'engine_native_bare', fmt.rate)} / ` +
        `${cell(report, 'engine_native_smoltcp', fmt.rate)} segments/s ` +
        `(engine_vs_smoltcp ${cell(report, 'engine_vs_smoltcp', fmt.ratio)}, trace_overhead ${cell(report, 'trace_overhead', fmt.ratio)})`,
      './scripts/bench --engine',
    ]);
    rows.push([
      'engine, native: the same run without its recording (no TCB sample, no summary, of each segment its number only) / TCP endpoints alone, in a criterion run of their own',
      `${cell(report, 'engine_native_no_record', fmt.rate)} / ${cell(report, 'engine_native_bare_no_record', fmt.rate)} segments/s ` +
        `(trace_overhead_no_record ${cell(report, 'trace_overhead_no_record', fmt.ratio)})`,
      './scripts/bench --engine',
    ]);
    rows.push([
      'engine in wasm (page build, headless Chromium): with its Trace / alone',
      `${cell(report, 'engine_wasm_trace', fmt.rate)} / ${cell(report, 'engine_wasm_bare', fmt.rate)} segments/s`,
      './scripts/bench --engine',
    ]);
  }
  if (tried('memory_')) {
    for (const { key, link } of memoryRuns) {
      const c = (n) => cell(report, `memory_${key}_${n}`, fmt.count, ' B');
      rows.push([
        `memory per segment in wasm32, \`${link}\` (${cell(report, `memory_${key}_segments`, fmt.count)} segments; a \`Segment\` is ${cell(report, 'memory_segment_size', fmt.count)} B)`,
        `the page's Trace ${c('trace')}, layout ${c('layout')} (peak ${c('layout_peak')}), story ${c('story')} (peak ${c('story_peak')}), ` +
          `time-sequence plot ${c('plot')} (peak ${c('plot_peak')}; drawn whole, peak ${c('plot_whole_peak')}; a tenth ${c('plot_tenth_peak')}); ` +
          `the worker's run at its peak ${c('run_peak')}`,
        './scripts/bench --memory',
      ]);
    }
  }
  if (tried('import_')) {
    rows.push([
      `a generated ${cell(report, 'import_capture_size', fmt.mb)} pcap (${cell(report, 'import_capture_frames', fmt.count)} frames, ` +
        `${cell(report, 'import_capture_connections', fmt.count)} connections): \`import --list\` against \`tshark -z conv,tcp\``,
      `${cell(report, 'import_list_time', fmt.s)} and ${cell(report, 'import_list_rss', fmt.mb)} ` +
        `(tshark ${cell(report, 'tshark_list_time', fmt.s)}, ${cell(report, 'tshark_list_rss', fmt.mb)})`,
      './scripts/bench --import',
    ]);
    rows.push([
      'the same pcap, full import (every frame into a Trace, as text) against `tshark -T fields` with the same fields',
      `${cell(report, 'import_full_time', fmt.s)} and ${cell(report, 'import_full_rss', fmt.mb)} ` +
        `(tshark ${cell(report, 'tshark_full_time', fmt.s)}, ${cell(report, 'tshark_full_rss', fmt.mb)}; ` +
        `import_vs_tshark ${cell(report, 'import_vs_tshark', fmt.ratio)})`,
      './scripts/bench --import',
    ]);
  }
  if (tried('load_')) {
    const worst = scenarioNames.reduce(
      (best, id) => {
        const v = report.get(`load_s_${id}_gz`);
        return v !== undefined && v > best.v ? { id, v } : best;
      },
      { id: null, v: -1 },
    );
    rows.push([
      'bytes fetched before the first diagram, gzipped: default page / largest scenario default link / a link with parameters, in English and in Chinese',
      `${cell(report, 'load_default_gz', fmt.bytes)} / ${cell(report, 'load_scenarios_max_gz', fmt.bytes)}` +
        `${worst.id ? ` (\`#s=${worst.id}\`)` : ''} / ${cell(report, 'load_params_gz', fmt.bytes)}, ${cell(report, 'load_params_zh_gz', fmt.bytes)}`,
      './scripts/bench --load',
    ]);
    rows.push([
      'bytes fetched before the first diagram in an embed\'s frame, gzipped: a default run / a link with parameters',
      `${cell(report, 'load_embed_gz', fmt.bytes)} / ${cell(report, 'load_embed_params_gz', fmt.bytes)}`,
      './scripts/bench --load',
    ]);
    rows.push([
      'bytes fetched before the player works (Play, step, parameters), gzipped: `#s=browse` / a link with parameters (the figure worker first)',
      `${cell(report, 'load_player_gz', fmt.bytes)} / ${cell(report, 'load_params_player_gz', fmt.bytes)}`,
      './scripts/bench --load',
    ]);
  }
  if (tried('slow_')) {
    rows.push([
      'first load over a phone\'s connection (1.6 Mbit/s, 150 ms, files gzipped), median of 3: a link with parameters, first figure / player; `#s=browse`, first figure / player',
      `${cell(report, 'slow_params_first_figure', fmt.ms)} / ${cell(report, 'slow_params_player', fmt.ms)}; ` +
        `${cell(report, 'slow_default_first_figure', fmt.ms)} / ${cell(report, 'slow_default_player', fmt.ms)}`,
      './scripts/bench --load',
    ]);
  }
  if (tried('deferred_')) {
    rows.push([
      'delay the first time a deferred feature is used, timed in the page (from the driver, with playwright\'s round trips): open a capture / export SVG / predict mode / Chinese / parameter editor',
      ['capture', 'export', 'predict', 'chinese', 'editor']
        .map((n) => `${cell(report, `deferred_${n}`, fmt.ms)} (${cell(report, `deferred_${n}_driver`, fmt.ms)})`)
        .join(' / '),
      './scripts/bench --load',
    ]);
  }
  if (tried('first_diagram_')) {
    rows.push([
      'time to first diagram of `#s=browse`, median of fresh loads: wiretrace / Mermaid drawing our Mermaid export',
      `${cell(report, 'first_diagram_wiretrace', fmt.ms)} / ${cell(report, 'first_diagram_mermaid', fmt.ms)} ` +
        `(first_diagram_vs_mermaid ${cell(report, 'first_diagram_vs_mermaid', fmt.ratio)})`,
      './scripts/bench --mermaid',
    ]);
  }
  return rows;
}

/** The rows as a Markdown table (what README's Figures table holds). */
export function markdown(rows) {
  const esc = (s) => s.replaceAll('|', '\\|');
  const lines = ['| what | figure | command |', '| --- | --- | --- |'];
  for (const [what, figure, command] of rows) {
    lines.push(`| ${esc(what)} | ${esc(figure)} | \`${command}\` |`);
  }
  return lines.join('\n');
}
