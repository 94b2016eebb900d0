// A big run's figure: drawn by windows (a bounded number of elements at any size), the
// current arrow drawn and scrolled into view wherever the player is, zoomed out in time
// into trains that carry the ids they hold, with an overview of the whole run. Timings are
// printed, not asserted (./scripts/bench measures them).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { CLI, DIAGRAM, TIMEOUT, assertNoProblems, hashFor, openPage, setUp, waitUntil } from '../lib.mjs';

const PARAMS = { body_bytes: '10000000' };
/** The figure's elements at most, whatever the run's size (issue 10: DOM nodes ≤ 5,000 for the page). */
const FIGURE_BOUND = 2500;
const BIG_TIMEOUT = 6 * TIMEOUT;

/** Elements inside the figure's scrolling box. */
function figureElements(page) {
  return page.$eval('.diagram-scroll', (box) => box.getElementsByTagName('*').length);
}

/** Waits until the arrow of segment `id` is drawn and is the current one. */
async function waitForCurrentArrow(page, id, why) {
  await waitUntil(
    page,
    `the arrow of segment ${id} is drawn and current (${why})`,
    ([sel, id]) => {
      const g = document.querySelector(`${sel} [data-segment-id="${id}"]`);
      return g !== null && g.classList.contains('wt-current');
    },
    [DIAGRAM, String(id)],
    BIG_TIMEOUT,
  );
}

/** True when the element's box meets the scrolling box's visible part. */
function inView(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const box = document.querySelector('.diagram-scroll');
    if (!el || !box) return false;
    const a = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    return a.bottom >= b.top && a.top <= b.bottom;
  }, selector);
}

describe('a big run', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('draws a 10,000-segment figure by windows, follows the player and zooms out into trains', async () => {
    // The CLI's run of the same link (its JSON is larger than execFileSync's default buffer).
    const json = execFileSync(CLI, ['run', 'big-response', '--format', 'json', '--set', `body_bytes=${PARAMS.body_bytes}`], { maxBuffer: 1 << 30 });
    const n = JSON.parse(json.toString('utf8')).segments.length;
    assert.ok(n > 10_000, `the run has ${n} segments`);
    const t0 = Date.now();
    const { page, context, problems } = await openPage(env, hashFor('big-response', PARAMS));
    await waitUntil(
      page,
      'the diagram says how many segments the run has',
      ([sel, n]) => document.querySelector(sel)?.getAttribute('data-segment-count') === n,
      [DIAGRAM, String(n)],
      BIG_TIMEOUT,
    );
    await waitUntil(page, 'the first arrow is drawn', (sel) => document.querySelector(`${sel} [data-segment-id="0"]`) !== null, DIAGRAM, BIG_TIMEOUT);
    const first = Date.now() - t0;

    const atStart = await figureElements(page);
    assert.ok(atStart <= FIGURE_BOUND, `${atStart} elements in the figure at the start (at most ${FIGURE_BOUND})`);
    const drawn = await page.$$eval(`${DIAGRAM} [data-segment-id]`, (els) => els.length);
    assert.ok(drawn > 10 && drawn < n / 4, `${drawn} of ${n} arrows drawn: the ones in view`);

    const overview = page.locator('[data-testid="overview"]');
    assert.ok(await overview.isVisible(), 'the overview of the run is shown beside a figure taller than its box');
    assert.equal(await overview.getAttribute('role'), 'scrollbar');

    // End: the last segment becomes current, its arrow is drawn and scrolled into view.
    const s0 = Date.now();
    await page.keyboard.press('End');
    await waitForCurrentArrow(page, n - 1, 'End');
    const toEnd = Date.now() - s0;
    assert.ok(await inView(page, `${DIAGRAM} [data-segment-id="${n - 1}"]`), 'the last arrow is in view');
    const atEnd = await figureElements(page);
    assert.ok(atEnd <= FIGURE_BOUND, `${atEnd} elements in the figure at the end`);
    assert.equal(await page.$$eval(`${DIAGRAM} [data-segment-id="0"]`, (e) => e.length), 0, 'the first arrow, far out of view, is not drawn');

    // One step back moves the current arrow by one.
    await page.keyboard.press('ArrowLeft');
    await waitForCurrentArrow(page, n - 2, 'ArrowLeft');

    // The whole run in time: trains with the ids they hold, the current one still alone.
    await page.click('[data-testid="time-whole"]');
    await waitUntil(
      page,
      'the figure is zoomed out and draws trains',
      (sel) => {
        const z = Number(document.querySelector(sel)?.getAttribute('data-time-zoom'));
        return z < 1 && document.querySelectorAll(`${sel} [data-segment-ids]`).length > 0;
      },
      DIAGRAM,
      BIG_TIMEOUT,
    );
    const ranges = await page.$$eval(`${DIAGRAM} [data-segment-ids]`, (els) => els.map((e) => e.getAttribute('data-segment-ids')));
    for (const r of ranges) {
      const m = /^(\d+)-(\d+)$/.exec(r);
      assert.ok(m, `a train's ids are "a-b": ${r}`);
      assert.ok(+m[1] < +m[2] && +m[2] < n, `a train holds segments ${r} of ${n}`);
    }
    const whole = await figureElements(page);
    assert.ok(whole <= FIGURE_BOUND, `${whole} elements in the whole run's figure`);
    await waitForCurrentArrow(page, n - 2, 'zoomed out, the current segment stays an arrow');

    // A click on a train opens it: the figure zooms in.
    const zoomOut = Number(await page.getAttribute(DIAGRAM, 'data-time-zoom'));
    const biggest = await page.$$eval(`${DIAGRAM} [data-segment-ids]`, (els) =>
      els.reduce((a, b) => (Number(b.getAttribute('data-count')) > Number(a.getAttribute('data-count')) ? b : a)).getAttribute('data-segment-ids'),
    );
    const train = page.locator(`${DIAGRAM} [data-segment-ids="${biggest}"]`);
    await train.scrollIntoViewIfNeeded();
    // Where trains cross (data one way, ACKs back) the upper one takes the click: any train opens.
    const box = await train.boundingBox();
    const [cx, cy] = [box.x + box.width / 2, box.y + Math.min(box.height / 2, 200)];
    await page.mouse.click(cx, cy);
    await waitUntil(
      page,
      'the figure zooms in on the train',
      ([sel, z]) => Number(document.querySelector(sel)?.getAttribute('data-time-zoom')) > z,
      [DIAGRAM, zoomOut],
      BIG_TIMEOUT,
    );

    console.log(`# big run: ${n} segments, first diagram ${first} ms, End ${toEnd} ms, figure elements ${atStart}/${atEnd}/${whole}`);
    assertNoProblems(assert, problems, 'big-response 10 MB');
    await context.close();
  });
});
