// A big run's segment log: windowed, it keeps a few hundred rows in the page whatever the
// run's size, says its size to screen readers (aria-rowcount, aria-rowindex), and keeps
// the current row drawn and in view as the player steps.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOG, DIAGRAM, ROWS, afterFrames, assertNoProblems, cliTrace, openPage, setUp, waitForCurrent, waitUntil } from '../lib.mjs';

/** About 10,000 segments. */
const PARAMS = { body_bytes: '10000000' };
/** The most rows the log may keep in the page (CONTRACT.md: a few hundred at most). */
const MAX_ROWS = 300;
/** Opening a run this size takes a while on a busy machine. */
const OPEN_TIMEOUT = 300_000;

/**
 * The rows the log has drawn (`aria-rowindex`, in page order), and whether the row of
 * segment `id` lies within the log's box, below its sticky header.
 */
async function drawn(page, id) {
  return page.evaluate(
    ([log, id]) => {
      const table = document.querySelector(log);
      const rows = [...table.tBodies[0].querySelectorAll('tr[aria-rowindex]')];
      const row = table.querySelector(`tr[data-segment-id="${id}"]`);
      let box = table.parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      const b = box.getBoundingClientRect();
      const top = table.tHead.rows[0].cells[0].getBoundingClientRect().bottom;
      const r = row?.getBoundingClientRect();
      return {
        indexes: rows.map((r) => Number(r.getAttribute('aria-rowindex'))),
        inView: !!r && r.top >= top - 1 && r.bottom <= b.top + box.clientTop + box.clientHeight + 1,
        rowIndex: row ? Number(row.getAttribute('aria-rowindex')) : null,
      };
    },
    [LOG, id],
  );
}

/** Waits until segment `id` is the current row and lies in the log's view. */
async function waitInView(page, id, why) {
  await waitForCurrent(page, id, why);
  await waitUntil(
    page,
    `the row of segment ${id} is in the log's view (${why})`,
    ([log, id]) => {
      const table = document.querySelector(log);
      const row = table.querySelector(`tr[data-segment-id="${id}"]`);
      let box = table.parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      if (!row || !box) return false;
      const b = box.getBoundingClientRect();
      const r = row.getBoundingClientRect();
      const top = table.tHead.rows[0].cells[0].getBoundingClientRect().bottom;
      return r.top >= top - 1 && r.bottom <= b.top + box.clientTop + box.clientHeight + 1;
    },
    [LOG, id],
  );
}

describe('a big run\'s segment log', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('draws a few hundred rows of 10,000 segments, counts them all, and follows the steps to the end', async () => {
    const trace = cliTrace('big-response', PARAMS);
    const n = trace.segments.length;
    assert.ok(n > 10_000, `the run has ${n} segments`);
    const { page, context, problems } = await openPage(env, `#s=big-response&body_bytes=${PARAMS.body_bytes}`);
    await waitUntil(
      page,
      'the log has rows',
      (sel) => document.querySelectorAll(sel).length > 0,
      ROWS,
      OPEN_TIMEOUT,
    );
    // The whole run is counted, by the figure and by the log (its rows and the header).
    assert.equal(await page.locator(DIAGRAM).getAttribute('data-segment-count'), String(n));
    assert.equal(
      await page.locator(LOG).getAttribute('aria-rowcount'),
      String(n + trace.events.length + 1),
      'aria-rowcount: every segment and event, and the header',
    );
    assert.equal(await page.locator(`${LOG} thead tr`).getAttribute('aria-rowindex'), '1');

    let rows = await drawn(page, 0);
    assert.ok(rows.indexes.length > 0 && rows.indexes.length <= MAX_ROWS, `${rows.indexes.length} rows drawn`);
    assert.equal(rows.indexes[0], 2, 'the first row follows the header');
    assert.ok(rows.indexes.every((x, k) => k === 0 || x === rows.indexes[k - 1] + 1), 'drawn rows in order, no hole');
    const t0 = Date.now();

    // The first step: segment 0 is current and in view.
    await page.keyboard.press('ArrowRight');
    await waitInView(page, 0, 'ArrowRight');

    // End: the last segment is current, its row drawn and in view, at its place.
    await page.keyboard.press('End');
    await waitInView(page, n - 1, 'End');
    rows = await drawn(page, n - 1);
    assert.ok(rows.indexes.length <= MAX_ROWS, `${rows.indexes.length} rows drawn at the end`);
    assert.ok(rows.rowIndex >= n + 1, `the last segment is on row ${rows.rowIndex}, after the others`);
    assert.equal(
      await page.locator(`${LOG} tr[data-segment-id="${n - 1}"]`).getAttribute('data-seq'),
      String(trace.segments[n - 1].seq),
      'the last row shows the last segment',
    );

    // A step back stays in view; the rows drawn stay bounded.
    await page.keyboard.press('ArrowLeft');
    await waitInView(page, n - 2, 'ArrowLeft from the end');
    console.log(`# ${n} segments: ${rows.indexes.length} rows drawn; End and a step back took ${Date.now() - t0} ms`);

    // Scrolled to the top by hand, the log draws the first rows there and keeps the
    // current row in the page (once the step's own scrolling is over).
    await afterFrames(page, 3);
    await page.evaluate((log) => {
      let box = document.querySelector(log).parentElement;
      while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
      box.scrollTop = 0;
    }, LOG);
    await waitUntil(
      page,
      'the first row is drawn again after scrolling to the top',
      (log) => !!document.querySelector(`${log} tr[aria-rowindex="2"]`),
      LOG,
    );
    rows = await drawn(page, n - 2);
    assert.notEqual(rows.rowIndex, null, 'the current row stays drawn');
    assert.equal(rows.inView, false, 'out of view');
    assert.ok(rows.indexes.length <= MAX_ROWS, `${rows.indexes.length} rows drawn after scrolling`);
    await waitForCurrent(page, n - 2, 'after scrolling');
    assertNoProblems(assert, problems, 'big-response at 10 MB');
    await context.close();
  });
});
