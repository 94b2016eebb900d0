// A capture cut short (its last packet record incomplete, as when tcpdump is killed) opens
// in the page as `wiretrace import` reads it: every whole packet drawn, and a note (not an
// alert) naming the byte offset and what was left out, in English and in Chinese; the
// worker reads the file in Blob slices, the CLI in chunks, and they agree.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  assertNoProblems,
  button,
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

const CAPTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'captures');

/** `single-get.pcap` without its last 20 bytes, written to a fresh folder. */
function cutCapture() {
  const whole = readFileSync(join(CAPTURES, 'single-get.pcap'));
  const file = join(mkdtempSync(join(tmpdir(), 'wiretrace-e2e-')), 'cut.pcap');
  writeFileSync(file, whole.subarray(0, whole.length - 20));
  return file;
}

/** `wiretrace import FILE --format json`, parsed (its warning goes to a pipe). */
function cliImport(file) {
  const out = execFileSync(CLI, ['import', file, '--format', 'json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out);
}

/** The one warning line `wiretrace import FILE` writes on stderr, without its prefix. */
function cliWarning(file) {
  const r = spawnSync(CLI, ['import', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `the CLI reads the cut file: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one warning line: ${r.stderr}`);
  return lines[0].replace(/^wiretrace: .*?: warning: /, '');
}

describe('opening a capture cut short', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('draws every whole packet and says where the file was cut, as a note', async () => {
    const file = cutCapture();
    const trace = cliImport(file);
    const expected = trace.segments.map(expectedRow);
    assert.equal(expected.length, 11, 'the CLI reads the 11 whole packets');
    const warning = cliWarning(file);
    assert.match(warning, /cut short at byte 1192: packet 12 lacks 20 of its 82 bytes/);

    const { page, context, problems } = await openPage(env, '#s=browse');
    await waitForLog(page);
    await page.locator('.import input[type="file"]').setInputFiles(file);
    await waitUntil(
      page,
      'the page drew cut.pcap',
      (n) =>
        document.body.innerText.includes('Imported from cut.pcap') &&
        document.querySelectorAll('table[data-testid="segment-log"] tr[data-segment-id]').length === n,
      expected.length,
    );
    assert.deepEqual((await readLog(page)).map(normalRow), expected);

    // The note: the CLI's warning, shown as a note, not as an error.
    const note = page.locator('.explanation [role="note"]');
    assert.equal(await note.count(), 1);
    assert.equal((await note.innerText()).trim(), warning);
    assert.equal(await page.locator('[role="alert"]:visible').count(), 0, 'no alert');

    // The capture plays like any other.
    const start = await currentIndex(page);
    await button(page, 'Step forward').click();
    await waitForCurrent(page, start + 1, 'stepping through the cut capture');
    assertNoProblems(assert, problems, 'cut.pcap');
    await context.close();
  });

  it('tells the note in Chinese on a Chinese page', async () => {
    const file = cutCapture();
    const rows = cliImport(file).segments.length;
    const { page, context, problems } = await openPage(env, '#s=browse&lang=zh');
    await waitForLog(page);
    await page.locator('.import input[type="file"]').setInputFiles(file);
    await waitUntil(
      page,
      'the page drew cut.pcap',
      (n) =>
        document.body.innerText.includes('导入自 cut.pcap') &&
        document.querySelectorAll('table[data-testid="segment-log"] tr[data-segment-id]').length === n,
      rows,
    );
    const note = (await page.locator('.explanation [role="note"]').innerText()).trim();
    assert.match(note, /^抓包文件在第 1192 字节处被截断/, note);
    assert.doesNotMatch(note, /cut short|packet|bytes/, `no English left: ${note}`);
    assert.equal(await page.locator('[role="alert"]:visible').count(), 0, 'no alert');
    assertNoProblems(assert, problems, 'cut.pcap in Chinese');
    await context.close();
  });

  it('refuses a capture of only its header by name, as the CLI does, and keeps the run', async () => {
    const whole = readFileSync(join(CAPTURES, 'single-get.pcap'));
    const file = join(mkdtempSync(join(tmpdir(), 'wiretrace-e2e-')), 'header.pcap');
    writeFileSync(file, whole.subarray(0, 24));
    const cli = spawnSync(CLI, ['import', file], { encoding: 'utf8' });
    assert.equal(cli.status, 2, cli.stderr);
    const why = 'the capture holds no packet, only its header: there is nothing to draw';
    assert.equal(cli.stderr.trim(), `wiretrace: ${file}: ${why}`);
    const { page, context, problems } = await openPage(env, '#s=browse');
    await waitForLog(page);
    const before = await readLog(page);
    await page.locator('.import input[type="file"]').setInputFiles(file);
    await waitUntil(page, 'the alert', () => document.querySelector('[role="alert"]'));
    assert.equal((await page.locator('[role="alert"]').innerText()).trim(), `header.pcap: ${why}`);
    assert.deepEqual(await readLog(page), before, 'the run on screen stays');
    assertNoProblems(assert, problems, 'header.pcap');
    await context.close();
  });
});
