// What a link says is what the page shows: `num=rel` numbers every segment from its side's
// ISN (the log, the figure; the data attributes stay raw), `speed=` sets the pace of play,
// `play=1` starts playing at once, `timers=0` hides the timer brackets. The expected values
// come from the CLI's Trace.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  ROWS,
  assertNoProblems,
  button,
  cliTrace,
  currentIndex,
  expectedRow,
  hashFor,
  normalRow,
  openPage,
  readLog,
  setUp,
  waitForButton,
  waitForCurrent,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

const PINNED = { 'client.isn': '3626544836', 'server.isn': '1739326486', latency_ms: '30' };

/**
 * Each segment's numbers relative to its connection's ISNs (the SYN's seq of each side, or
 * its first segment's): `[{ seq, ack }]`, as Wireshark shows them.
 */
function relativeNumbers(trace) {
  const base = new Map();
  for (const s of trace.segments) {
    if (s.flags.includes('SYN') && !base.has(`${s.conn}/${s.from}`)) base.set(`${s.conn}/${s.from}`, s.seq);
  }
  for (const s of trace.segments) {
    if (!base.has(`${s.conn}/${s.from}`)) base.set(`${s.conn}/${s.from}`, s.seq);
  }
  const rel = (n, key) => (n - (base.get(key) ?? n)) >>> 0;
  return trace.segments.map((s) => ({
    seq: rel(s.seq, `${s.conn}/${s.from}`),
    ack: s.ack === null ? null : rel(s.ack, `${s.conn}/${s.to}`),
  }));
}

/** The whole numbers written in a text. */
const numbersIn = (text) => (text.match(/\d+/g) ?? []).map(Number);

describe('links', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('num=rel shows relative numbers in the log and the figure, raw ones in the data', async () => {
    const trace = cliTrace('browse', PINNED);
    const rel = relativeNumbers(trace);
    const { page, context, problems } = await openPage(env, hashFor('browse', { ...PINNED, num: 'rel' }));
    await waitForLog(page);
    assert.equal(await button(page, 'Relative').getAttribute('aria-pressed'), 'true');
    // The data attributes keep the wire's numbers (CONTRACT.md) ...
    assert.deepEqual((await readLog(page)).map(normalRow), trace.segments.map(expectedRow));
    // ... while the cells show each number relative to its side's ISN, never the raw one.
    const rowText = async (id) =>
      page.locator(`${ROWS}[data-segment-id="${id}"]`).innerText();
    for (const [id, seg] of trace.segments.entries()) {
      const shown = numbersIn(await rowText(id));
      assert.ok(shown.includes(rel[id].seq), `row ${id} shows seq ${rel[id].seq}: ${shown}`);
      assert.ok(!shown.includes(seg.seq), `row ${id} hides the raw seq ${seg.seq}`);
      if (seg.ack !== null) {
        assert.ok(shown.includes(rel[id].ack), `row ${id} shows ack ${rel[id].ack}: ${shown}`);
        assert.ok(!shown.includes(seg.ack), `row ${id} hides the raw ack ${seg.ack}`);
      }
    }
    // The figure too: the handshake reads seq=0, then ack=1.
    // (Drawn texts only: the arrows' tooltips tell the explanation, which names the ISN.)
    const figure = async () =>
      page.locator(`${DIAGRAM} text`).evaluateAll((ts) => ts.map((t) => t.textContent).join('\n'));
    let text = await figure();
    assert.match(text, /\bseq=0\b/);
    assert.match(text, /\back=1\b/);
    assert.ok(!text.includes(String(trace.segments[0].seq)), 'no raw ISN in the figure');

    // Back to absolute numbers: the raw ISN shows, and the link says so.
    await button(page, 'Absolute').click();
    await waitUntil(
      page,
      'the log shows raw numbers',
      ([sel, isn]) => document.querySelector(sel)?.innerText.includes(isn),
      [`${ROWS}[data-segment-id="0"]`, String(trace.segments[0].seq)],
    );
    text = await figure();
    assert.ok(text.includes(`seq=${trace.segments[0].seq}`), 'the figure shows raw numbers');
    assert.ok(!(await page.evaluate(() => location.hash)).includes('num=rel'));
    await button(page, 'Relative').click();
    await waitUntil(page, 'the link keeps num=rel', () => location.hash.includes('num=rel'));
    assertNoProblems(assert, problems, 'num=rel');
    await context.close();
  });

  it('speed= sets the pace of play and play=1 starts it at once', async () => {
    const trace = cliTrace('browse', PARAMS_SLOW);
    const { page, context, problems } = await openPage(env, hashFor('browse', { ...PARAMS_SLOW, speed: '0.25', play: '1' }));
    await waitForLog(page);
    // Playing without a click.
    await waitForButton(page, 'Pause');
    assert.equal(
      await page.getByRole('combobox', { name: 'Speed' }).evaluate((s) => s.selectedOptions[0].text),
      '0.25×',
    );
    // At a quarter of the pace a step waits at least four times the 650 ms dwell after
    // the packet arrives (timers never fire early); at normal speed it would be 1.2 to 2 s.
    const start = await currentIndex(page);
    await waitForCurrent(page, start + 1, 'the next step at 0.25×');
    const t0 = Date.now();
    await waitForCurrent(page, start + 2, 'one more step at 0.25×');
    const gap = Date.now() - t0;
    assert.ok(gap >= 2_500, `a step at 0.25× takes at least 2.6 s (took ${gap} ms)`);
    await button(page, 'Pause').click();
    await waitForButton(page, 'Play');
    assert.ok((await currentIndex(page)) < trace.segments.length - 1, 'paused before the end');
    assert.match(await page.evaluate(() => location.hash), /speed=0\.25/, 'the link keeps the speed');
    assertNoProblems(assert, problems, 'speed=0.25&play=1');
    await context.close();
  });

  it('timers=0 hides the timer brackets that timers=1 draws', async () => {
    const trace = cliTrace('browse', PINNED);
    // The first timer armed (the SYN's retransmission timer) is drawn at the top of the
    // figure, with its note as the bracket's title.
    const first = trace.timers[0];
    assert.ok(first?.note, 'browse arms a timer with a note');
    const titles = async (page) =>
      page.locator(`${DIAGRAM} title`).evaluateAll((ts) => ts.map((t) => t.textContent));
    for (const timers of ['1', '0']) {
      const { page, context, problems } = await openPage(env, hashFor('browse', { ...PINNED, timers }));
      await waitForLog(page);
      await page.locator(DIAGRAM).first().waitFor();
      const checkbox = page.getByRole('checkbox', { name: 'Timers' });
      assert.equal(await checkbox.isChecked(), timers === '1');
      const drawn = (await titles(page)).filter((t) => t.includes(first.note));
      if (timers === '1') {
        assert.ok(drawn.length > 0, 'the timer is drawn with its note');
        // Unticking the box hides it, as timers=0 does, and the link says so.
        await checkbox.uncheck();
        await waitUntil(page, 'the link says timers=0', () => location.hash.includes('timers=0'));
        await waitUntil(
          page,
          'the timer brackets are gone',
          ([sel, note]) => ![...document.querySelectorAll(sel)].some((t) => t.textContent.includes(note)),
          [`${DIAGRAM} title`, first.note],
        );
      } else {
        assert.deepEqual(drawn, [], 'timers=0: no timer bracket');
      }
      assertNoProblems(assert, problems, `timers=${timers}`);
      await context.close();
    }
  });
});

/** A run with few, slow steps. */
const PARAMS_SLOW = { latency_ms: '30' };
