// Inside the sockets: each side's TCB at the playhead equals the CLI Trace's sample in
// effect at that step (`data-testid="tcb-<endpoint>"`, a `data-<variable>` per value), moves
// when stepping, marks what changed, and speaks Chinese.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertNoProblems,
  cliTrace,
  openPage,
  setUp,
  waitForCurrent,
  waitForLog,
  timeAt,
  waitUntil,
} from '../lib.mjs';

const VARS = [
  'snd_una', 'snd_nxt', 'snd_wnd', 'rcv_nxt', 'rcv_wnd', 'cwnd', 'ssthresh',
  'srtt_us', 'rttvar_us', 'rto_us', 'in_flight', 'snd_buf', 'rcv_buf',
];

/** The sample of `endpoint`'s side of `conn` in effect at step `n`, from the Trace alone. */
function sampleAt(trace, endpoint, conn, n) {
  const e = trace.endpoints.findIndex((x) => x.id === endpoint);
  const now = timeAt(trace, n);
  for (let k = trace.tcb.length - 1; k >= 0; k--) {
    const s = trace.tcb[k];
    if (s.endpoint !== e || s.conn !== conn) continue;
    if (s.segment !== undefined ? s.segment < n : s.at_us <= now) return s;
  }
  return null;
}

/** What the page shows for every side: `{ endpoint: { var: value } }`, changed rows too. */
async function shown(page) {
  return page.$$eval('[data-testid^="tcb-"]', (cards) =>
    Object.fromEntries(
      cards.map((c) => [
        c.dataset.testid.slice(4),
        {
          data: Object.fromEntries(Object.entries(c.dataset).filter(([k]) => k !== 'testid')),
          changed: [...c.querySelectorAll('.tcb-vars .changed')].map((d) => d.dataset.var),
        },
      ]),
    ),
  );
}

function expected(trace, n) {
  const seg = trace.segments[n - 1];
  const out = {};
  for (const id of [seg.from, seg.to]) {
    const s = sampleAt(trace, id, seg.conn, n);
    if (!s) continue;
    out[id] = Object.fromEntries(VARS.filter((v) => s[v] !== undefined).map((v) => [v, String(s[v])]));
  }
  return out;
}

