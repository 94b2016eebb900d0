// Opening a capture in the page draws what `wiretrace import` gives for the same file: a
// pcap with two connections (picked from a list), a pcapng with one (drawn at once), the
// seed's tcpdump text; a corrupt file shows an alert naming it and the page keeps working.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  assertNoProblems,
  button,
  currentIndex,
  openPage,
  readLog,
  setUp,
  waitForCurrent,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

const CAPTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'captures');

/** The segments `wiretrace import FILE --format json` finds, as the log's rows give them. */
function cliRows(file) {
  const trace = JSON.parse(execFileSync(CLI, ['import', file, '--format', 'json'], { encoding: 'utf8' }));
  return trace.segments.map((s) => ({
    id: String(s.id),
    flags: s.flags.join(','),
    seq: String(s.seq),
    ack: s.ack === null ? null : String(s.ack),
    len: String(s.len),
  }));
}

const normal = (r) => ({ id: r.id, flags: r.flags, seq: r.seq, ack: r.ack || null, len: r.len });

/** Gives the page's file input a file, as a user picking it does. */
async function open(page, file) {
  await page.locator('.import input[type="file"]').setInputFiles(file);
}

/** Waits for the log to show `n` rows of an imported file named `name`. */
async function waitForImport(page, name, n) {
  await waitUntil(
    page,
    `the page says it drew ${name} with ${n} rows`,
    ([name, n]) =>
      document.body.innerText.includes(`Imported from ${name}`) &&
      document.querySelectorAll('table[data-testid="segment-log"] tr[data-segment-id]').length === n,
    [name, n],
  );
}

describe('opening a capture', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('a pcap with two connections: both listed, both drawn as the CLI reads them', async () => {
    const file = join(CAPTURES, 'http10-two-conns.pcap');
    const expected = cliRows(file);
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    const picker = page.getByText('http10-two-conns.pcap holds 2 connections');
    await picker.waitFor();
    assert.equal(await page.locator('.import input[type="checkbox"]:checked').count(), 2);
    await button(page, 'Draw them').click();
    await waitForImport(page, 'http10-two-conns.pcap', expected.length);
    assert.deepEqual((await readLog(page)).map(normal), expected);

    // The player plays the capture like a scenario.
    const start = await currentIndex(page);
    await button(page, 'Step forward').click();
    await waitForCurrent(page, start + 1, 'stepping through the capture');
    assertNoProblems(assert, problems, 'http10-two-conns.pcap');
    await context.close();
  });

  it('a pcapng with one connection is drawn at once; so is the seed\'s tcpdump text', async () => {
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    const pcapng = join(CAPTURES, 'single-get.pcapng');
    const rows = cliRows(pcapng);
    await open(page, pcapng);
    await waitForImport(page, 'single-get.pcapng', rows.length);
    assert.deepEqual((await readLog(page)).map(normal), rows);

    const seed = join(CAPTURES, 'seed.txt');
    const seedRows = cliRows(seed);
    assert.equal(seedRows[0].seq, '3626544836', 'the seed text has the classic ISN');
    await open(page, seed);
    await waitForImport(page, 'seed.txt', seedRows.length);
    assert.deepEqual((await readLog(page)).map(normal), seedRows);
    assertNoProblems(assert, problems, 'single-get.pcapng and seed.txt');
    await context.close();
  });

  it('a corrupt capture shows an alert naming the file and what was wrong; the page keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-'));
    // A pcap header that promises a packet, then a record header cut short.
    const bad = join(dir, 'broken.pcap');
    const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');
    writeFileSync(bad, Buffer.concat([header, Buffer.from([1, 2, 3, 4, 5, 6])]));
    let cliMessage = '';
    try {
      execFileSync(CLI, ['import', bad], { stdio: 'pipe' });
    } catch (e) {
      cliMessage = e.stderr.toString();
      assert.equal(e.status, 2, 'the CLI exits with 2');
    }
    assert.match(cliMessage, /broken\.pcap/, 'the CLI names the file');

    const { page, context, problems } = await openPage(env, '#s=browse');
    await waitForLog(page);
    const before = await readLog(page);
    await open(page, bad);
    const alert = page.locator('.import [role="alert"]');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /broken\.pcap/, `the alert names the file: ${text}`);
    assert.match(text, /byte|truncated|cut short|ends/i, `the alert says what was wrong: ${text}`);
    // The run on screen is untouched and still plays.
    assert.deepEqual(await readLog(page), before);
    const start = await currentIndex(page);
    await button(page, 'Step forward').click();
    await waitForCurrent(page, start + 1, 'stepping after the failed import');
    assertNoProblems(assert, problems, 'broken.pcap');
    await context.close();
  });
});
