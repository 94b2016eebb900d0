// Figures measured in the page: a release dist/ served under a subfolder (e2e's server),
// Debian's Chromium headless driven by e2e's playwright-core, as a new user would see it.

import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../e2e/server.mjs';
import { log } from './report.mjs';

const requireFromE2e = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = requireFromE2e('playwright-core');

export const SUBFOLDER = '/course/net101/wiretrace/';
const MERMAID_FOLDER = '/course/net101/mermaid/';
const DESKTOP = { width: 1440, height: 900 };

/** What the page draws: an arrow of the figure, and the log's current row. */
// For a scenario's default run the first is in the figure the build pre-rendered, which
// the boot script draws before the wasm loads (scripts/lib/figures.mjs).
const WIRETRACE_ARROW =
  'svg[data-testid="sequence-diagram"] [data-segment-id], svg[data-testid="prerendered-diagram"] [data-segment-id], svg[data-testid="worker-diagram"] [data-segment-id]';
const MERMAID_ARROW = 'pre.mermaid svg .messageLine0, pre.mermaid svg .messageLine1';
const CURRENT_ROW = 'table[data-testid="segment-log"] tr[aria-current="step"]';

/** The page runs at about these sizes (`key` names the figures: page_10k_...). */
export const SIZES = [
  { key: '1k', label: '1k', hash: '#s=big-response&body_bytes=1000000' },
  { key: '10k', label: '10k', hash: '#s=big-response&body_bytes=10000000' },
  { key: '100k', label: '100k', hash: '#s=big-response&body_bytes=10000000&mss=146' },
  // The longest run a scenario makes uncut.
  { key: '312k', label: '312k', hash: '#s=browse&body_bytes=10000000&mss=64' },
  // A run cut at the page's cap (`RUN_SEGMENTS`, the engine's 1,000,000): the page's
  // memory at its largest (issue 10: within 400 MB).
  { key: '1M', label: '1M', hash: '#s=http11-pipelining&requests=4&body_bytes=10000000&mss=64' },
];

/**
 * The things a user does while we time frames. Each runs for a few seconds; `tick(i)`
 * runs in the page on every animation frame, `start` and `stop` from here. To time another
 * action (time zoom, say), add an entry: it gets a `frame_p95_<name>` figure.
 */
export const ACTIONS = [
  {
    name: 'play',
    what: 'playing',
    async start(page) {
      await page.getByRole('button', { name: 'Play', exact: true }).click();
    },
    async stop(page) {
      const pause = page.getByRole('button', { name: 'Pause', exact: true });
      if (await pause.count()) await pause.click();
    },
  },
  {
    name: 'scroll',
    what: 'scrolling the figure',
    // Down 30 px a frame, and back up from the bottom.
    tick: `
      const el = document.querySelector('[role="region"][aria-label="Figure"]')
        ?? document.querySelector('.diagram-scroll');
      window.__scrollDir ??= 1;
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) window.__scrollDir = -1;
      if (el.scrollTop <= 0) window.__scrollDir = 1;
      el.scrollTop += 30 * window.__scrollDir;
    `,
  },
  {
    name: 'zoom',
    what: 'zooming (the zoom buttons)',
    // Four clicks in, four out, one a frame: the figure shown scaled until the clicks stop.
    tick: `
      const name = Math.floor(i / 4) % 2 ? 'Zoom out' : 'Zoom in';
      document.querySelector('button[aria-label="' + name + '"]').click();
    `,
  },
  {
    name: 'zoom_time',
    what: 'zooming in time (the time zoom buttons)',
    // Four clicks out, four in, one a frame.
    tick: `
      const id = Math.floor(i / 4) % 2 ? 'time-zoom-in' : 'time-zoom-out';
      document.querySelector('[data-testid="' + id + '"]').click();
    `,
  },
  {
    name: 'zoom_clicks',
    what: 'zooming by single clicks (one every ten frames, each drawn at its zoom)',
    tick: `
      if (i % 10) return;
      const k = i / 10;
      const name = Math.floor(k / 4) % 2 ? 'Zoom out' : 'Zoom in';
      document.querySelector('button[aria-label="' + name + '"]').click();
    `,
  },
];

