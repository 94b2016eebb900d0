// The page's segment log and diagram show exactly the segments the CLI prints for the same
// scenario and parameters: the page and the CLI run the same engine.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  assertNoProblems,
  cliTrace,
  expectedRow,
  hashFor,
  normalRow,
  openPage,
  readLog,
  setUp,
  waitForLog,
} from '../lib.mjs';

// The ISNs of the seed's classic tcpdump example.
const PINNED = { 'client.isn': '3626544836', 'server.isn': '1739326486', latency_ms: '30' };

describe('the page agrees with the CLI', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('browse with the tcpdump ISNs: every segment has the CLI\'s flags, seq, ack and len', async () => {
    const trace = cliTrace('browse', PINNED);
    assert.ok(trace.segments.length >= 11, `browse has at least 11 segments (CLI gave ${trace.segments.length})`);
    assert.equal(trace.segments[0].seq, 3626544836, 'the CLI honours client.isn');

    const { page, context, problems } = await openPage(env, hashFor('browse', PINNED));
    await waitForLog(page);
    const rows = await readLog(page);
    assert.deepEqual(rows.map(normalRow), trace.segments.map(expectedRow));

    // The diagram draws one element per segment, with the same ids.
    const drawn = await page.$$eval(`${DIAGRAM} [data-segment-id]`, (els) =>
      els.map((e) => e.getAttribute('data-segment-id')),
    );
    assert.deepEqual(
      [...drawn].sort((a, b) => a - b),
      trace.segments.map((s) => String(s.id)),
      'one diagram element per segment',
    );
    assertNoProblems(assert, problems, 'browse with pinned ISNs');
    await context.close();
  });

  it('handshake with the tcpdump ISNs shows the numbers of the example', async () => {
    const params = { 'client.isn': '3626544836', 'server.isn': '1739326486' };
    const trace = cliTrace('handshake', params);
    const { page, context, problems } = await openPage(env, hashFor('handshake', params));
    await waitForLog(page);
    const rows = (await readLog(page)).map(normalRow);
    assert.deepEqual(rows, trace.segments.map(expectedRow));
    assert.deepEqual(rows.slice(0, 3), [
      { id: '0', flags: 'SYN', seq: '3626544836', ack: null, len: '0' },
      { id: '1', flags: 'SYN,ACK', seq: '1739326486', ack: '3626544837', len: '0' },
      { id: '2', flags: 'ACK', seq: '3626544837', ack: '1739326487', len: '0' },
    ]);
    assertNoProblems(assert, problems, 'handshake');
    await context.close();
  });

  it('drop=N loses the segment the log numbers #N, as the CLI does', async () => {
    // The request of browse: the engine numbers segments from 0 (the Trace id), and the
    // log's # column and drop= both use that number.
    const params = { ...PINNED, drop: '3' };
    const trace = cliTrace('browse', params);
    assert.equal(trace.segments[3].fate, 'dropped', 'the CLI drops Trace segment 3');
    assert.equal(trace.segments[3].len > 0, true, 'segment 3 of browse is the request');
    const { page, context, problems } = await openPage(env, hashFor('browse', params));
    await waitForLog(page);
    assert.deepEqual((await readLog(page)).map(normalRow), trace.segments.map(expectedRow));
    const row = page.locator('[data-testid="segment-log"] tr[data-segment-id="3"]');
    assert.equal((await row.locator('td').first().innerText()).trim(), '3', 'the # column shows the id');
    assert.match(await row.getAttribute('class'), /odd-fate/, 'the dropped row is marked');
    assertNoProblems(assert, problems, 'browse with drop=3');
    await context.close();
  });

  it('the same link opens the same run, and another seed opens what the CLI gives for it', async () => {
    const link = hashFor('browse', { seed: '7' });
    const first = await openPage(env, link);
    await waitForLog(first.page);
    const a = await readLog(first.page);
    const second = await openPage(env, link);
    await waitForLog(second.page);
    assert.deepEqual(await readLog(second.page), a, 'same link, same rows');
    assert.deepEqual(a.map(normalRow), cliTrace('browse', { seed: '7' }).segments.map(expectedRow));

    // The seed draws the ISNs: the CLI says whether seeds 7 and 8 differ; the page must agree.
    const other = await openPage(env, hashFor('browse', { seed: '8' }));
    await waitForLog(other.page);
    assert.deepEqual(
      (await readLog(other.page)).map(normalRow),
      cliTrace('browse', { seed: '8' }).segments.map(expectedRow),
    );
    for (const p of [first, second, other]) {
      assertNoProblems(assert, p.problems, link);
      await p.context.close();
    }
  });
});
