// Plots in step with the diagram: the time-sequence graph, cwnd, RTT and goodput of the
// step's connection, the playhead at the step's time, a click that jumps there, the
// diagram's time range followed (or the whole connection), downloads equal to the CLI's
// `--plot` (with `--plot-range` for a part), in English and Chinese, with no console
// messages.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertNoProblems,
  cliRun,
  cliTrace,
  currentIndex,
  download,
  openPage,
  setUp,
  waitForCurrent,
  waitForLog,
  timeAt,
  waitUntil,
} from '../lib.mjs';

const PLOT = '[data-testid="plot"]';
const FIGURE = '[role="region"][aria-label="Figure"]';

describe('plots', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => {
    await env?.close();
  });

  it('draw each kind, move the playhead with the step, and jump where clicked', async () => {
    const params = { body_bytes: '300000', loss: '0.03', sack: 'true' };
    const trace = cliTrace('browse', params);
    const hash = '#s=browse&body_bytes=300000&loss=0.03&sack=true&t=20';
    const { page, context, problems } = await openPage(env, hash);
    await waitForLog(page);
    await waitForCurrent(page, 19);
    await page.waitForSelector(`${PLOT} svg`);
    // The whole connection (the diagram's view holds the first round trips only).
    await page.click('[data-testid="plot-whole"]');
    for (const [tab, kind] of [
      ['Congestion window', 'cwnd'],
      ['Round-trip time', 'rtt'],
      ['Goodput', 'throughput'],
      ['Time-sequence', 'sequence'],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      await waitUntil(page, `the ${kind} plot`, ([sel, k]) => document.querySelector(sel)?.dataset.plot === k, [PLOT, kind]);
      const selected = await page.getAttribute(`#plot-tab-${kind}`, 'aria-selected');
      assert.equal(selected, 'true');
      const marks = await page.$$eval(`${PLOT} .wp-marks path`, (ps) => ps.filter((p) => p.getAttribute('d')).length);
      assert.ok(marks >= 1, `${kind}: ${marks} marks drawn`);
    }
    // The sequence graph has a lost segment and a retransmission marked.
    assert.ok(await page.$(`${PLOT} path.wp-lost`), 'losses are marked');
    assert.ok(await page.$(`${PLOT} path.wp-rtx`), 'retransmissions are marked');
    // The playhead is the step's time, and moves with the step.
    const playhead = () => page.$eval(`${PLOT} .wp-overlay`, (s) => Number(s.dataset.playheadUs));
    assert.equal(await playhead(), timeAt(trace, 20));
    // A step moves the playhead only: the figure under it is not drawn again.
    await page.evaluate((sel) => {
      const fig = document.querySelector(`${sel} svg.wp:not(.wp-overlay)`);
      window.__plotMutations = 0;
      new MutationObserver((m) => (window.__plotMutations += m.length)).observe(fig, { subtree: true, childList: true, attributes: true, characterData: true });
    }, PLOT);
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 20);
    await waitUntil(page, 'the playhead moved', ([sel, us]) => Number(document.querySelector(`${sel} .wp-overlay`).dataset.playheadUs) === us, [PLOT, timeAt(trace, 21)]);
    assert.equal(await page.evaluate(() => window.__plotMutations), 0, 'the figure stayed as it was');
    // A click three quarters along the time axis goes to the first step that reaches it.
    const svg = await page.$(`${PLOT} svg`);
    await svg.scrollIntoViewIfNeeded();
    const box = await svg.boundingBox();
    const [t0, t1] = await svg.evaluate((s) => [Number(s.dataset.t0), Number(s.dataset.t1)]);
    const W = 880;
    const left = 78;
    const right = W - 18;
    const x = left + 0.75 * (right - left);
    await page.mouse.click(box.x + (x / W) * box.width, box.y + box.height / 2);
    const target = t0 + 0.75 * (t1 - t0);
    await waitUntil(page, 'the click moved the step', (old) => {
      const marked = [...document.querySelectorAll('tr[data-segment-id]')].find((r) => r.getAttribute('aria-current') === 'step');
      return marked && Number(marked.dataset.segmentId) !== old;
    }, 20);
    // The step reached is the first whose time (the latest arrival so far) reaches the
    // clicked time, within two pixels of the axis.
    const n = (await currentIndex(page)) + 1;
    const horizon = (k) => Math.max(...trace.segments.slice(0, k).map((_, i) => timeAt(trace, i + 1)), timeAt(trace, 0));
    const tol = (2 * (t1 - t0)) / (right - left);
    assert.ok(horizon(n) >= target - tol, `step ${n} at ${horizon(n)} reaches ${target}`);
    assert.ok(horizon(n - 1) < target + tol, `step ${n - 1} at ${horizon(n - 1)} is before ${target}`);
    assertNoProblems(assert, problems, 'browse with loss');
    await context.close();
  });

  it('follow the diagram\'s time range, or show the whole connection', async () => {
    const params = { body_bytes: '1000000' };
    const { page, context, problems } = await openPage(env, '#s=big-response&body_bytes=1000000&t=5');
    await waitForLog(page);
    await page.waitForSelector(`${PLOT} svg`);
    const range = () => page.$eval(`${PLOT} svg`, (s) => ['start', 't0', 't1'].map((k) => Number(s.dataset[k])));
    const whole = cliRun('big-response', params, 'svg', ['--plot', 'sequence']).toString('utf8');
    const end = Number(/data-t1="(\d+)"/.exec(whole)[1]);
    // 1 MB does not fit the box: the plot draws the part the diagram shows, the top.
    const [start, a, b] = await range();
    assert.equal(a, start, 'the view starts with the run');
    assert.ok(b < end / 2, `the view ends at ${b}, the connection at ${end}`);
    // The download is that part, as the CLI draws it with --plot-range.
    const ms = (us) => ((us - start) / 1000).toFixed(3);
    const part = await download(page, 'SVG', 'Download the plot');
    const cli = cliRun('big-response', params, 'svg', ['--plot', 'sequence', '--plot-range', `${ms(a)}..${ms(b)}`]);
    assert.ok(part.bytes.equals(cli), 'the page\'s plot of the view is the CLI\'s with --plot-range');
    // Scrolling the diagram down moves the plot's range with it.
    await page.$eval(FIGURE, (el) => (el.scrollTop = el.scrollHeight / 2));
    await waitUntil(page, 'the plot follows the view', ([sel, old]) => Number(document.querySelector(`${sel} svg`)?.dataset.t0) > old, [PLOT, a]);
    const [, a2, b2] = await range();
    assert.ok(a2 > a && b2 > b && b2 <= end, `${a2}..${b2}`);
    // The whole connection, on request: the CLI's plot.
    await page.click('[data-testid="plot-whole"]');
    await waitUntil(page, 'the whole connection', ([sel, e]) => Number(document.querySelector(`${sel} svg`)?.dataset.t1) === e, [PLOT, end]);
    assert.equal(await page.getAttribute('[data-testid="plot-whole"]', 'aria-pressed'), 'true');
    const all = await download(page, 'SVG', 'Download the plot');
    assert.ok(all.bytes.equals(Buffer.from(whole)), 'the whole plot is the CLI\'s');
    // Back to the view.
    await page.click('[data-testid="plot-view"]');
    await waitUntil(page, 'the view again', ([sel, x]) => Number(document.querySelector(`${sel} svg`)?.dataset.t0) === x, [PLOT, a2]);
    assertNoProblems(assert, problems, 'big-response');
    await context.close();
  });

  it('download the figure the CLI writes, and speak Chinese', async () => {
    const { page, context, problems } = await openPage(env, '#s=fast-retransmit&t=10');
    await waitForLog(page);
    await page.waitForSelector(`${PLOT} svg`);
    await page.click('[data-testid="plot-whole"]');
    const file = await download(page, 'SVG', 'Download the plot');
    assert.equal(file.name, 'wiretrace-fast-retransmit-sequence.svg');
    const cli = cliRun('fast-retransmit', {}, 'svg', ['--plot', 'sequence', '--plot-conn', '0']);
    assert.ok(file.bytes.equals(cli), 'the page\'s plot SVG is the CLI\'s');
    const png = await download(page, 'PNG', 'Download the plot');
    assert.equal(png.name, 'wiretrace-fast-retransmit-sequence.png');
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    await page.evaluate(() => (location.hash = '#s=fast-retransmit&t=10&lang=zh'));
    await waitUntil(page, 'the Chinese tabs', () => document.querySelector('#plot-tab-sequence')?.textContent === '时间–序号');
    const title = await page.textContent(`${PLOT} .wp-title`);
    assert.ok(title.startsWith('时间–序号图'), title);
    assertNoProblems(assert, problems, 'fast-retransmit');
    await context.close();
  });
});
