// The parameter editor re-runs the engine and keeps the link; predict mode stops before key
// segments, checks the student's answers (states and numbers) against the CLI's run of the
// same round, and reveals them on request.

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
  waitForCurrent,
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

  it('predict mode draws fresh ISNs, asks before key segments, and checks answers against the CLI\'s trace', async () => {
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
    // The new round's numbers are in the link: the CLI runs the same round.
    const link = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    const isns = { 'client.isn': link.get('client.isn'), 'server.isn': link.get('server.isn') };
    assert.ok(isns['client.isn'] && isns['server.isn'], `the link has the round's ISNs: ${link}`);
    const trace = cliTrace('browse', isns);
    assert.deepEqual((await readLog(page)).map(normalRow), trace.segments.map(expectedRow));
    const label = (id) => trace.endpoints.find((e) => e.id === id).label;

    const asked = new Map();
    const wrongKinds = new Set();
    let right = 0;
    let wrong = 0;
    let revealed = 0;
    for (let guard = 0; guard < 4 * trace.segments.length; guard++) {
      const form = page.locator('.quiz-form');
      if (await form.count()) {
        const question = await page.locator('.quiz-q').innerText();
        // The question is about the next segment, the one after the current row.
        const id = (await currentIndex(page)) + 1;
        const seg = trace.segments[id];
        // The answer, from the CLI's Trace: a state change the segment causes (at its
        // receiver first), else the acknowledgment or sequence number it carries.
        const changes = trace.states.filter((c) => c.segment === id);
        const change = changes.find((c) => c.endpoint === seg.to) ?? changes[0];
        let kind;
        let answer;
        let who;
        if (/state/.test(question)) {
          assert.ok(change, `segment ${id} changes a state, so a state question is fair`);
          [kind, answer, who] = ['state', change.to, change.endpoint];
        } else if (/acknowledgment/.test(question)) {
          assert.ok(!change, `segment ${id}: a state change would be asked first`);
          [kind, answer, who] = ['ack', String(seg.ack), seg.from];
        } else {
          assert.match(question, /sequence/);
          assert.ok(!change, `segment ${id}: a state change would be asked first`);
          [kind, answer, who] = ['seq', String(seg.seq), seg.from];
        }
        assert.ok(question.includes(label(who)), `"${question}" asks about ${label(who)}`);
        asked.set(id, kind);
        // The log does not give the answer away.
        const row = page.locator(`${ROWS}[data-segment-id="${id}"]`);
        if (kind !== 'state') {
          assert.ok(!(await row.innerText()).includes(answer), `row ${id} hides ${answer}`);
        }
        const input = page.locator('.quiz-input');
        const choose = async (value) => {
          if (kind === 'state') await input.selectOption(value);
          else await input.fill(value);
        };
        if (!wrongKinds.has(kind === 'state')) {
          // One wrong answer of each sort: the trace's answer is shown beside it.
          const guess =
            kind === 'state'
              ? answer === 'CLOSED' ? 'LISTEN' : 'CLOSED'
              : String((Number(answer) + 1) % 2 ** 32);
          await choose(guess);
          await button(page, 'Check').click();
          await page.getByText(`Not quite: you said ${guess}, the trace says ${answer}.`).waitFor();
          wrongKinds.add(kind === 'state');
          wrong++;
        } else if (revealed === 0 && kind !== 'state') {
          await button(page, 'Show me').click();
          await page.getByText(`The answer: ${answer}.`).waitFor();
          revealed++;
        } else {
          await choose(answer);
          await button(page, 'Check').click();
          await page.getByText(`Right: ${answer}.`).waitFor();
          right++;
        }
        await button(page, 'Continue').click();
        await waitForCurrent(page, id, 'Continue shows the segment asked about');
        continue;
      }
      const forward = button(page, 'Step forward');
      if (await forward.isDisabled()) break;
      await forward.click();
    }
    // Every segment that changes a state was asked about, as a state question.
    const withChanges = [...new Set(trace.states.filter((c) => c.segment != null).map((c) => c.segment))];
    for (const id of withChanges) {
      assert.equal(asked.get(id), 'state', `segment ${id} changes a state: asked before it`);
    }
    const kinds = [...asked.values()];
    assert.ok(kinds.includes('ack') || kinds.includes('seq'), `numbers were asked too: ${kinds}`);
    assert.ok(right >= 2 && wrong === 2 && revealed === 1, `right ${right}, wrong ${wrong}, shown ${revealed}`);
    // Revealed answers do not count; checked ones do, right or wrong.
    await page.getByText(`${right} of ${right + wrong} right`).first().waitFor();
    assertNoProblems(assert, problems, 'predict mode');
    await context.close();
  });
});
