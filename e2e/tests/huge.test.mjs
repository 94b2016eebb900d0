// A run of over 100,000 segments (issue 10). The page runs the first 20,000 at once and
// draws them; the file worker runs the whole and the page reads it in parts, with a
// progress bar and a Stop button; the whole run then replaces the cut one. The figure and
// the log stay within the DOM bound, stepping moves aria-current, the last row is the
// CLI's last segment. A capture past 20,000 segments is drawn whole too (a million packets
// within 400 MB of wasm memory), and its exports are the CLI's import. Timings are printed,
// not asserted (./scripts/bench measures them).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CLI,
  DIAGRAM,
  LOG,
  assertSameExport,
  cliRun,
  download,
  TIMEOUT,
  assertNoProblems,
  cliImport,
  cliImportRun,
  cliTrace,
  expectedRow,
  hashFor,
  normalRow,
  openPage,
  ROWS,
  setUp,
  waitForCurrent,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

/** The cap of a run the page runs at once (crates/web/src/whole_run.rs). */
const PAGE_SEGMENTS = 20_000;
/** The cap of a run in the worker (crates/web/src/whole_run.rs `RUN_SEGMENTS`). */
const RUN_SEGMENTS = 1_000_000;
/** The cap of a capture drawn in the page (`WORKER_SEGMENTS`). */
const CAPTURE_SEGMENTS = 1_000_000;
/** The most wasm memory the page may hold with a million segments drawn (issue 10). */
const MEMORY_BOUND = 400e6;
/** The page's elements at most, whatever the run's size (issue 10). */
const DOM_BOUND = 5_000;
const HUGE_TIMEOUT = 12 * TIMEOUT;

const HUGE = { body_bytes: '10000000', mss: '146' };

/** The log's row of segment `id` (drawn: the current one is), as `normalRow` reads it. */
function drawnRow(page, id) {
  return page.$eval(`${ROWS}[data-segment-id="${id}"]`, (r) => ({
    id: r.getAttribute('data-segment-id'),
    flags: r.getAttribute('data-flags'),
    seq: r.getAttribute('data-seq'),
    ack: r.getAttribute('data-ack'),
    len: r.getAttribute('data-len'),
  }));
}

/** Waits until the page has drawn the file `name` (a capture, a Trace JSON) whole, its `n`
 * segments. */
function waitForImported(page, name, n) {
  return waitUntil(
    page,
    `the page draws ${name} whole (${n} segments)`,
    ([sel, name, n]) =>
      document.body.innerText.includes(`Imported from ${name}`) &&
      document.querySelector(sel)?.getAttribute('data-segment-count') === n,
    [DIAGRAM, name, String(n)],
    HUGE_TIMEOUT,
  );
}

