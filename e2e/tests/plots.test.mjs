// Plots in step with the diagram: the time-sequence graph, cwnd, RTT and goodput of the
// step's connection, the playhead at the step's time, a click that jumps there, downloads
// equal to the CLI's `--plot`, in English and Chinese, with no console messages.

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
    const playhead = () => page.$eval(`${PLOT} svg`, (s) => Number(s.dataset.playheadUs));
    assert.equal(await playhead(), timeAt(trace, 20));
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 20);
    await waitUntil(page, 'the playhead moved', ([sel, us]) => Number(document.querySelector(`${sel} svg`).dataset.playheadUs) === us, [PLOT, timeAt(trace, 21)]);
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

  it('download the figure the CLI writes, and speak Chinese', async () => {
    const { page, context, problems } = await openPage(env, '#s=fast-retransmit&t=10');
    await waitForLog(page);
    await page.waitForSelector(`${PLOT} svg`);
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