/**
 * Installed in every page before its own scripts: notes when the first arrow appears
 * (`__firstArrow`: ms after navigation start, two animation frames after it is in the
 * DOM, so it has been painted; `__firstArrowWall`: the same as a wall-clock time), and
 * keeps the wasm module's memory when trunk starts the app.
 */
function probe(selector) {
  const look = () => {
    if (window.__firstArrowSeen || !document.querySelector(selector)) return;
    window.__firstArrowSeen = performance.now();
    observer.disconnect();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        window.__firstArrow = performance.now();
        window.__firstArrowWall = performance.timeOrigin + window.__firstArrow;
      }),
    );
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { childList: true, subtree: true });
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__wasmMemory = e.detail?.wasm?.memory;
  });
  // Tasks of 50 ms or more (the page answers no input meanwhile): [start, duration] in ms.
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const t of list.getEntries()) window.__longTasks.push([t.startTime, t.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longTasks = null;
  }
}

export class Browser {
  static async start(ctx) {
    const self = new Browser();
    self.ctx = ctx;
    self.browser = await chromium.launch({
      executablePath: ctx.chromium,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-dev-shm-usage', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    self.servers = [];
    return self;
  }

  async serve(root, prefix, { gzip = false } = {}) {
    const s = await startServer({ root, prefix, gzip });
    this.servers.push(s);
    return s;
  }

  async close() {
    await this.browser?.close();
    for (const s of this.servers) await s.close();
  }

  /** A fresh context (empty cache) and page with the probe; `page.problems` gathers errors. */
  async open(url, selector, { timeout = 120_000 } = {}) {
    const context = await this.browser.newContext({ locale: 'en-US', viewport: DESKTOP });
    await context.addInitScript(probe, selector);
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    const responses = [];
    page.on('response', (r) => responses.push(r));
    page.problems = [];
    page.on('pageerror', (e) => page.problems.push(e.message));
    await page.goto(url, { waitUntil: 'commit' });
    return { context, page, responses };
  }
}

/** Waits for the probe's first arrow; its time in ms after navigation start. */
async function firstArrow(page, timeout) {
  await page.waitForFunction(() => window.__firstArrow !== undefined, null, { timeout, polling: 100 });
  return page.evaluate(() => window.__firstArrow);
}

/** Rejects after `ms` with `what`. */
function within(ms, what, promise) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(s.length * 0.95) - 1)];
};

/**
 * One step as a user makes it: ArrowRight, until the log's current row moves, plus two
 * animation frames (so the step is on screen). Timed in the page, from the key press.
 */
async function step(page, timeoutMs) {
  await page.evaluate((sel) => {
    const before = document.querySelector(sel)?.getAttribute('data-segment-id') ?? null;
    window.__step = new Promise((resolve) => {
      addEventListener(
        'keydown',
        (e) => {
          const t0 = performance.now();
          const moved = () => (document.querySelector(sel)?.getAttribute('data-segment-id') ?? null) !== before;
          const done = () =>
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
          if (moved()) return done();
          const observer = new MutationObserver(() => {
            if (moved()) {
              observer.disconnect();
              done();
            }
          });
          observer.observe(document.body, { subtree: true, attributes: true, childList: true, attributeFilter: ['aria-current'] });
        },
        { capture: true, once: true },
      );
    });
  }, CURRENT_ROW);
  await page.keyboard.press('ArrowRight');
  return within(timeoutMs, 'a step', page.evaluate(() => window.__step));
}