/** The SHA-256 of a file and its length, read as a stream (a file may be GBs). */
async function fileHash(path) {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Every element of the page. */
function domNodes(page) {
  return page.evaluate(() => document.getElementsByTagName('*').length);
}

/**
 * Records, every animation frame, the text of `selector` and the figure's segment count
 * (`[text, count]`, in order, a pair again only when it changed): what a user saw while
 * the page worked.
 */
function recordFrames(page, selector) {
  return page.evaluate(([sel, diagram]) => {
    const seen = [];
    window.__seen = seen;
    const tick = () => {
      const text = document.querySelector(sel)?.textContent;
      const pair = JSON.stringify([text, document.querySelector(diagram)?.getAttribute('data-segment-count')]);
      if (text && seen.at(-1) !== pair) seen.push(pair);
      window.__seenRaf = requestAnimationFrame(tick);
    };
    tick();
  }, [selector, DIAGRAM]);
}

/** Stops `recordFrames`: what it saw, `[text, count]` pairs in order. */
function framesSeen(page) {
  return page.evaluate(() => {
    cancelAnimationFrame(window.__seenRaf);
    return window.__seen.map((j) => JSON.parse(j));
  });
}

/**
 * Records each text `selector` comes to hold, as the page changes it. Unlike
 * `recordFrames`, which samples what each frame paints, it keeps every state of the DOM:
 * reports a worker sends a few milliseconds apart may share a frame.
 */
function recordTexts(page, selector) {
  return page.evaluate((sel) => {
    const texts = [];
    window.__texts = texts;
    window.__textsObserver = new MutationObserver(() => {
      const text = document.querySelector(sel)?.innerText.trim();
      if (text && texts.at(-1) !== text) texts.push(text);
    });
    window.__textsObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  }, selector);
}

/** Stops `recordTexts`: the texts it saw, in order. */
function textsSeen(page) {
  return page.evaluate(() => {
    window.__textsObserver.disconnect();
    return window.__texts;
  });
}

/** The percentages a "laying out the figure" bar showed, in the order seen. */
function layingPercents(seen) {
  return seen
    .map(([text]) => /laying out the figure of its [\d,]+ segments \((\d+)%\)/.exec(text))
    .filter(Boolean)
    .map((m) => Number(m[1]));
}

/** The figure's `data-segment-count`, as a number. */
/** Waits until the diagram holds the whole run of `n` segments (the worker's). */
async function waitForWholeRun(page, n) {
  await waitUntil(
    page,
    `the diagram holds the whole run (${n} segments)`,
    ([sel, n]) => document.querySelector(sel)?.getAttribute('data-segment-count') === n,
    [DIAGRAM, String(n)],
    HUGE_TIMEOUT,
  );
}

/**
 * Runs in the page before its scripts: counts the parts of a Trace the file worker sends
 * (`trace_head`, `trace_segments`, `trace_timers`, `trace_tcb`) and the parts the page says
 * it has read (`parts_read`), and keeps the most that were sent and not yet read.
 */
function countParts() {
  const parts = (window.__parts = { sent: 0, read: 0, most: 0 });
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (msg, ...rest) {
    if (msg && msg.parts_read) parts.read += msg.parts_read.parts;
    return post.call(this, msg, ...rest);
  };
  const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  const kinds = ['trace_head', 'trace_segments', 'trace_timers', 'trace_tcb'];
  Object.defineProperty(Worker.prototype, 'onmessage', {
    get() {
      return onmessage.get.call(this);
    },
    set(fn) {
      const counted = function (e) {
        if (e.data && typeof e.data === 'object' && kinds.some((k) => k in e.data)) {
          parts.sent += 1;
          parts.most = Math.max(parts.most, parts.sent - parts.read);
        }
        return fn.call(this, e);
      };
      onmessage.set.call(this, fn ? counted : fn);
    },
  });
}

async function segmentCount(page) {
  return Number(await page.getAttribute(DIAGRAM, 'data-segment-count'));
}

describe('a run of over 100,000 segments', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('draws its first 20,000 segments at once, then the whole run from the worker, within the DOM bound', async () => {
    const cli = cliTrace('big-response', HUGE);
    const n = cli.segments.length;
    assert.ok(n >= 100_000 && n < RUN_SEGMENTS, `the CLI's run has ${n} segments`);

    const t0 = Date.now();
    const { page, context, problems } = await openPage(env, hashFor('big-response', HUGE), { init: countParts });
    await waitUntil(
      page,
      'the first arrow is drawn',
      (sel) => document.querySelector(`${sel} [data-segment-id="0"]`) !== null,
      DIAGRAM,
      HUGE_TIMEOUT,
    );
    const first = Date.now() - t0;
    await recordFrames(page, '[data-testid="whole-run"]');
    // The whole run comes from the worker: the diagram's count becomes the CLI's.
    await waitForWholeRun(page, n);
    const whole = Date.now() - t0;
    await waitUntil(page, 'the progress bar is gone', () => !document.querySelector('[data-testid="whole-run"]'));
    // The plot of the whole connection is worked out after the whole run is drawn (in a
    // task of its own): it comes, and reaches the run's last segment.
    await page.getByTestId('plot-whole').click();
    const lastSent = cli.segments.at(-1).sent_us;
    await waitUntil(
      page,
      `the plot of the whole connection reaches the last segment (${lastSent} µs)`,
      (t) => Number(document.querySelector('[data-testid="plot"] svg[data-plot]')?.getAttribute('data-t1') ?? 0) >= t,
      lastSent,
    );
    // The worker that ran it grew past what a spare may hold (its wasm memory never
    // shrinks): it ended with its job rather than wait 10 s for another.
    const laid = Date.now();
    while (page.workers().length > 0 && Date.now() - laid < 3_000) await page.waitForTimeout(100);
    assert.equal(page.workers().length, 0, 'the worker that ran the whole run ended with its job');
    // The worker sent its parts as the page read them, never more than 4 (PARTS_AHEAD)
    // unread: sent at once, they waited in the page as JS strings.
    const parts = await page.evaluate(() => window.__parts);
    assert.ok(parts.sent > 100, `the run came in ${parts.sent} parts`);
    assert.ok(parts.read >= parts.sent - 4, `the page said it read ${parts.read} of ${parts.sent} parts`);
    assert.ok(parts.most <= 4, `at most ${parts.most} parts waited unread`);
    // The whole run's figure is laid out between frames: the bar counts up meanwhile, and
    // the first 20,000 segments stay on screen until it is ready.
    const seen = await framesSeen(page);
    const percents = layingPercents(seen);
    assert.ok(new Set(percents).size >= 3, `the bar showed the layout's progress in frames: ${percents}`);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), 'the progress never goes back');
    for (const [text, count] of seen.filter(([text]) => /laying out/.test(text))) {
      assert.equal(count, String(PAGE_SEGMENTS), `the cut run is drawn while "${text}"`);
    }
    const nodes = await domNodes(page);
    assert.ok(nodes <= DOM_BOUND, `${nodes} elements in the page (at most ${DOM_BOUND})`);
    assert.equal(
      await page.getAttribute('table[data-testid="segment-log"]', 'aria-rowcount') !== null,
      true,
      'the log says its full size',
    );

    // End, then a step back: aria-current moves, the rows are the CLI's segments.
    const s0 = Date.now();
    await page.keyboard.press('End');
    await waitForCurrent(page, n - 1, 'End');
    const toEnd = Date.now() - s0;
    const s1 = Date.now();
    await page.keyboard.press('ArrowLeft');
    await waitForCurrent(page, n - 2, 'ArrowLeft');
    const step = Date.now() - s1;
    // The rows drawn now (reading the whole log would scroll through 100,000 rows).
    const rows = await page.$$eval(ROWS, (trs) =>
      trs.map((r) => ({
        id: r.getAttribute('data-segment-id'),
        flags: r.getAttribute('data-flags'),
        seq: r.getAttribute('data-seq'),
        ack: r.getAttribute('data-ack'),
        len: r.getAttribute('data-len'),
      })),
    );
    const last = rows.find((r) => r.id === String(n - 1));
    assert.ok(last, 'the last segment has its row in view');
    assert.deepEqual(normalRow(last), expectedRow(cli.segments[n - 1]), 'the last row is the CLI\'s last segment');
    const after = await domNodes(page);
    assert.ok(after <= DOM_BOUND, `${after} elements in the page at the end`);
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);

    // JSON and pcap of the whole run: the CLI's bytes, written by the worker (the page
    // would hold for seconds); the page keeps drawing frames meanwhile (printed).
    for (const [button, format] of [['JSON', 'json'], ['pcap', 'pcap']]) {
      await page.evaluate(() => {
        window.__gaps = [];
        let last = performance.now();
        const tick = () => {
          const now = performance.now();
          window.__gaps.push(now - last);
          last = now;
          window.__raf = requestAnimationFrame(tick);
        };
        window.__raf = requestAnimationFrame(tick);
      });
      const e0 = Date.now();
      const pending = download(page, button);
      if (format === 'json') {
        // The worker takes a few seconds: the page says what it is writing meanwhile.
        await waitUntil(page, 'the page says it is writing the JSON file', () =>
          /Writing the JSON file/.test(document.querySelector('.export-writing')?.textContent ?? ''),
        );
      }
      const got = await pending;
      const took = Date.now() - e0;
      const longest = await page.evaluate(() => {
        cancelAnimationFrame(window.__raf);
        return Math.round(Math.max(...window.__gaps));
      });
      assertSameExport(assert, got.bytes, cliRun('big-response', HUGE, format), format, `${button} of the whole run`);
      console.log(`# huge run: ${button} export ${took} ms, ${got.bytes.length} bytes, longest frame meanwhile ${longest} ms`);
    }

    // Another language: the whole run is laid out again between frames, the figure in
    // English staying meanwhile under a note, then the figure in Chinese.
    await page.evaluate((sel) => {
      const seen = new Set();
      window.__relaid = seen;
      const tick = () => {
        const note = document.querySelector('[data-testid="relayout"]')?.textContent ?? '';
        const zh = /客户端/.test(document.querySelector(sel)?.textContent ?? '');
        seen.add(JSON.stringify([note, zh]));
        window.__relaidRaf = requestAnimationFrame(tick);
      };
      tick();
    }, DIAGRAM);
    const r0 = Date.now();
    await page.getByRole('button', { name: '中文' }).click();
    await waitUntil(
      page,
      'the figure is drawn in Chinese, the note gone',
      (sel) => !document.querySelector('[data-testid="relayout"]') && /客户端/.test(document.querySelector(sel)?.textContent ?? ''),
      DIAGRAM,
      HUGE_TIMEOUT,
    );
    const relaid = Date.now() - r0;
    const frames = await page.evaluate(() => {
      cancelAnimationFrame(window.__relaidRaf);
      return [...window.__relaid].map((j) => JSON.parse(j));
    });
    const noted = frames.filter(([note]) => note);
    assert.ok(noted.length > 0, `a note said the figure was laid out again: ${JSON.stringify(frames)}`);
    assert.match(noted[0][0], /重新排布/);
    assert.ok(noted.every(([, zh]) => !zh), 'the figure in English stays until the new one is ready');
    await page.keyboard.press('ArrowLeft');
    await waitForCurrent(page, n - 3, 'a step in Chinese');

    console.log(
      `# huge run: ${n} segments; first diagram ${first} ms, whole run ${whole} ms, End ${toEnd} ms, one step ${step} ms, Chinese laid out again ${relaid} ms; ${nodes}/${after} elements; JS heap ${(heap / 1e6).toFixed(1)} MB`,
    );
    assertNoProblems(assert, problems, 'big-response 10 MB at a 146-byte MSS');
    await context.close();
  });

  it('Stop while the whole run is laid out keeps the first 20,000 segments', async () => {
    const { page, context, problems } = await openPage(env, hashFor('big-response', HUGE));
    const bar = page.locator('[data-testid="whole-run"]');
    // Stop is pressed in the frame that shows the layout under way (a click from here
    // could come after the layout ended).
    await waitUntil(
      page,
      'the bar says the figure is being laid out, and Stop is pressed',
      () => {
        const bar = document.querySelector('[data-testid="whole-run"]');
        if (!/laying out the figure/.test(bar?.textContent ?? '')) return false;
        bar.querySelector('button').click();
        return true;
      },
      undefined,
      HUGE_TIMEOUT,
    );
    await waitUntil(page, 'the bar says the run was stopped', () =>
      /Stopped/.test(document.querySelector('[data-testid="whole-run"]')?.textContent ?? ''),
    );
    // Long enough for the rest of a layout that went on to land: it must not.
    await page.waitForTimeout(2_000);
    assert.equal(await segmentCount(page), PAGE_SEGMENTS, 'stopped, the first 20,000 segments stay');
    assert.match(await bar.innerText(), /Stopped/);
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 0, 'a step after Stop');
    assertNoProblems(assert, problems, 'big-response 10 MB at a 146-byte MSS, stopped while laid out');
    await context.close();
  });

  it('draws a capture of over 20,000 segments whole; its JSON and pcap are the CLI\'s import, written by the worker', async () => {
    // A download's capture (the CLI's pcap of a 3 MB response at a 146-byte MSS).
    const file = join(mkdtempSync(join(tmpdir(), 'wiretrace-e2e-')), 'big-download.pcap');
    writeFileSync(file, cliRun('big-response', { body_bytes: '3000000', mss: '146' }, 'pcap'));
    const cli = cliImport(file);
    const n = cli.segments.length;
    assert.ok(n > PAGE_SEGMENTS && n < CAPTURE_SEGMENTS, `the CLI imports ${n} segments`);

    const { page, context, problems } = await openPage(env, '#s=handshake');
    await page.locator('[data-segment-id="0"]').first().waitFor();
    const t0 = Date.now();
    await recordFrames(page, '.import-progress');
    await page.locator('.import input[type="file"]').setInputFiles(file);
    await waitForImported(page, 'big-download.pcap', n);
    const drawn = Date.now() - t0;
    const seen = (await framesSeen(page)).map(([text]) => text);
    assert.ok(
      seen.some((t) => new RegExp(`Drawing big-download\\.pcap: laying out the figure of its ${n.toLocaleString('en-US')} segments \\(\\d+%\\)`).test(t)),
      `the progress said the figure was laid out: ${JSON.stringify(seen.slice(-3))}`,
    );
    assert.ok(
      seen.some((t) => new RegExp(`Drawing big-download\\.pcap: [\\d,]+ of ${n.toLocaleString('en-US')} segments read`).test(t)),
      `the progress counted the segments the page read from the worker: ${JSON.stringify(seen.slice(0, 6))}`,
    );
    assert.equal(
      await page.getByText(/Only the first .* segments are drawn/).count(),
      0,
      'no note of segments left out',
    );
    const nodes = await domNodes(page);
    assert.ok(nodes <= DOM_BOUND, `${nodes} elements in the page (at most ${DOM_BOUND})`);
    await page.keyboard.press('End');
    await waitForCurrent(page, n - 1, 'End');
    const last = await drawnRow(page, n - 1);
    assert.deepEqual(normalRow(last), expectedRow(cli.segments[n - 1]), 'the last row is the CLI\'s last segment');

    // Past the page's own cap, the worker reads the file again and writes the file.
    for (const [button, format] of [['JSON', 'json'], ['pcap', 'pcap']]) {
      const e0 = Date.now();
      const got = await download(page, button);
      assertSameExport(assert, got.bytes, cliImportRun(file, [], format), format, `${button} of the capture`);
      assert.equal(got.name, `wiretrace-big-download.${format}`);
      console.log(`# big capture: ${button} export ${Date.now() - e0} ms, ${got.bytes.length} bytes`);
    }
    console.log(`# big capture: ${n} segments drawn ${drawn} ms after the file was given; ${nodes} elements`);
    assertNoProblems(assert, problems, 'a capture of over 20,000 segments');
    await context.close();
  });

  it('a Trace JSON file of over 20,000 segments is read in the worker with progress, and Stop keeps what was drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-'));
    const params = { body_bytes: '3000000', mss: '146' };
    const json = cliRun('big-response', params, 'json');
    const file = join(dir, 'big-download.json');
    writeFileSync(file, json);
    const parsed = JSON.parse(json.toString('utf8'));
    const [n, samples] = [parsed.segments.length, parsed.tcb.length];
    assert.ok(n > PAGE_SEGMENTS, `${n} segments`);
    const big = join(dir, 'huge-download.json');
    writeFileSync(big, cliRun('big-response', HUGE, 'json'));

    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    const before = await segmentCount(page);
    // Stopped while the worker reads: the progress bar goes, the handshake stays.
    await page.locator('.import input[type="file"]').setInputFiles(big);
    const progress = page.locator('.import-progress');
    await progress.waitFor({ timeout: HUGE_TIMEOUT });
    assert.match(await progress.innerText(), /Drawing huge-download\.json/);
    // Its bytes read, the worker makes them a Trace and says how many segments it has read
    // so far (a bar without a value: how far is not known, how much is). Stopped then: it
    // is ended in the middle of a read that holds it (stopped earlier, on a loaded machine,
    // it could be ended while its script still loads, a request the browser then aborts).
    await page.waitForFunction(
      () => {
        const p = document.querySelector('.import-progress');
        return /huge-download\.json: [\d,]+ segments read from its JSON so far/.test(p?.innerText ?? '') &&
          !p.querySelector('progress').hasAttribute('value');
      },
      null,
      { timeout: HUGE_TIMEOUT },
    );
    await progress.getByRole('button', { name: 'Stop' }).click();
    await progress.waitFor({ state: 'detached' });
    assert.equal(await segmentCount(page), before, 'stopped: the run drawn before stays');
    assert.equal(await page.getByText('Imported from huge-download.json').count(), 0);

    // Read whole: drawn as the CLI wrote it; its JSON and pcap are the CLI's run, written
    // by the worker, which reads the file again. Each text of the progress is kept as it
    // shows: the segments, then the TCB samples, read so far, each up to its number.
    await recordTexts(page, '.import-progress label');
    await page.locator('.import input[type="file"]').setInputFiles(file);
    await waitForImported(page, 'big-download.json', n);
    const texts = await textsSeen(page);
    const count = (k) => k.toLocaleString('en-US');
    for (const want of [
      `Drawing big-download.json: ${count(16384)} segments read from its JSON so far`,
      `Drawing big-download.json: ${count(n)} segments read from its JSON so far`,
      `Drawing big-download.json: its ${count(n)} segments read, then ${count(16384)} TCB samples so far`,
      `Drawing big-download.json: its ${count(n)} segments read, then ${count(samples)} TCB samples so far`,
    ]) {
      assert.ok(texts.includes(want), `shown: ${want}\n(shown were: ${texts.join(' | ')})`);
    }
    for (const [button, format] of [['JSON', 'json'], ['pcap', 'pcap']]) {
      const got = await download(page, button);
      assertSameExport(assert, got.bytes, cliRun('big-response', params, format), format, `${button} of the JSON file`);
    }
    assertNoProblems(assert, problems, 'a Trace JSON file of over 20,000 segments');
    await context.close();
  });

  it('draws browse, 10 MB at a 64-byte MSS, whole; its JSON (hundreds of MB) is the CLI\'s, written in parts', async () => {
    const params = { body_bytes: '10000000', mss: '64' };
    // The CLI's count, from its transcript's summary (its JSON is hundreds of MB).
    const summary = cliRun('browse', params, 'text').toString('utf8');
    const n = Number(/segments (\d+)/.exec(summary)?.[1]);
    assert.ok(n > 300_000 && n < RUN_SEGMENTS, `the CLI's run has ${n} segments`);
    const { page, context, problems } = await openPage(env, hashFor('browse', params));
    await waitForWholeRun(page, n);
    await waitUntil(page, 'the progress bar is gone', () => !document.querySelector('[data-testid="whole-run"]'));
    // The last segment can be reached and read, its explanation made from the engine's note.
    await page.keyboard.press('End');
    await waitForCurrent(page, n - 1, 'End goes to the last segment');
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(text.includes('Final ACK'), 'the last segment is explained');
    assert.ok(!text.includes('The run stops here'), 'no note says the run was cut');
    console.log(`# largest run: ${n} segments drawn whole`);

    // Its JSON is more than a browser's string holds (V8: 512 MiB): the worker writes it
    // in parts of a Blob. Compared by hash with the CLI's file.
    const e0 = Date.now();
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: HUGE_TIMEOUT }),
      page.getByRole('group', { name: 'Download', exact: true }).getByRole('button', { name: 'JSON', exact: true }).click(),
    ]);
    const path = await file.path();
    const took = Date.now() - e0;
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-largest-'));
    try {
      const cli = join(dir, 'browse.json');
      execFileSync(CLI, ['run', 'browse', '--format', 'json', '--output', cli, ...Object.entries(params).flatMap(([k, v]) => ['--set', `${k}=${v}`])]);
      const [got, want] = [await fileHash(path), await fileHash(cli)];
      assert.ok(want.bytes > 512 * 2 ** 20, `the CLI's JSON is ${want.bytes} bytes, past what one string holds`);
      assert.deepEqual(got, want, 'the JSON file is the CLI\'s');
      console.log(`# largest run: JSON of ${got.bytes} bytes written in ${took} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assertNoProblems(assert, problems, 'browse 10 MB at a 64-byte MSS, whole');
    await context.close();
  });

  it('a run past the cap is drawn up to 1,000,000 segments, whole, and says where it stops', async () => {
    // Four 10 MB bodies at a 64-byte MSS: over a million segments, cut at the cap.
    const params = { requests: '4', body_bytes: '10000000', mss: '64' };
    const t0 = Date.now();
    const { page, context, problems } = await openPage(env, hashFor('http11-pipelining', params));
    const bar = page.locator('[data-testid="whole-run"]');
    await bar.waitFor({ state: 'visible', timeout: HUGE_TIMEOUT });
    assert.match(await bar.innerText(), /at most 1,000,000\)/, 'the bar says how far a run may go');
    await waitForWholeRun(page, RUN_SEGMENTS);
    await waitUntil(page, 'the progress bar is gone', () => !document.querySelector('[data-testid="whole-run"]'));
    const whole = Date.now() - t0;
    await page.keyboard.press('End');
    await waitForCurrent(page, RUN_SEGMENTS - 1, 'End goes to the last segment');
    // The engine's note that the run stops sits among the last segments, at the time it
    // stopped (before the ACKs of that moment): scroll the log up to its row.
    const note = await page.evaluate(async (log) => {
      const table = document.querySelector(log);
      let box = table.parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      const row = table.tBodies[0].querySelector('tr[aria-rowindex]').getBoundingClientRect().height;
      const frame = () => new Promise((ok) => requestAnimationFrame(ok));
      for (let back = 0; back < 3000; back += 20) {
        box.scrollTop = box.scrollHeight - box.clientHeight - back * row;
        await frame();
        await frame();
        const found = [...table.querySelectorAll('tr[data-event-id]')].find((r) => /run stops/.test(r.textContent));
        if (found) return found.textContent;
      }
      return null;
    }, LOG);
    assert.match(note ?? '', /The run stops here after 1,?000,?000 segments/, 'the log has the note that the run was cut at the cap');
    const nodes = await domNodes(page);
    assert.ok(nodes <= DOM_BOUND, `${nodes} elements in the page`);
    console.log(`# capped run: ${RUN_SEGMENTS} segments whole in ${whole} ms, ${nodes} elements`);
    assertNoProblems(assert, problems, 'a run cut at 1,000,000 segments');
    await context.close();
  });

  it('draws a capture of a million packets whole within 400 MB; its pcap is the CLI\'s import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-million-'));
    let page;
    let context;
    let problems;
    try {
      // The CLI's capture of the run above: one connection, cut at 1,000,000 segments.
      const file = join(dir, 'million.pcap');
      execFileSync(CLI, ['run', 'http11-pipelining', '--format', 'pcap', '--output', file,
        ...['requests=4', 'body_bytes=10000000', 'mss=64'].flatMap((kv) => ['--set', kv])]);
      const list = execFileSync(CLI, ['import', file, '--list'], { encoding: 'utf8' });
      const n = Number(/: (\d+) packets/.exec(list)?.[1]);
      const seconds = Number(/, ([\d.]+) s;/.exec(list)?.[1]);
      assert.ok(n > 990_000 && n <= CAPTURE_SEGMENTS, `the capture has ${n} packets`);
      assert.ok(seconds > 1, `the capture lasts ${seconds} s`);
      // Its packets of the last second as the CLI reads them (the whole file's JSON is over
      // a GB): the analysis sees every packet whatever the range, so the last one's
      // explanation is the whole capture's.
      const tail = cliImport(file, '--from', String(seconds - 1)).segments;
      const last = tail[tail.length - 1];

      ({ page, context, problems } = await openPage(env, '#s=handshake', {
        init: () => addEventListener('TrunkApplicationStarted', (e) => {
          window.__wasmMemory = e.detail?.wasm?.memory;
        }),
      }));
      await page.locator('[data-segment-id="0"]').first().waitFor();
      const t0 = Date.now();
      await page.locator('.import input[type="file"]').setInputFiles(file);
      await waitForImported(page, 'million.pcap', n);
      const drawn = Date.now() - t0;
      assert.equal(await page.getByText(/Only the first .* segments are drawn/).count(), 0, 'no note of packets left out');
      const nodes = await domNodes(page);
      assert.ok(nodes <= DOM_BOUND, `${nodes} elements in the page (at most ${DOM_BOUND})`);
      // Each packet's explanation is made from its note when it is shown.
      await page.keyboard.press('End');
      await waitForCurrent(page, n - 1, 'End');
      const row = await drawnRow(page, n - 1);
      assert.deepEqual(normalRow(row), expectedRow({ ...last, id: n - 1 }), 'the last row is the CLI\'s last packet');
      const text = await page.evaluate(() => document.body.innerText);
      assert.ok(last.explain && text.includes(last.explain), `the last packet is explained: ${last.explain}`);
      const memory = await page.evaluate(() => window.__wasmMemory?.buffer?.byteLength ?? 0);
      assert.ok(memory > 0 && memory <= MEMORY_BOUND, `the page's wasm memory is ${memory} bytes (at most ${MEMORY_BOUND})`);

      // The worker reads the file again and writes the pcap: the CLI's import.
      const e0 = Date.now();
      const [saved] = await Promise.all([
        page.waitForEvent('download', { timeout: HUGE_TIMEOUT }),
        page.getByRole('group', { name: 'Download', exact: true }).getByRole('button', { name: 'pcap', exact: true }).click(),
      ]);
      const got = await fileHash(await saved.path());
      const took = Date.now() - e0;
      const cli = join(dir, 'cli.pcap');
      execFileSync(CLI, ['import', file, '--format', 'pcap', '--output', cli]);
      assert.deepEqual(got, await fileHash(cli), 'the pcap is the CLI\'s import');
      console.log(`# million-packet capture: ${n} segments drawn ${drawn} ms after the file was given, ${nodes} elements, ${(memory / 1e6).toFixed(1)} MB of wasm memory; pcap of ${got.bytes} bytes in ${took} ms`);
      assertNoProblems(assert, problems, 'a capture of a million packets');
    } finally {
      await context?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows how far the worker got, and Stop keeps the first 20,000 segments', async () => {
    // 10 MB at a 64-byte MSS: 312,515 segments, long enough to stop.
    const { page, context, problems } = await openPage(env, hashFor('browse', { body_bytes: '10000000', mss: '64' }));
    const bar = page.locator('[data-testid="whole-run"]');
    await bar.waitFor({ state: 'visible', timeout: HUGE_TIMEOUT });
    assert.equal(await bar.getAttribute('role'), 'status', 'the bar is a status a screen reader announces');
    assert.match(await bar.innerText(), /past 20,000 segments|of [0-9,]+ segments read/, 'the bar says what is going on');
    assert.equal(await segmentCount(page), PAGE_SEGMENTS, 'the first 20,000 segments are drawn meanwhile');
    // The page answers while the worker runs: a step moves aria-current.
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 0, 'a step while the worker runs');

    await page.getByRole('button', { name: 'Stop' }).click();
    await waitUntil(page, 'the bar says the run was stopped', () =>
      /Stopped/.test(document.querySelector('[data-testid="whole-run"]')?.textContent ?? ''),
    );
    assert.equal(await segmentCount(page), PAGE_SEGMENTS, 'stopped, the first 20,000 segments stay');
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 1, 'a step after Stop');
    assertNoProblems(assert, problems, 'browse 10 MB at a 64-byte MSS, stopped');
    await context.close();
  });
});