describe('inside the sockets', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => {
    await env?.close();
  });

  it('shows each side\'s variables as the Trace has them at the step, and what a step changed', async () => {
    const trace = cliTrace('fast-retransmit');
    assert.ok(trace.tcb.length > 20, 'the CLI Trace has samples');
    const { page, context, problems } = await openPage(env, '#s=fast-retransmit&t=12');
    await waitForLog(page);
    await waitForCurrent(page, 11);
    let changedSeen = 0;
    for (let n = 12; n <= 22; n++) {
      if (n > 12) {
        await page.keyboard.press('ArrowRight');
        await waitForCurrent(page, n - 1, `step ${n}`);
      }
      const want = expected(trace, n);
      await waitUntil(
        page,
        `the socket panel of step ${n}`,
        (ids) => ids.every((id) => document.querySelector(`[data-testid="tcb-${id}"]`)),
        Object.keys(want),
      );
      const got = await shown(page);
      for (const [id, values] of Object.entries(want)) {
        assert.deepEqual(got[id].data, values, `step ${n}: ${id}`);
        const before = sampleAt(trace, id, trace.segments[n - 1].conn, n - 1);
        const moved = VARS.filter((v) => before && String(before[v]) !== String(values[v] ?? undefined));
        assert.deepEqual(got[id].changed.sort(), moved.sort(), `step ${n}: ${id}'s changed rows`);
        changedSeen += moved.length;
      }
    }
    assert.ok(changedSeen >= 5, `${changedSeen} changes marked`);
    // The bars say in words what they draw.
    const label = await page.getAttribute('[data-testid="tcb-server"] .tcb-bar', 'aria-label');
    assert.match(label, /^Send sequence space: acknowledged [\d,]+, sent, not acknowledged [\d,]+/);
    assertNoProblems(assert, problems, 'fast-retransmit');
    await context.close();
  });

  it('counts what the application read, not the FIN after it', async () => {
    // At the end of browse the server has read the request and the client's FIN has come:
    // RCV.NXT is one past the request's last byte, and that one is the FIN's.
    const trace = cliTrace('browse');
    const request = trace.segments
      .filter((s) => s.from === 'client' && s.conn === 0)
      .reduce((n, s) => n + s.len, 0);
    assert.ok(request > 0, 'the client sent a request');
    const { page, context, problems } = await openPage(env, '#s=browse&t=end');
    await waitForLog(page);
    await page.waitForSelector('[data-testid="tcb-server"] .tcb-bar');
    const labels = await page.$$eval('[data-testid="tcb-server"] .tcb-bar', (bars) =>
      bars.map((b) => b.getAttribute('aria-label')),
    );
    const recv = labels.find((l) => l.startsWith('Receive sequence space'));
    const read = Number(recv.match(/read by the application ([\d,]+)/)[1].replaceAll(',', ''));
    assert.equal(read, request, recv);
    assertNoProblems(assert, problems, 'browse at the end');
    await context.close();
  });

  it('tells a listener\'s socket from a connection\'s among the states now', async () => {
    // Step 2 of browse: the server's listener stays in LISTEN beside the new connection.
    for (const [lang, want] of [
      ['en', ['connection SYN-RECEIVED', 'listener LISTEN']],
      ['zh', ['监听 LISTEN', '连接 SYN-RECEIVED']],
    ]) {
      const { page, context, problems } = await openPage(env, `#s=browse&t=2&lang=${lang}`);
      await waitForLog(page);
      await waitUntil(page, 'the server\'s sockets', () =>
        document.querySelector('[data-testid="state-server"] .sockets'),
      );
      const names = await page.locator('[data-testid="state-server"] .socket').allInnerTexts();
      assert.deepEqual(names.map((n) => n.trim()).sort(), want, lang);
      assertNoProblems(assert, problems, `browse states now (${lang})`);
      await context.close();
    }
  });

  it('names a SYN or FIN sent and not acknowledged beside the bytes', async () => {
    // Step 1 of browse: the client's SYN is out, no byte is; the teardown's first FIN
    // (the client's, at the step that sends it) likewise.
    const trace = cliTrace('browse');
    const fin = trace.segments.findIndex((s) => s.flags.includes('FIN'));
    assert.equal(trace.segments[fin].from, 'client');
    const { page, context, problems } = await openPage(env, '#s=browse&t=1');
    await waitForLog(page);
    const unacked = async (id) => {
      const label = await page.getAttribute(`[data-testid="tcb-${id}"] .tcb-bar`, 'aria-label');
      return label.match(/sent, not acknowledged ([^,]+)/)[1];
    };
    await waitUntil(page, 'the client\'s socket', () => document.querySelector('[data-testid="tcb-client"] .tcb-bar'));
    assert.equal(await unacked('client'), '0 + SYN');
    for (let n = 1; n <= fin; n++) {
      await page.keyboard.press('ArrowRight');
      await waitForCurrent(page, n, `step ${n + 1}`);
    }
    await waitUntil(page, 'the client\'s socket', () => document.querySelector('[data-testid="tcb-client"] .tcb-bar'));
    assert.equal(await unacked('client'), '0 + FIN');
    assertNoProblems(assert, problems, 'browse: SYN and FIN');
    await context.close();

    // A SYN sent again, or two SYNs crossing, move SND.NXT back to SND.UNA in the sample:
    // the SYN is still out. Both sides of a simultaneous open at its second segment, and
    // the server at browse's fourth step when the first SYN,ACK was lost.
    for (const [hash, ids] of [
      ['#s=simultaneous-open&t=2', ['a', 'b']],
      ['#s=browse&drop=1&t=4', ['server']],
    ]) {
      const { page, context, problems } = await openPage(env, hash);
      await waitForLog(page);
      for (const id of ids) {
        await waitUntil(page, `${id}'s socket`, (id) => document.querySelector(`[data-testid="tcb-${id}"] .tcb-bar`), id);
        const label = await page.getAttribute(`[data-testid="tcb-${id}"] .tcb-bar`, 'aria-label');
        assert.match(label, /sent, not acknowledged 0 \+ SYN,/, `${hash}: ${id}`);
      }
      assertNoProblems(assert, problems, hash);
      await context.close();
    }
  });

  it('counts an acknowledged FIN as no byte acknowledged', async () => {
    // At the end of browse the client sent its 100-byte request and a FIN, both acknowledged.
    const trace = cliTrace('browse');
    const sent = trace.segments.filter((s) => s.from === 'client').reduce((n, s) => n + s.len, 0);
    const { page, context, problems } = await openPage(env, '#s=browse&t=end');
    await waitForLog(page);
    await page.waitForSelector('[data-testid="tcb-client"] .tcb-bar');
    const label = await page.getAttribute('[data-testid="tcb-client"] .tcb-bar', 'aria-label');
    assert.equal(Number(label.match(/acknowledged ([\d,]+)/)[1].replaceAll(',', '')), sent, label);
    assertNoProblems(assert, problems, 'browse: FIN acknowledged');
    await context.close();
  });

  it('says when a segment\'s timer ended, which may be after the step', async () => {
    // The SYN's retransmission timer: armed at 0 ms, cancelled when the SYN-ACK arrives.
    const trace = cliTrace('browse');
    const rto = trace.timers.find((t) => t.segment === 0 && t.kind === 'rto');
    assert.equal(rto.outcome, 'cancelled');
    const at = `${(rto.ended_us - trace.segments[0].sent_us) / 1000} ms`;
    const { page, context, problems } = await openPage(env, '#s=browse&t=1');
    await waitForLog(page);
    const item = page.locator('.timers li').first();
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, new RegExp(`^RTO 1 s · cancelled at ${at}`), text);
    // The panel shows it still running at this step, and the two now agree.
    const running = await page.locator('[data-testid="tcb-client"] [data-timer="Rto"]').innerText();
    assert.match(running, /left/, running);
    assertNoProblems(assert, problems, 'browse at step 1');
    await context.close();
  });

  it('speaks Chinese, and a UDP step or the start shows no panel', async () => {
    const { page, context, problems } = await openPage(env, '#s=browse&t=6&lang=zh');
    await waitForLog(page);
    await page.waitForSelector('[data-testid="tcb-server"]');
    const text = await page.textContent('.socket-panel');
    for (const words of ['套接字内部', '发送序号空间', '接收序号空间', '已发送未确认']) {
      assert.ok(text.includes(words), `${words} in ${text}`);
    }
    await page.evaluate(() => (location.hash = '#s=browse&t=0&lang=zh'));
    await waitForCurrent(page, -1, 'the start');
    assert.equal(await page.$('.socket-panel'), null);
    assertNoProblems(assert, problems, 'browse in Chinese');
    await context.close();
  });
});