/** Animation-frame intervals (ms) for `ms` while `tick` (source, or none) runs each frame. */
function frames(page, ms, tick, timeoutMs) {
  return within(
    timeoutMs,
    'timing frames',
    page.evaluate(
      ([ms, tick]) =>
        new Promise((resolve) => {
          const run = tick ? new Function('i', tick) : null;
          const gaps = [];
          let start = null;
          let prev = null;
          let i = 0;
          const frame = (t) => {
            if (prev !== null) gaps.push(t - prev);
            else start = t;
            prev = t;
            if (t - start >= ms) return resolve(gaps);
            if (run) run(i++);
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      [ms, tick ?? null],
    ),
  );
}

// ---- page at a size ----------------------------------------------------------------------

export function pageFigureNames(size) {
  return [
    'segments', 'arrows_drawn', 'first_diagram', 'whole_run', 'longest_task', 'dom_nodes', 'js_heap', 'wasm_memory',
    'step', 'step_max',
    ...ACTIONS.map((a) => `frame_p95_${a.name}`),
  ].map((n) => `page_${size.key}_${n}`);
}

export async function pageAt(b, base, size, put) {
  const p = (n) => `page_${size.key}_${n}`;
  const quick = b.ctx.quick;
  log(`page ${size.hash}`);
  const { context, page } = await b.open(base + size.hash, WIRETRACE_ARROW, { timeout: 300_000 });
  try {
    const firstMs = await firstArrow(page, 300_000);
    put(p('first_diagram'), firstMs / 1000, 's');
    // A run past the page's own cap goes on in the worker (a status bar shows it): the
    // time until the whole run is drawn (the first diagram's, for a run the page drew whole).
    const rest = await page
      .waitForSelector('[data-testid="whole-run"]', { timeout: 2000 })
      .then(() => true, () => false);
    if (rest) {
      await page.waitForFunction(() => !document.querySelector('[data-testid="whole-run"]'), null, {
        timeout: 600_000,
        polling: 100,
      });
      put(p('whole_run'), (await page.evaluate(() => performance.now())) / 1000, 's');
    } else {
      put(p('whole_run'), firstMs / 1000, 's');
    }
    // The longest the page answered no input once it showed the run (a run drawn in parts
    // is laid out again when the whole of it comes).
    const longest = await page.evaluate(() =>
      window.__longTasks === null
        ? null
        : Math.max(0, ...window.__longTasks.filter(([at]) => at >= window.__firstArrowSeen).map(([, ms]) => ms)),
    );
    if (longest === null) b.report.na(p('longest_task'), 'this browser reports no long tasks');
    else put(p('longest_task'), longest, 'ms');
    // The run's total as the page says it (data-segment-count, else the log's rows), and
    // the arrows it drew.
    const counts = await page.evaluate(() => {
      const svg = document.querySelector('svg[data-testid="sequence-diagram"]');
      const total = svg?.getAttribute('data-segment-count');
      return {
        total: total !== null && total !== undefined ? Number(total)
          : document.querySelectorAll('table[data-testid="segment-log"] tr[data-segment-id]').length,
        drawn: svg ? svg.querySelectorAll('[data-segment-id]').length : 0,
      };
    });
    put(p('segments'), counts.total, 'segments');
    put(p('arrows_drawn'), counts.drawn, 'arrows');
    put(p('dom_nodes'), await page.evaluate(() => document.getElementsByTagName('*').length), 'nodes');
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize');
    if (heap) put(p('js_heap'), heap.value / 1e6, 'MB');
    const wasm = await page.evaluate(() => window.__wasmMemory?.buffer?.byteLength ?? null);
    if (wasm !== null) put(p('wasm_memory'), wasm / 1e6, 'MB');

    await page.evaluate(() => document.activeElement?.blur());
    const steps = [];
    for (let k = 0; k < (quick ? 3 : 5); k++) steps.push(await step(page, 180_000));
    put(p('step'), median(steps), 'ms');
    put(p('step_max'), Math.max(...steps), 'ms');

    for (const action of ACTIONS) {
      try {
        await action.start?.(page);
        const gaps = await frames(page, 3000, action.tick, 300_000);
        await action.stop?.(page);
        put(p(`frame_p95_${action.name}`), p95(gaps), 'ms');
      } catch (err) {
        log(`${action.name}: ${err.message}`);
      }
    }
    if (page.problems.length) log(`the page reported: ${page.problems.join('; ')}`);
  } finally {
    await context.close();
  }
}

/** The figures of the page drawing the import section's 100 MB capture, every connection. */
export const PAGE_CAPTURE_FIGURES = [
  'page_capture_index', 'page_capture_drawn', 'page_capture_segments', 'page_capture_dom_nodes',
  'page_capture_step', 'page_capture_pcap_export',
];

/**
 * The page opens `path` (a capture of hundreds of connections), chooses them all and draws
 * them: the time until the picker shows (the worker's first pass), until the whole capture is
 * drawn, a step, and the pcap export (written by the worker, which reads the file again).
 */
export async function pageCapture(b, base, path, put) {
  const { context, page } = await b.open(`${base}#s=handshake`, WIRETRACE_ARROW);
  try {
    await page.locator('table[data-testid="segment-log"] tr[aria-current="step"], table[data-testid="segment-log"] tr[data-segment-id]').first().waitFor();
    let t0 = performance.now();
    await page.locator('.import input[type="file"]').setInputFiles(path);
    const all = page.getByRole('button', { name: /^Choose all/ });
    await all.waitFor({ timeout: 300_000 });
    put('page_capture_index', (performance.now() - t0) / 1000, 's');
    await all.click();
    t0 = performance.now();
    await page.getByRole('button', { name: 'Draw them', exact: true }).click();
    const name = path.split('/').pop();
    await page.waitForFunction((name) => document.body.innerText.includes(`Imported from ${name}`), name, {
      timeout: 600_000,
      polling: 50,
    });
    put('page_capture_drawn', (performance.now() - t0) / 1000, 's');
    put('page_capture_segments', Number(await page.getAttribute('svg[data-testid="sequence-diagram"]', 'data-segment-count')), 'segments');
    put('page_capture_dom_nodes', await page.evaluate(() => document.getElementsByTagName('*').length), 'nodes');
    const wasm = await page.evaluate(() => window.__wasmMemory?.buffer?.byteLength ?? null);
    if (wasm !== null) put('page_capture_wasm_memory', wasm / 1e6, 'MB');
    await page.evaluate(() => document.activeElement?.blur());
    const steps = [];
    for (let k = 0; k < (b.ctx.quick ? 3 : 5); k++) steps.push(await step(page, 180_000));
    put('page_capture_step', median(steps), 'ms');
    t0 = performance.now();
    const download = page.waitForEvent('download', { timeout: 600_000 });
    await page.getByRole('group', { name: 'Download', exact: true }).getByRole('button', { name: 'pcap', exact: true }).click();
    await (await download).path();
    put('page_capture_pcap_export', (performance.now() - t0) / 1000, 's');
    if (page.problems.length) log(`the page reported: ${page.problems.join('; ')}`);
  } finally {
    await context.close();
  }
}

// ---- first load --------------------------------------------------------------------------

/**
 * Bytes the browser fetched (its own request log) for requests that started before
 * `cutoff` (wall-clock ms), each body gzipped (-9) as a server would send it.
 */
async function fetched(responses, cutoff) {
  let gz = 0;
  let raw = 0;
  let count = 0;
  for (const r of responses) {
    const url = r.url();
    if (url.startsWith('data:') || r.request().timing().startTime > cutoff) continue;
    await r.finished();
    let body;
    try {
      body = await r.body();
    } catch {
      // playwright keeps no body for what a worker fetched (the figure worker's script and
      // wasm): fetched again from the bench's own server.
      body = Buffer.from(await (await fetch(url)).arrayBuffer());
    }
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
    count += 1;
  }
  return { gz, raw, count };
}

/**
 * Opens `hash` fresh; bytes fetched before the first diagram, and with `player`, before the
 * player also works (a step moves the current row, the parameters are there).
 */
async function firstLoad(b, base, hash, { player = false } = {}) {
  const { context, page, responses } = await b.open(base + hash, WIRETRACE_ARROW);
  try {
    await firstArrow(page, 120_000);
    let cutoff = await page.evaluate(() => window.__firstArrowWall);
    if (player) {
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      // The parameter editor opens and shows its fields.
      await page.locator('details.params > summary').click();
      await page.locator('details.params input').first().waitFor();
      await page.evaluate(() => document.activeElement?.blur());
      await step(page, 60_000);
      cutoff = await page.evaluate(() => performance.timeOrigin + performance.now());
    }
    return await fetched(responses, cutoff);
  } finally {
    await context.close();
  }
}

export function loadFigureNames() {
  return ['load_default_gz', 'load_default_raw', 'load_default_requests', 'load_scenarios_max_gz',
    'load_params_gz', 'load_params_zh_gz', 'load_embed_gz', 'load_embed_params_gz', 'load_player_gz', 'load_params_player_gz', ...DEFERRED.flatMap((d) => [`deferred_${d.name}`, `deferred_${d.name}_driver`])];
}

/**
 * Features that load or start on first use, each timed in a fresh page of `#s=browse` once
 * the player works: from the user's action until what it asked for is there. Timed in the
 * page (`deferred_<name>`): from the first input event of the action (its click, or the
 * file input's change) until the page shows the result (checked every animation frame) or
 * starts the download. `deferred_<name>_driver` is the same from the driver's side, which
 * adds playwright's own round trips (locating, checking and clicking, then polling).
 */
const DEFERRED = [
  {
    name: 'capture',
    what: 'opening a capture (the file worker starts, reads it, the page draws it)',
    async act(page, root) {
      // One connection: drawn at once, without the picker's question.
      await page.locator('.import input[type="file"]').setInputFiles(join(root, 'tests', 'captures', 'single-get.pcap'));
      await shows(page, () => window.__note(document.body.innerText.includes('Imported from single-get.pcap')));
    },
  },
  {
    name: 'export',
    what: 'exporting the figure as SVG (until the download starts)',
    async act(page) {
      const download = page.waitForEvent('download');
      await page.getByRole('group', { name: 'Download', exact: true }).getByRole('button', { name: 'SVG', exact: true }).click();
      await download;
    },
  },
  {
    name: 'predict',
    what: 'predict mode (a new round is drawn)',
    async act(page) {
      const row = 'table[data-testid="segment-log"] tr[data-segment-id="0"]';
      const before = await page.locator(row).getAttribute('data-seq');
      await page.getByRole('checkbox', { name: 'Predict' }).check();
      await shows(page, ([sel, old]) => {
        const s = document.querySelector(sel)?.getAttribute('data-seq');
        return window.__note(Boolean(s && s !== old));
      }, [row, before]);
    },
  },
  {
    name: 'chinese',
    what: 'switching to Chinese (the texts file is fetched; until the explanation is Chinese)',
    async act(page) {
      await page.getByRole('button', { name: '中文', exact: true }).click();
      await shows(page, () => window.__note(
        [...document.querySelectorAll('button')].some((b) => b.textContent.trim() === '播放') &&
        /[\u4e00-\u9fff]/.test(document.querySelector('aside')?.innerText ?? '')));
    },
  },
  {
    name: 'editor',
    what: 'the parameter editor (until its first field shows)',
    async act(page) {
      await page.locator('details.params > summary').click();
      await shows(page, () => window.__note(document.querySelector('details.params input') !== null));
    },
  },
];

/** Waits until `test` holds in the page, checked every animation frame (`test` notes when,
 * by `window.__note`). */
async function shows(page, test, arg) {
  await page.waitForFunction(test, arg, { polling: 'raf' });
}

/** Notes in the page when the user's action starts (its first input event), and when its
 * result is on screen: two animation frames after it shows (`__note(true)`: the frame that
 * lays it out and paints it has run, as for a step), or when a download starts (a download
 * link clicked). */
function watchAction() {
  window.__actedAt = null;
  window.__shownAt = null;
  let seen = false;
  const shown = () => {
    window.__shownAt ??= performance.now();
  };
  window.__note = (ok, painted = true) => {
    if (ok && !seen) {
      seen = true;
      if (painted) requestAnimationFrame(() => requestAnimationFrame(shown));
      else shown();
    }
    return ok;
  };
  for (const type of ['pointerdown', 'mousedown', 'click', 'input', 'change', 'keydown']) {
    addEventListener(type, () => { window.__actedAt ??= performance.now(); }, { capture: true });
  }
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download')) window.__note(true, false);
    return click.call(this);
  };
}

/** The delay of each deferred feature the first time it is used, in ms. */
async function deferred(b, base, put) {
  for (const d of DEFERRED) {
    const { context, page } = await b.open(`${base}#s=browse`, WIRETRACE_ARROW);
    try {
      await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
      await page.evaluate(watchAction);
      const t0 = performance.now();
      await d.act(page, b.ctx.root);
      await page.waitForFunction(() => window.__shownAt !== null, null, { timeout: 10_000 }).catch(() => {});
      const driver = performance.now() - t0;
      const inPage = await page.evaluate(() =>
        window.__actedAt !== null && window.__shownAt !== null ? window.__shownAt - window.__actedAt : null,
      );
      log(`${d.what}: ${inPage === null ? 'n/a' : Math.round(inPage)} ms in the page, ${Math.round(driver)} ms from the driver`);
      if (inPage === null) {
        b.report.na(`deferred_${d.name}`, 'the page did not note the action or its result');
      } else {
        put(`deferred_${d.name}`, inPage, 'ms');
        put(`deferred_${d.name}_driver`, driver, 'ms');
      }
    } catch (err) {
      b.report.na(`deferred_${d.name}`, err.message.split('\n')[0]);
    } finally {
      await context.close();
    }
  }
}

/** A phone's connection, as Chromium's network emulation has it ("Fast 3G"). */
export const SLOW = { kbps: 1600, rttMs: 150 };

/** The times of a link over SLOW, files gzipped: the first figure and the player. */
export const SLOW_FIGURES = [
  'slow_params_first_figure', 'slow_params_player', 'slow_default_first_figure', 'slow_default_player',
];

/**
 * Opens `hash` fresh over SLOW from `gzBase` (a server sending files gzipped): the time from
 * navigation until the first arrow of any figure is in the page, and until the player has
 * drawn its own diagram and shows Play, in ms.
 */
async function slowLoad(b, gzBase, hash) {
  const { context, page } = await b.open('about:blank', WIRETRACE_ARROW);
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: SLOW.rttMs,
      downloadThroughput: (SLOW.kbps * 1000) / 8,
      uploadThroughput: (750 * 1000) / 8,
    });
    await page.goto(gzBase + hash, { waitUntil: 'commit' });
    const figure = await firstArrow(page, 120_000);
    await page.locator('svg[data-testid="sequence-diagram"] [data-segment-id]').first().waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 120_000 });
    const player = await page.evaluate(() => performance.now());
    return { figure, player };
  } finally {
    await context.close();
  }
}

