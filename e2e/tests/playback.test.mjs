// Playing browse to the end: every row becomes current in order, the player stops on the
// last one, and each endpoint shows the TCP state the trace says it ends in. A step animates
// the packet, except under reduced motion, where the player still steps and plays correctly.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ROWS,
  TIMEOUT,
  afterFrames,
  assertNoProblems,
  button,
  cliTrace,
  currentIndex,
  hashFor,
  openPage,
  setUp,
  shownStates,
  waitForButton,
  waitForCurrent,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

const PARAMS = { latency_ms: '30' };
/** Playing the whole of browse at the default speed may take a while. */
const PLAY_TIMEOUT = 3 * TIMEOUT;
const RFC_STATES = [
  'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1',
  'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT',
];

/**
 * For each endpoint with TCP states: the states it may show when play has finished, i.e.
 * its state once the last segment has arrived, or one it enters after that (when
 * TIME-WAIT ends).
 */
function finalStates(trace) {
  const last = trace.segments[trace.segments.length - 1];
  const arrived = last.recv_us ?? last.sent_us;
  const allowed = {};
  for (const change of trace.states) {
    const set = (allowed[change.endpoint] ??= new Set());
    if (change.at_us <= arrived) set.clear();
    set.add(change.to);
  }
  return allowed;
}

/** Records every change of the current row (its segment id), from now on, in window.__currentSeen. */
async function watchCurrent(page) {
  await page.evaluate((sel) => {
    const seen = (window.__currentSeen = []);
    const note = () => {
      const marked = [...document.querySelectorAll(sel)].find(
        (r) => r.getAttribute('aria-current') === 'step',
      );
      const i = marked ? Number(marked.getAttribute('data-segment-id')) : -1;
      if (seen[seen.length - 1] !== i) seen.push(i);
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-current'],
    });
  }, ROWS);
}

async function playToTheEnd(page, rowCount, { expectPause }) {
  await button(page, 'Play').click();
  if (expectPause) await waitForButton(page, 'Pause');
  await waitUntil(
    page,
    'the last row is current',
    ([sel, n]) => {
      const marked = [...document.querySelectorAll(sel)].filter(
        (r) => r.getAttribute('aria-current') === 'step',
      );
      return marked.length === 1 && marked[0].getAttribute('data-segment-id') === String(n - 1);
    },
    [ROWS, rowCount],
    PLAY_TIMEOUT,
  );
  await waitForButton(page, 'Play');
}

function assertStatesAreRfcNames(states) {
  assert.ok(Object.keys(states).length >= 2, `a state for each end (got ${JSON.stringify(states)})`);
  for (const [endpoint, state] of Object.entries(states)) {
    assert.ok(RFC_STATES.includes(state), `${endpoint} shows "${state}", an RFC 9293 state name`);
  }
}

