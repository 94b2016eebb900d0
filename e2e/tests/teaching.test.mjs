// The parameter editor re-runs the engine and keeps the link; predict mode stops before key
// segments, checks the student's answer against the trace, and reveals it on request.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ROWS,
  assertNoProblems,
  button,
  cliTrace,
  currentIndex,
  expectedRow,
  normalRow,
  openPage,
  readLog,
  setUp,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

/** The first segment's row. */
const FIRST = `${ROWS}[data-segment-id="0"]`;

/** Waits until row 0 carries `seq` in its data-seq. */
async function waitForFirstSeq(page, seq, why) {
  await waitUntil(
    page,
    `the first row has seq ${seq} (${why})`,
    ([sel, seq]) => document.querySelector(sel)?.getAttribute('data-seq') === seq,
    [FIRST, seq],
  );
}

describe('teaching', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('the parameter editor re-runs the engine, keeps the link, and refuses a value out of range', async () => {
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await page.locator('details.params > summary').click();
    const isn = page.locator('#param-client-isn');
    await isn.fill('3626544836');
    await isn.press('Tab');
    await waitForFirstSeq(page, '3626544836', 'client.isn edited');
    assert.match(await page.evaluate(() => location.hash), /client\.isn=3626544836/, 'the link keeps the edit');
    const expected = cliTrace('handshake', { 'client.isn': '3626544836' });
    assert.deepEqual(
      (await readLog(page)).map((r) => normalRow(r).ack),
      expected.segments.map((s) => expectedRow(s).ack),
      'the acks follow the new ISN as the CLI computes them',
    );

    // Out of range: a message naming the key and its range; the run on screen stays.
    const rows = await readLog(page);
    const latency = page.locator('#param-latency_ms');
    await latency.fill('-5');
    await latency.press('Tab');
    const alert = page.locator('.param-error[role="alert"]');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /latency_ms/, `the message names the key: ${text}`);
    assert.match(text, /\d+\s*(\.\.|to|–|-)\s*\d+/, `the message gives the range: ${text}`);
    assert.deepEqual(await readLog(page), rows, 'the refused value leaves the run alone');
    await latency.fill('100');
    await latency.press('Tab');
    await alert.waitFor({ state: 'detached' });
    assertNoProblems(assert, problems, 'parameter editor');
    await context.close();
  });

  it('predict mode draws fresh ISNs, asks before key segments, and checks answers against the trace', async () => {
    const { page, context, problems } = await openPage(env, '#s=browse');
    await waitForLog(page);
    const before = (await readLog(page))[0].seq;
    await page.getByRole('checkbox', { name: 'Predict' }).check();
    await waitUntil(
      page,
      'predict mode draws new ISNs',
      ([sel, old]) => {
        const s = document.querySelector(sel)?.getAttribute('data-seq');
        return s && s !== old;
      },
      [FIRST, before],
    );

    let asked = 0;
    let right = 0;
    let revealed = 0;
    let wrong = 0;
    const total = (await readLog(page)).length;
    for (let guard = 0; guard < 4 * total; guard++) {
      const form = page.locator('.quiz-form');
      if (await form.count()) {
        asked++;
        const question = await page.locator('.quiz-q').innerText();
        // The segment asked about is the first one not yet shown: the one after the
        // current row, which the log keeps in view.
        const row = page.locator(`${ROWS}[data-segment-id="${(await currentIndex(page)) + 1}"]`);
        assert.match(await row.getAttribute('class'), /\bfuture\b/, 'the next row is not played yet');
        const kind = /acknowledgment/.test(question) ? 'data-ack' : /sequence/.test(question) ? 'data-seq' : null;
        if (kind) {
          const answer = await row.getAttribute(kind);
          // The log hides what has not happened yet.
          assert.equal((await row.locator('td.c-num').first().innerText()).trim(), '?');
          if (wrong === 0) {
            // One wrong guess: the trace's number is shown beside it.
            const guess = String((Number(answer) + 1) % 2 ** 32);
            await page.locator('.quiz-input').fill(guess);
            await button(page, 'Check').click();
            await page.getByText(`Not quite: you said ${guess}, the trace says ${answer}.`).waitFor();
            wrong++;
          } else {
            await page.locator('.quiz-input').fill(answer);
            await button(page, 'Check').click();
            await page.getByText(`Right: ${answer}.`).waitFor();
            right++;
          }
        } else {
          await button(page, 'Show me').click();
          const shown = await page.getByText(/^The answer: /).innerText();
          assert.match(shown, /The answer: [A-Z][A-Z0-9-]+\./, `a state is revealed: ${shown}`);
          revealed++;
        }
        await button(page, 'Continue').click();
        continue;
      }
      const forward = button(page, 'Step forward');
      if (await forward.isDisabled()) break;
      await forward.click();
    }
    assert.ok(asked >= 3, `browse asks at least three questions (asked ${asked})`);
    assert.ok(right >= 1 && revealed >= 1, `numbers were checked (${right}) and states revealed (${revealed})`);
    // Revealed answers do not count; checked ones do, right or wrong.
    await page.getByText(`${right} of ${right + wrong} right`).first().waitFor();
    assertNoProblems(assert, problems, 'predict mode');
    await context.close();
  });
});