/**
 * A link with parameters and the default link over SLOW: the median of three fresh loads
 * each of the first figure and of the player. The figure worker shows the first sooner and
 * the second later for a link with parameters (README, The first load).
 */
export async function slowLoads(b, gzBase, params, put) {
  for (const [key, hash] of [['params', params], ['default', '#s=browse']]) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await slowLoad(b, gzBase, hash));
    put(`slow_${key}_first_figure`, median(runs.map((r) => r.figure)), 'ms');
    put(`slow_${key}_player`, median(runs.map((r) => r.player)), 'ms');
  }
}

/** The link with parameters the load figures open, and the same in Chinese. */
export const PARAMS_LINK = '#s=browse&client.isn=3626544836&server.isn=1739326486&latency_ms=30';
export const PARAMS_ZH_LINK = `${PARAMS_LINK}&lang=zh`;
/** An embed's links, as a course page's frame opens them (www/embed-example.html's iframe). */
export const EMBED_LINK = '#s=handshake&embed=1&panels=diagram,states&autoheight=1';
export const EMBED_PARAMS_LINK = '#s=browse&embed=1&latency_ms=30&autoheight=1';

export async function loads(b, base, scenarios, put) {
  const d = await firstLoad(b, base, '');
  put('load_default_gz', d.gz, 'B');
  put('load_default_raw', d.raw, 'B');
  put('load_default_requests', d.count, 'requests');
  let max = 0;
  for (const id of scenarios) {
    try {
      const s = await firstLoad(b, base, `#s=${id}`);
      put(`load_s_${id}_gz`, s.gz, 'B');
      max = Math.max(max, s.gz);
    } catch (err) {
      b.report.na(`load_s_${id}_gz`, err.message);
    }
  }
  if (max > 0) put('load_scenarios_max_gz', max, 'B');
  const params = PARAMS_LINK;
  put('load_params_gz', (await firstLoad(b, base, params)).gz, 'B');
  put('load_params_zh_gz', (await firstLoad(b, base, PARAMS_ZH_LINK)).gz, 'B');
  put('load_embed_gz', (await firstLoad(b, base, EMBED_LINK)).gz, 'B');
  put('load_embed_params_gz', (await firstLoad(b, base, EMBED_PARAMS_LINK)).gz, 'B');
  put('load_player_gz', (await firstLoad(b, base, '#s=browse', { player: true })).gz, 'B');
  // A link with parameters fetches the figure worker before the player: more in all.
  put('load_params_player_gz', (await firstLoad(b, base, params, { player: true })).gz, 'B');
  await deferred(b, base, put);
}

