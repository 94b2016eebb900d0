// A big run's figure: drawn by windows (a bounded number of elements at any size), the
// current arrow drawn and scrolled into view wherever the player is, zoomed out in time
// into trains that carry the ids they hold, with an overview of the whole run. Timings are
// printed, not asserted (./scripts/bench measures them).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { CLI, DIAGRAM, TIMEOUT, afterFrames, assertNoProblems, hashFor, openPage, setUp, waitUntil } from '../lib.mjs';

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

  it('zooms by steps at the frame rate: the figure is scaled at once and drawn at the new zoom when the clicks stop, without a jump', async () => {
    const { page, context, problems } = await openPage(env, hashFor('big-response', { body_bytes: '1000000' }));
    await page.waitForSelector(`${DIAGRAM} [data-segment-id]`, { timeout: BIG_TIMEOUT });
    await page.$eval('.diagram-scroll', (box) => { box.scrollTop = 20_000; });
    await waitUntil(page, 'the window is drawn where the box was scrolled to', (sel) => {
      const box = document.querySelector('.diagram-scroll').getBoundingClientRect();
      return [...document.querySelectorAll(`${sel} [data-segment-id]`)].some((g) => {
        const r = g.getBoundingClientRect();
        return r.height > 0 && r.top > box.top && r.bottom < box.bottom;
      });
    }, DIAGRAM);
    await afterFrames(page, 3);

    // Clicks in three frames running: each frame shows the figure drawn before, scaled
    // (the scroll box's class wt-zooming), and the zoom bar the zoom asked for.
    const steps = async (button, clicks) => page.evaluate(([sel, button, clicks]) => new Promise((done) => {
      const box = document.querySelector('.diagram-scroll');
      const body = document.querySelector(sel);
      const mid = (() => { const r = box.getBoundingClientRect(); return r.top + r.height / 2; })();
      const ids = [...body.querySelectorAll('[data-segment-id]')];
      const near = ids.reduce((a, b) => {
        const d = (g) => Math.abs((g.getBoundingClientRect().top + g.getBoundingClientRect().bottom) / 2 - mid);
        return d(b) < d(a) ? b : a;
      });
      const id = near.getAttribute('data-segment-id');
      const rect = () => {
        const g = document.querySelector(`${sel} [data-segment-id="${id}"]`);
        const r = g?.getBoundingClientRect();
        return r ? [r.left, r.top, r.width, r.height] : null;
      };
      const drawn = () => [body.getAttribute('width'), body.getAttribute('height'), body.getAttribute('data-time-zoom')].join(' ');
      // The row kept in place: the middle of the figure's part of the box, under the heads.
      const heads = document.querySelector('.diagram-heads').getBoundingClientRect().height;
      const anchorY = box.getBoundingClientRect().top + box.clientTop + (box.clientHeight + heads) / 2;
      const out = { id, anchorY, before: rect(), drawnBefore: drawn(), frames: [] };
      let k = 0;
      const frame = () => {
        if (k > 0) {
          out.frames.push({
            zooming: box.classList.contains('wt-zooming'),
            drawn: drawn(),
            label: [...document.querySelectorAll('.zoom-pct')].map((e) => e.textContent).join(' '),
          });
        }
        if (k < clicks) {
          document.querySelector(button).click();
          k++;
          requestAnimationFrame(frame);
        } else {
          out.preview = rect();
          done(out);
        }
      };
      requestAnimationFrame(frame);
    }), [DIAGRAM, button, clicks]);
    const settled = (what) => waitUntil(page, `${what}: the figure is drawn at the new zoom`, () =>
      !document.querySelector('.diagram-scroll').classList.contains('wt-zooming'));
    const rectOf = (id) => page.$eval(`${DIAGRAM} [data-segment-id="${id}"]`, (g) => {
      const r = g.getBoundingClientRect();
      return [r.left, r.top, r.width, r.height];
    });
    const close = (a, b, what) => {
      for (let i = 0; i < 4; i++) assert.ok(Math.abs(a[i] - b[i]) <= 2, `${what}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`);
    };

    const zoomIn = await steps('button[aria-label="Zoom in"]', 3);
    for (const f of zoomIn.frames) {
      assert.ok(f.zooming, 'each frame of the clicks shows the figure scaled');
      assert.equal(f.drawn, zoomIn.drawnBefore, 'and does not draw it again');
    }
    assert.match(zoomIn.frames.at(-1).label, /^195% /, 'the zoom bar says the zoom asked for');
    assert.ok(zoomIn.preview[2] > zoomIn.before[2] * 1.9, `the arrow is shown about twice as wide: ${zoomIn.preview} from ${zoomIn.before}`);
    await settled('zoom in');
    const width = Number(await page.getAttribute(DIAGRAM, 'width'));
    assert.ok(Math.abs(width / Number(zoomIn.drawnBefore.split(' ')[0]) - 1.953125) < 0.01, `drawn at 195%: ${width} px wide`);
    const drawnIn = await rectOf(zoomIn.id);
    close(drawnIn, zoomIn.preview, 'drawn at 195%, the arrow is where the scaled figure showed it');
    // The middle row stayed: the arrow is 1.95 times as far from it as before.
    const centre = (r) => r[1] + r[3] / 2;
    const from = (centre(zoomIn.before) - zoomIn.anchorY) * 1.953125;
    assert.ok(Math.abs(centre(drawnIn) - zoomIn.anchorY - from) <= 3,
      `the middle row stays: the arrow's centre is ${centre(drawnIn) - zoomIn.anchorY} px from it, expected ${from}`);

    // Scrolled while shown scaled: drawn where the reader scrolled it to, not back.
    const scrolled = await page.evaluate(([sel, id]) => new Promise((done) => {
      const box = document.querySelector('.diagram-scroll');
      const rect = () => {
        const r = document.querySelector(`${sel} [data-segment-id="${id}"]`)?.getBoundingClientRect();
        return r ? [r.left, r.top, r.width, r.height] : null;
      };
      document.querySelector('button[aria-label="Zoom out"]').click();
      // The next frame (the zoom is drawn two frames after the click).
      requestAnimationFrame(() => {
        box.scrollTop += 120;
        done({ zooming: box.classList.contains('wt-zooming'), preview: rect() });
      });
    }), [DIAGRAM, zoomIn.id]);
    assert.ok(scrolled.zooming, 'still shown scaled after the scroll');
    await settled('zoom out after a scroll');
    assert.ok(scrolled.preview, 'the arrow is drawn after the scroll');
    close(await rectOf(zoomIn.id), scrolled.preview, 'drawn at 156% where it was scrolled to');

    // In time: the figure is stretched at once, then drawn (trains) as it was shown.
    const timeOut = await steps('[data-testid="time-zoom-out"]', 2);
    assert.ok(timeOut.frames.every((f) => f.zooming && f.drawn === timeOut.drawnBefore), 'shown scaled, not drawn again');
    assert.match(timeOut.frames.at(-1).label, / 1:4$/, 'the zoom bar says 1:4');
    await settled('time zoom out');
    assert.equal(await page.getAttribute(DIAGRAM, 'data-time-zoom'), '0.25', 'drawn at 1:4');
    // Its segment is an arrow still, or folded into a train: either is where it was shown.
    const shownAt = await page.evaluate(([sel, id]) => {
      const own = document.querySelector(`${sel} [data-segment-id="${id}"]`);
      const train = [...document.querySelectorAll(`${sel} [data-segment-ids]`)].find((t) => {
        const [a, b] = t.getAttribute('data-segment-ids').split('-').map(Number);
        return a <= Number(id) && Number(id) <= b;
      });
      const r = (own ?? train)?.getBoundingClientRect();
      return r ? { train: !own, top: r.top, bottom: r.bottom } : null;
    }, [DIAGRAM, timeOut.id]);
    assert.ok(shownAt, `segment ${timeOut.id} is drawn, alone or in a train`);
    const y = timeOut.preview[1] + timeOut.preview[3] / 2;
    assert.ok(shownAt.top - 4 <= y && y <= shownAt.bottom + 4,
      `drawn at 1:4 where the stretched figure showed it: ${y} in ${JSON.stringify(shownAt)}`);

    // A jump (the whole run) is drawn at once, with no scaled frame.
    await page.click('[data-testid="time-whole"]');
    await afterFrames(page, 1);
    assert.equal(await page.$eval('.diagram-scroll', (b) => b.classList.contains('wt-zooming')), false, 'the whole run is drawn at once');
    assertNoProblems(assert, problems, 'zooming by steps');
    await context.close();
  });

  it('draws the rows a taller box shows when it grows, without a scroll', async () => {
    // An embed as tall as its frame (up to 4,000 px): the frame grows from 700 to 3,000 px.
    const { page, context, problems } = await openPage(env, `${hashFor('big-response', PARAMS)}&embed=1&maxheight=4000`);
    await page.waitForSelector(`${DIAGRAM} [data-segment-id]`, { timeout: BIG_TIMEOUT });
    await page.setViewportSize({ width: 1440, height: 700 });
    const covered = () => page.evaluate(() => {
      const box = document.querySelector('.diagram-scroll');
      const win = document.querySelector('svg.wt-window');
      const heads = document.querySelector('.diagram-heads').getBoundingClientRect().height;
      const bottom = Number(win.getAttribute('y')) + Number(win.getAttribute('height'));
      return { bottom, view: box.scrollTop + box.clientHeight - heads };
    });
    await waitUntil(page, 'the window holds the view of the short box', () => {
      const box = document.querySelector('.diagram-scroll');
      const win = document.querySelector('svg.wt-window');
      return box.clientHeight < 800 && Number(win.getAttribute('y')) + Number(win.getAttribute('height')) >= box.scrollTop + box.clientHeight;
    });
    const short = await covered();
    await page.setViewportSize({ width: 1440, height: 3000 });
    await waitUntil(page, 'the box grew', () => document.querySelector('.diagram-scroll').clientHeight > 2000);
    await afterFrames(page, 3);
    const tall = await covered();
    assert.ok(tall.view > short.view + 1000, `the box shows more rows: ${JSON.stringify([short, tall])}`);
    assert.ok(tall.bottom >= tall.view, `the window reaches the bottom of the taller view: ${JSON.stringify(tall)}`);
    assertNoProblems(assert, problems, 'a box that grows');
    await context.close();
  });
});
