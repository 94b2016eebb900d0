// Predict mode in the congestion stories: before an ACK reaches the sender the player asks
// what its cwnd becomes or how many new data segments it may send; the answers come from
// the CLI's run of the same round, the socket panel shows the sender as it was just before
// the ACK (never what the ACK did), and the reveal explains the count and the cwnd (the
// slow-start rule with the trace's numbers).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertNoProblems,
  button,
  cliTrace,
  currentIndex,
  openPage,
  setUp,
  waitForCurrent,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

/** The sender's samples of the ACK's connection (record order) and the ACK's index there. */
function samplesOf(trace, endpoint, id) {
  const e = trace.endpoints.findIndex((x) => x.id === endpoint);
  const conn = trace.segments[id].conn;
  const mine = trace.tcb.filter((s) => s.endpoint === e && s.conn === conn);
  const k = mine.findIndex((s) => s.segment === id);
  assert.ok(k > 0, `segment ${id} caused a sample of ${endpoint}`);
  return { mine, k };
}

/** The sender's sample the ACK `id` caused and the one right before it (record order). */
function aroundAck(trace, endpoint, id) {
  const { mine, k } = samplesOf(trace, endpoint, id);
  return { before: mine[k - 1], after: mine[k] };
}

const isNew = (s) => s.len > 0 && !s.analysis.some((a) => /retransmission/.test(a));

/**
 * The new data segments `endpoint` sent the moment segment `id` reached it, before
 * anything else arrived: the sends whose samples follow the ACK's. When the ACK is the
 * only segment arriving then, that is every new data segment leaving at that instant.
 */
function sentOnArrival(trace, endpoint, id) {
  const { mine, k } = samplesOf(trace, endpoint, id);
  const at = trace.segments[id].recv_us;
  let sent = 0;
  for (const s of mine.slice(k + 1)) {
    const seg = trace.segments[s.segment];
    if (s.at_us !== at || !seg || seg.from !== endpoint) break;
    if (isNew(seg)) sent++;
  }
  const leaving = trace.segments.filter((s) => s.from === endpoint && s.sent_us === at && isNew(s));
  const arriving = trace.segments.filter((s) => s.to === endpoint && s.recv_us === at);
  if (arriving.length === 1) assert.equal(sent, leaving.length, `segment ${id}: all that leaves`);
  else assert.ok(sent <= leaving.length, `segment ${id}: some of what leaves`);
  return sent;
}