// ---- against Mermaid ---------------------------------------------------------------------

/** A page that draws `source` with mermaid.min.js, in `dir`. */
export function mermaidSite(dir, mermaidJs, source) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(mermaidJs, join(dir, 'mermaid.min.js'));
  const escaped = source.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>wiretrace run browse --format mermaid, drawn by Mermaid</title>
<script src="mermaid.min.js"></script>
</head>
<body>
<pre class="mermaid">
${escaped}</pre>
<script>mermaid.initialize({ startOnLoad: true });</script>
</body>
</html>
`,
  );
}

export async function againstMermaid(b, base, mermaidBase, put) {
  const n = b.ctx.quick ? 3 : 7;
  const ours = [];
  const theirs = [];
  // Alternate, so that a slow moment of the machine hits both.
  for (let k = 0; k < n; k++) {
    for (const [list, url, sel] of [
      [ours, `${base}#s=browse`, WIRETRACE_ARROW],
      [theirs, mermaidBase, MERMAID_ARROW],
    ]) {
      const { context, page } = await b.open(url, sel);
      try {
        list.push(await firstArrow(page, 120_000));
      } finally {
        await context.close();
      }
    }
  }
  log(`wiretrace ${ours.map(Math.round).join(' ')} ms; mermaid ${theirs.map(Math.round).join(' ')} ms`);
  put('first_diagram_wiretrace', median(ours), 'ms');
  put('first_diagram_mermaid', median(theirs), 'ms');
  put('first_diagram_vs_mermaid', median(theirs) / median(ours), 'x');
}

export { MERMAID_FOLDER };