describe('playback', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('plays browse to the end and shows the states the trace ends in', async () => {
    const trace = cliTrace('browse', PARAMS);
    const n = trace.segments.length;
    const { page, context, problems } = await openPage(env, hashFor('browse', PARAMS));
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);
    const endpoints = [...new Set(trace.states.map((s) => s.endpoint))];
    const before = await shownStates(page);
    assertStatesAreRfcNames(before);
    for (const id of endpoints) assert.ok(id in before, `state-${id} is shown at the start`);

    await watchCurrent(page);
    await playToTheEnd(page, n, { expectPause: true });

    // Rows became current in send order, ending on the last.
    const seen = (await page.evaluate(() => window.__currentSeen)).filter((i) => i >= 0);
    assert.equal(seen[seen.length - 1], n - 1, 'playing stops on the last row');
    for (let k = 1; k < seen.length; k++) {
      assert.ok(seen[k] > seen[k - 1], `the current row only moves forward while playing: ${seen}`);
    }
    assert.ok(seen[0] <= start + 1, `play starts from the start (row ${start}): ${seen}`);
    assert.ok(seen.length >= Math.ceil(n / 2), `play walks through the rows, not to the end at once: ${seen}`);

    const states = await shownStates(page);
    assertStatesAreRfcNames(states);
    const allowed = finalStates(trace);
    for (const id of endpoints) {
      assert.ok(
        allowed[id].has(states[id]),
        `${id} shows ${states[id]} at the end; the trace allows ${[...allowed[id]].join(' or ')}`,
      );
    }
    // browse: the client closes first (TIME-WAIT, later CLOSED), the server ends CLOSED.
    assert.ok(['TIME-WAIT', 'CLOSED'].includes(states.client), `client ends in ${states.client}`);
    assert.equal(states.server, 'CLOSED', 'the server ends CLOSED');

    // At the end, stepping forward does nothing (the button may be disabled), and Step
    // back goes one up.
    const forward = button(page, 'Step forward');
    if (await forward.isEnabled()) await forward.click();
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, n - 1, 'stepping forward at the end stays there');
    await button(page, 'Step back').click();
    await waitForCurrent(page, n - 2, 'Step back from the end');
    assertNoProblems(assert, problems, 'playing browse');
    await context.close();
  });

  it('moves the packet along its arrow, unless the system asks for reduced motion', async () => {
    // The travelling packet is a Web Animation: some run right after a step with no
    // preference, none at all under prefers-reduced-motion: reduce (CSS ones neither).
    for (const reducedMotion of ['no-preference', 'reduce']) {
      const { page, context, problems } = await openPage(env, hashFor('browse', PARAMS), {
        reducedMotion,
      });
      await waitForLog(page);
      await waitForButton(page, 'Play');
      const start = await currentIndex(page);
      const running = [];
      for (let k = 1; k <= 3; k++) {
        await button(page, 'Step forward').click();
        await waitForCurrent(page, start + k, `Step forward ${k} (${reducedMotion})`);
        // The step's effects have run once two more frames are drawn; the animations
        // last 500 ms or more, so they are still running then.
        await afterFrames(page);
        running.push(await page.evaluate(() => document.getAnimations().length));
      }
      if (reducedMotion === 'reduce') {
        assert.deepEqual(running, [0, 0, 0], 'no animation under reduced motion');
      } else {
        assert.ok(running.every((n) => n > 0), `each step animates: ${running}`);
      }
      assertNoProblems(assert, problems, `animations (${reducedMotion})`);
      await context.close();
    }
  });

  it('changes the drawn window in place on a step, as drawing it afresh would draw it', async () => {
    // A step changes a few attributes and texts of the window (the veil, the playhead,
    // two segments' classes) in the elements already there (crates/web/src/figure_patch.rs).
    // What that leaves must be what the window parsed afresh from its markup shows: the
    // Timers box, off and on again, draws the same window anew.
    const { page, context, problems } = await openPage(env, hashFor('browse', PARAMS));
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);
    const timers = page.getByRole('checkbox', { name: 'Timers', exact: true });
    // The window's elements (the packet aside), with their attributes in any order.
    const shown = () =>
      page.evaluate(() => {
        const norm = (n) => {
          if (n.nodeType === Node.TEXT_NODE) return JSON.stringify(n.data);
          if (n.nodeType !== Node.ELEMENT_NODE || n.classList.contains('wt-packet')) return '';
          const attrs = [...n.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
          return `<${n.localName} ${attrs}>${[...n.childNodes].map(norm).join('')}</${n.localName}>`;
        };
        return [...document.querySelector('svg.wt-window').childNodes].map(norm).join('');
      });
    const mark = () =>
      page.evaluate(() => {
        window.__firstLayer = document.querySelector('svg.wt-window').firstElementChild;
      });
    const same = () =>
      page.evaluate(() => window.__firstLayer === document.querySelector('svg.wt-window').firstElementChild);
    const afresh = async () => {
      for (const check of [false, true]) {
        if (check) await timers.check();
        else await timers.uncheck();
        await afterFrames(page);
      }
      return shown();
    };
    let k = 0;
    for (const [move, why] of [[1, 'forward'], [1, 'forward'], [1, 'forward'], [-1, 'back'], [1, 'forward']]) {
      await mark();
      const before = await shown();
      await button(page, move > 0 ? 'Step forward' : 'Step back').click();
      k += move;
      await waitForCurrent(page, start + k, `step ${why} to ${start + k}`);
      await afterFrames(page);
      const stepped = await shown();
      assert.notEqual(stepped, before, `step ${why} to ${start + k} changes the window`);
      assert.ok(await same(), `step ${why} to ${start + k}: the window's elements are kept, not parsed again`);
      await mark();
      assert.equal(await afresh(), stepped, `step ${start + k}: the window changed in place is the window drawn afresh`);
      assert.ok(!(await same()), 'Timers off and on draws the window afresh');
    }
    assertNoProblems(assert, problems, 'stepping the window in place');
    await context.close();
  });

  it('with reduced motion, steps and plays correctly', async () => {
    const trace = cliTrace('browse', PARAMS);
    const n = trace.segments.length;
    const { page, context, problems } = await openPage(env, hashFor('browse', PARAMS), {
      reducedMotion: 'reduce',
    });
    assert.equal(
      await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches),
      true,
      'the browser reports reduced motion',
    );
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);
    for (let k = 1; k <= 3; k++) {
      await button(page, 'Step forward').click();
      await waitForCurrent(page, start + k, `Step forward ${k}`);
    }
    await button(page, 'Step back').click();
    await waitForCurrent(page, start + 2, 'Step back');
    assertStatesAreRfcNames(await shownStates(page));

    await playToTheEnd(page, n, { expectPause: false });
    const states = await shownStates(page);
    const allowed = finalStates(trace);
    for (const [id, ok] of Object.entries(allowed)) {
      assert.ok(ok.has(states[id]), `${id} ends in ${states[id]} (trace: ${[...ok]})`);
    }
    assertNoProblems(assert, problems, 'reduced motion');
    await context.close();
  });
});