describe('predict mode in the congestion stories', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('asks how many segments an ACK releases, hides its effect from the socket panel, and explains the answer', async () => {
    const { page, context, problems } = await openPage(env, '#s=slow-start&initial_window=1');
    await waitForLog(page);
    await page.getByRole('checkbox', { name: 'Predict' }).check();
    await waitUntil(page, 'the round\'s ISNs are in the link', () => /server\.isn=/.test(location.hash));
    const link = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
    const trace = cliTrace('slow-start', {
      initial_window: '1',
      'client.isn': link.get('client.isn'),
      'server.isn': link.get('server.isn'),
    });
    const server = trace.endpoints.find((e) => e.id === 'server');

    const counts = [];
    let cwnds = 0;
    for (let guard = 0; guard < 200 && counts.length < 2; guard++) {
      if (!(await page.locator('.quiz-form').count())) {
        const forward = button(page, 'Step forward');
        assert.ok(!(await forward.isDisabled()), 'the run ended before two count questions');
        await forward.click();
        continue;
      }
      const question = await page.locator('.quiz-q').innerText();
      const id = (await currentIndex(page)) + 1;
      const input = page.locator('.quiz-input');
      if (/How many new data segments/.test(question)) {
        assert.ok(question.includes(server.label), `"${question}" is about the server`);
        const { before, after } = aroundAck(trace, 'server', id);
        // The panel is what the student reasons from: the server right before the ACK.
        const card = page.locator('[data-testid="tcb-server"]');
        const panel = await card.evaluate((c) => ({ cwnd: c.dataset.cwnd, in_flight: c.dataset.in_flight }));
        assert.deepEqual(
          panel,
          { cwnd: String(before.cwnd), in_flight: String(before.in_flight) },
          `segment ${id}: the panel shows the server before the ACK, not after (${after.cwnd}, ${after.in_flight})`,
        );
        const answer = sentOnArrival(trace, 'server', id);
        // Slow start: one segment acknowledged, cwnd one SMSS more: two new segments.
        assert.equal(answer, 2, `segment ${id}`);
        const mss = trace.segments.find((s) => s.from === 'server' && s.len > 0).len;
        assert.equal((Math.min(after.cwnd, after.snd_wnd) - after.in_flight) / mss, answer);
        if (counts.length === 0) {
          await input.fill(String(answer + 1));
          await button(page, 'Check').click();
          await page.getByText(`Not quite: you said ${answer + 1}, the trace says ${answer}.`).waitFor();
        } else {
          await input.fill(String(answer));
          await button(page, 'Check').click();
          await page.getByText(`Right: ${answer}.`).waitFor();
        }
        const why = await page.locator('.quiz-why').innerText();
        for (const part of [
          `cwnd from ${grouped(before.cwnd)} B to ${grouped(after.cwnd)} B`,
          `in flight from ${grouped(before.in_flight)} B to ${grouped(after.in_flight)} B`,
          `(min(${grouped(after.cwnd)}, ${grouped(after.snd_wnd)}) − ${grouped(after.in_flight)}) / ${grouped(mss)} → ${answer}`,
        ]) {
          assert.ok(why.includes(part), `the reveal says "${part}": ${why}`);
        }
        counts.push(id);
      } else if (/congestion window/.test(question)) {
        const who = trace.segments[id].to;
        assert.ok(question.includes(trace.endpoints.find((e) => e.id === who).label), question);
        const { before, after } = aroundAck(trace, who, id);
        await input.fill(grouped(after.cwnd));
        await button(page, 'Check').click();
        await page.getByText(`Right: ${grouped(after.cwnd)}.`).waitFor();
        // No loss in this story: every cwnd answer is slow start, cwnd += min(N, SMSS),
        // with N the bytes the ACK took out of the flight and SMSS what the two SYNs'
        // MSS options leave (the peer's, 536 without it, at most the sender's own).
        const conn = trace.segments[id].conn;
        const syn = (own) => trace.segments.find((s) => s.conn === conn && s.flags.includes('SYN') && (s.from === who) === own);
        const smss = Math.min(syn(false).options?.mss ?? 536, syn(true).options?.mss ?? Infinity);
        const acked = before.in_flight - after.in_flight;
        const step = Math.min(acked, smss);
        assert.equal(after.cwnd, before.cwnd + step, `segment ${id}: slow start`);
        const ss = before.ssthresh === 4294967295 ? '∞ (no loss yet)' : `${grouped(before.ssthresh)} B`;
        const why = await page.locator('.quiz-why').innerText();
        for (const part of [
          `The ACK took cwnd from ${grouped(before.cwnd)} B to ${grouped(after.cwnd)} B (${grouped(before.in_flight)} B were in flight before it).`,
          `cwnd ${grouped(before.cwnd)} B < ssthresh ${ss}: slow start.`,
          `N = ${grouped(acked)} B of new data`,
          `min(${grouped(acked)}, ${grouped(smss)}) = ${grouped(step)} B: ${grouped(before.cwnd)} + ${grouped(step)} = ${grouped(after.cwnd)} B (RFC 5681 §3.1)`,
        ]) {
          assert.ok(why.includes(part), `segment ${id}: the cwnd reveal says "${part}": ${why}`);
        }
        cwnds++;
      } else {
        await button(page, 'Show me').click();
        await page.locator('.quiz-verdict').waitFor();
      }
      await button(page, 'Continue').click();
      await waitForCurrent(page, id, 'Continue shows the segment asked about');
    }
    assert.equal(counts.length, 2, `two count questions: ${counts}`);
    assert.ok(cwnds >= 2, `cwnd questions came between them: ${cwnds}`);
    // The first count was wrong, the cwnds and the second count right; shown ones do not count.
    await page.getByText(`${cwnds + 1} of ${cwnds + 2} right`).first().waitFor();
    assertNoProblems(assert, problems, 'predict mode, congestion');
    await context.close();
  });

  it('on a phone, brings the question above the player bar fixed at the bottom', async () => {
    const { page, context, problems } = await openPage(env, '#s=browse', {
      viewport: { width: 390, height: 844 },
    });
    await waitForLog(page);
    await page.getByRole('checkbox', { name: 'Predict' }).check();
    for (let guard = 0; guard < 40 && !(await page.locator('.quiz-form').count()); guard++) {
      await button(page, 'Step forward').click();
    }
    await page.locator('.quiz-form').waitFor();
    await waitUntil(page, 'the question in view above the bar', () => {
      const q = document.querySelector('.quiz').getBoundingClientRect();
      const bar = document.querySelector('.player').getBoundingClientRect();
      return getComputedStyle(document.querySelector('.player')).position === 'fixed'
        && q.top >= 0 && q.bottom <= bar.top;
    });
    assertNoProblems(assert, problems, 'predict mode on a phone');
    await context.close();
  });
});

/** A number with its thousands grouped by commas, as a student may type it. */
function grouped(n) {
  return n.toLocaleString('en-US');
}
