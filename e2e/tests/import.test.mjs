// Opening a capture in the page draws what `wiretrace import` gives for the same file: a
// pcap with two connections (picked from a list), a pcapng with one (drawn at once), the
// seed's tcpdump text, a file dropped on the page, a Trace JSON (drawn as the CLI wrote
// it); ten connections open with the first eight chosen, and Choose all draws all ten; one
// connection longer than the segment cap asks for a time range; a time range chosen in the
// picker draws what `import --from S` does, and a refused range is named inline and draws
// nothing; a corrupt file shows an alert naming it and the page keeps working; a capture's
// two passes share one worker, kept for the next file until it has been idle 10 s.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CLI,
  afterFrames,
  assertNoProblems,
  button,
  cliImport,
  cliRun,
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

/**
 * The segments `wiretrace import FILE [ARGS...] --format json` finds, as the log's rows give
 * them.
 */
function cliRows(file, ...args) {
  return cliImport(file, ...args).segments.map(expectedRow);
}


/** Gives the page's file input a file, as a user picking it does. */
async function open(page, file) {
  await page.locator('.import input[type="file"]').setInputFiles(file);
}

/**
 * The handshake's page with http10-two-conns.pcap opened in it, its picker up: the page,
 * the log it had before, and the file.
 */
async function pickerOfTwo(env) {
  const file = join(CAPTURES, 'http10-two-conns.pcap');
  const { page, context, problems } = await openPage(env, '#s=handshake');
  await waitForLog(page);
  const before = await readLog(page);
  await open(page, file);
  await page.getByText('http10-two-conns.pcap holds 2 connections').waitFor();
  return { page, context, problems, before, file };
}

/**
 * Waits for the page to draw what was imported from a file named `name`: `what` is the
 * Trace the CLI reads (the log counts its segments and events), or just its number of
 * segments (the diagram counts them).
 */
async function waitForImport(page, name, what) {
  if (typeof what === 'number') {
    await waitUntil(
      page,
      `the page says it drew ${name} with ${what} segments`,
      ([name, n]) =>
        document.body.innerText.includes(`Imported from ${name}`) &&
        document.querySelector('svg[data-testid="sequence-diagram"]')?.getAttribute('data-segment-count') === String(n),
      [name, what],
    );
    return;
  }
  const n = what.segments.length + what.events.length;
  await waitUntil(
    page,
    `the page says it drew ${name} with ${n} rows`,
    ([name, n]) =>
      document.body.innerText.includes(`Imported from ${name}`) &&
      document.querySelector('table[data-testid="segment-log"]')?.getAttribute('aria-rowcount') === String(n + 1),
    [name, n],
  );
}

/** A fresh folder for files the tests make. */
const scratch = () => mkdtempSync(join(tmpdir(), 'wiretrace-e2e-'));

/** `wiretrace import FILE --list`: the header's packet count and each connection's line. */
function cliList(file) {
  const [head, ...conns] = execFileSync(CLI, ['import', file, '--list'], { encoding: 'utf8' })
    .trim()
    .split('\n');
  return { packets: Number(/: (\d+) packets/.exec(head)[1]), conns };
}

/**
 * A classic pcap's records (`{ sec, usec, bytes }`, the 16-byte header and the frame), and
 * one written from records.
 */
function pcapRecords(bytes) {
  const out = [];
  for (let at = 24; at < bytes.length; ) {
    const len = bytes.readUInt32LE(at + 8);
    out.push({ sec: bytes.readUInt32LE(at), usec: bytes.readUInt32LE(at + 4), bytes: bytes.subarray(at, at + 16 + len) });
    at += 16 + len;
  }
  return out;
}

/**
 * A capture of `n` clients: the CLI's pcap of `scenario` with `params(k)` for client k,
 * each `gapUs` after the one before, merged in time order into `dir/name`.
 */
function clientsCapture(dir, name, n, scenario, params, gapUs) {
  const all = [];
  let header;
  for (let k = 0; k < n; k++) {
    const pcap = cliRun(scenario, params(k), 'pcap');
    header = pcap.subarray(0, 24);
    for (const r of pcapRecords(pcap)) {
      const us = r.sec * 1e6 + r.usec + k * gapUs;
      const copy = Buffer.from(r.bytes);
      copy.writeUInt32LE(Math.floor(us / 1e6), 0);
      copy.writeUInt32LE(us % 1e6, 4);
      all.push({ us, k, copy });
    }
  }
  all.sort((a, b) => a.us - b.us || a.k - b.k);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([header, ...all.map((r) => r.copy)]));
  return file;
}

/**
 * Seven clients (10.2.0.1 to 10.2.0.7), each making twenty HTTP/1.0 requests (one
 * connection each, for `/index.html` and `/page1.html` to `/page19.html`), 30 ms apart:
 * a capture of 140 connections.
 */
function sevenClients(dir) {
  const params = (k) => ({ requests: '20', 'client.addr': `10.2.0.${k + 1}:${41000 + k * 100}` });
  return clientsCapture(dir, 'seven-clients.pcap', 7, 'http10', params, 30_000);
}

/**
 * axe-core's serious and critical violations on the page as it is (a11y.test.mjs checks
 * the player's views; this, the picker).
 */
async function axeSevere(page) {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} [${v.impact}]: ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The most segments one drawing keeps (crates/web/src/whole_run.rs `WORKER_SEGMENTS`). */
const CAP = 1_000_000;

/**
 * One connection with more packets than a drawing keeps: the CLI's capture of a 2 MB
 * download at a 64-byte MSS (46,885 frames over 13 s), then its frames after the handshake
 * 21 times more, each copy a second after the one before, as a peer repeating everything
 * would send them: 1,031,407 frames.
 */
function overCapCapture(dir) {
  const pcap = cliRun('big-response', { body_bytes: '2000000', mss: '64' }, 'pcap');
  const records = pcapRecords(pcap);
  const span = records[records.length - 1].sec + 1;
  const again = [];
  for (let k = 1; k <= 21; k++) {
    for (const r of records.slice(3)) {
      const copy = Buffer.from(r.bytes);
      copy.writeUInt32LE(r.sec + k * span, 0);
      again.push(copy);
    }
  }
  const file = join(dir, 'long-download.pcap');
  writeFileSync(file, Buffer.concat([pcap.subarray(0, 24), ...records.map((r) => r.bytes), ...again]));
  return file;
}

describe('opening a capture', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('a pcap with two connections: both listed, both drawn as the CLI reads them', async () => {
    const file = join(CAPTURES, 'http10-two-conns.pcap');
    const imported = cliImport(file);
    const expected = imported.segments.map(expectedRow);
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    const picker = page.getByText('http10-two-conns.pcap holds 2 connections');
    await picker.waitFor();
    assert.equal(await page.locator('.import input[type="checkbox"]:checked').count(), 2);
    await button(page, 'Draw them').click();
    await waitForImport(page, 'http10-two-conns.pcap', imported);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);

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
    const single = cliImport(pcapng);
    const rows = single.segments.map(expectedRow);
    await open(page, pcapng);
    await waitForImport(page, 'single-get.pcapng', single);
    assert.deepEqual((await readLog(page)).map(normalRow), rows);

    const seed = join(CAPTURES, 'seed.txt');
    const seedTrace = cliImport(seed);
    const seedRows = seedTrace.segments.map(expectedRow);
    assert.equal(seedRows[0].seq, '3626544836', 'the seed text has the classic ISN');
    await open(page, seed);
    await waitForImport(page, 'seed.txt', seedTrace);
    assert.deepEqual((await readLog(page)).map(normalRow), seedRows);
    assertNoProblems(assert, problems, 'single-get.pcapng and seed.txt');
    await context.close();
  });

  it('a capture\'s second pass takes the worker of its first; an idle worker ends after 10 s', async () => {
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    const started = [];
    const ended = [];
    page.on('worker', (w) => {
      started.push(Date.now());
      w.on('close', () => ended.push(Date.now()));
    });
    // One connection: the worker finds it (first pass) and reads it (second) at once.
    const pcapng = join(CAPTURES, 'single-get.pcapng');
    await open(page, pcapng);
    await waitForImport(page, 'single-get.pcapng', cliImport(pcapng));
    assert.equal(started.length, 1, 'both passes over single-get.pcapng ran in one worker');
    // The next file within 10 s takes the same worker, its wasm already running.
    const seed = join(CAPTURES, 'seed.txt');
    const seedTrace = cliImport(seed);
    await open(page, seed);
    await waitForImport(page, 'seed.txt', seedTrace);
    const done = Date.now();
    assert.equal(started.length, 1, 'seed.txt was read by the worker that read single-get.pcapng');
    assert.equal(ended.length, 0, 'the worker is kept while jobs come');
    // Idle, it ends 10 s after its last job.
    while (ended.length === 0 && Date.now() - done < 20_000) await page.waitForTimeout(250);
    assert.equal(ended.length, 1, 'the idle worker ended');
    const idle = ended[0] - done;
    assert.ok(idle >= 8_000 && idle < 20_000, `the idle worker ended ${idle} ms after its last file was drawn, about 10 s`);
    // A file after that starts a worker again, and it works.
    await open(page, pcapng);
    await waitForImport(page, 'single-get.pcapng', cliImport(pcapng));
    assert.equal(started.length, 2, 'a new worker for a file opened after the idle one ended');
    assertNoProblems(assert, problems, 'three files, two workers');
    await context.close();
  });

  it('a time range chosen in the picker draws what `import --from S` draws', async () => {
    const file = join(CAPTURES, 'http10-two-conns.pcap');
    // `import --list`: connection 0 ends at 0.018455 s, connection 1 starts at 0.018666 s.
    const from = '0.0186';
    const trace = cliImport(file, '--from', from);
    const expected = trace.segments.map(expectedRow);
    const all = cliRows(file);
    assert.ok(
      expected.length > 0 && expected.length < all.length,
      `--from ${from} keeps some segments, not all (${expected.length} of ${all.length})`,
    );
    assert.match(
      trace.source.detail,
      /1 of 2 connections shown \(1\)/,
      'only the second connection lies after the gap',
    );

    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    await page.getByText('http10-two-conns.pcap holds 2 connections').waitFor();
    const fromField = page.getByRole('textbox', { name: 'From', exact: true });
    const toField = page.getByRole('textbox', { name: 'To', exact: true });
    assert.equal(await fromField.inputValue(), '0', 'From defaults to the start');
    assert.equal(await toField.inputValue(), '0.019899', 'To defaults to the end of the capture');
    await fromField.fill(from);
    await button(page, 'Draw them').click();
    await waitForImport(page, 'http10-two-conns.pcap', trace);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    // The "Imported from" area says what was drawn, as the Trace's source.detail does.
    assert.ok(
      (await page.locator('.explanation').innerText()).includes(trace.source.detail),
      'the page shows the source detail (connections and time range)',
    );
    assertNoProblems(assert, problems, 'http10-two-conns.pcap from 0.0186 s');
    await context.close();
  });

  it('a refused time range (From after To) is named inline, draws nothing, and can be fixed', async () => {
    const { page, context, problems, before, file } = await pickerOfTwo(env);
    const fromField = page.getByRole('textbox', { name: 'From', exact: true });
    const toField = page.getByRole('textbox', { name: 'To', exact: true });
    await fromField.fill('0.015');
    await toField.fill('0.01');
    await button(page, 'Draw them').click();

    const alert = page.locator('.import [role="alert"]');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /\bFrom\b/, `the alert names the field: ${text}`);
    assert.match(text, /0\.01\b/, `the alert gives the allowed range: ${text}`);
    assert.equal(await fromField.getAttribute('aria-invalid'), 'true');
    // Nothing was drawn: the scenario's log is still there and the picker stays open.
    assert.deepEqual(await readLog(page), before);
    assert.ok(await button(page, 'Draw them').isVisible(), 'the picker stays open');

    // A value that is not a number names its field and the allowed range too.
    await toField.fill('soon');
    await toField.blur();
    await waitUntil(page, 'the To field is refused', () =>
      [...document.querySelectorAll('.import [role="alert"]')].some((a) =>
        /\bTo must be a number of seconds from 0 to 0\.019899\b/.test(a.textContent),
      ),
    );
    assert.equal(await toField.getAttribute('aria-invalid'), 'true');

    // Fixed, "Draw them" draws the range.
    await toField.fill('0.01');
    await fromField.fill('0');
    await waitUntil(page, 'the alerts are gone once the values are fixed', () =>
      document.querySelectorAll('.import [role="alert"]').length === 0,
    );
    assert.equal(await fromField.getAttribute('aria-invalid'), null);
    const upTo = cliImport(file, '--to', '0.01');
    const expected = upTo.segments.map(expectedRow);
    await button(page, 'Draw them').click();
    await waitForImport(page, 'http10-two-conns.pcap', upTo);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    assertNoProblems(assert, problems, 'a refused range, then a fixed one');
    await context.close();
  });

  it('a time range the chosen connection has no packet in is refused by name in the picker, kept to be fixed', async () => {
    // `import --list`: connection 0 ends at 0.018455 s, connection 1 starts at 0.018666 s.
    const { page, context, problems, before, file } = await pickerOfTwo(env);
    const boxes = page.locator('.import').getByRole('checkbox');
    await boxes.nth(1).uncheck();
    const fromField = page.getByRole('textbox', { name: 'From', exact: true });
    await fromField.fill('0.0186');
    await button(page, 'Draw them').click();
    const said =
      "connection 0 has no packet 0.0186 s or more after the capture's first packet " +
      '(it spans 0.019899 s): there is nothing to draw';
    await waitUntil(page, 'the picker says the range keeps nothing', (text) =>
      [...document.querySelectorAll('.import-pick [role="alert"]')].some((a) => a.textContent === text),
    said);
    // Nothing was drawn in place of the run on screen, and the choice is still there.
    assert.deepEqual(await readLog(page), before);
    assert.equal(await page.getByText('Imported from http10-two-conns.pcap').count(), 0);
    assert.equal(await fromField.inputValue(), '0.0186', 'From as it was typed');
    assert.deepEqual([await boxes.nth(0).isChecked(), await boxes.nth(1).isChecked()], [true, false]);
    // Changed, the choice is no longer the refused one: its words go; drawn, it is drawn.
    await fromField.fill('0');
    await waitUntil(page, 'the refusal is gone once the choice changes', () =>
      document.querySelectorAll('.import-pick [role="alert"]').length === 0,
    );
    const first = cliImport(file, '--conn', '0');
    await button(page, 'Draw them').click();
    await waitForImport(page, 'http10-two-conns.pcap', first);
    assert.deepEqual((await readLog(page)).map(normalRow), first.segments.map(expectedRow));
    assertNoProblems(assert, problems, 'a range past the chosen connection, then fixed');
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

  it('on the Chinese page a corrupt capture is refused in Chinese, in the words of `wiretrace import --lang zh`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-'));
    const bad = join(dir, 'broken.pcap');
    const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');
    writeFileSync(bad, Buffer.concat([header, Buffer.from([1, 2, 3, 4, 5, 6])]));
    // The CLI's one line: `wiretrace: <path>: <why>`; the page says `<name>：<why>`.
    let why = '';
    try {
      execFileSync(CLI, ['import', bad, '--lang', 'zh'], { stdio: 'pipe' });
    } catch (e) {
      why = e.stderr.toString().trim().replace(`wiretrace: ${bad}: `, '');
    }
    assert.match(why, /[\u4e00-\u9fff]/, `the CLI says it in Chinese: ${why}`);

    const { page, context, problems } = await openPage(env, '#s=browse&lang=zh');
    await waitForLog(page);
    await open(page, bad);
    const alert = page.locator('.import [role="alert"]');
    await alert.waitFor();
    assert.equal(await alert.innerText(), `broken.pcap：${why}`, 'the file worker answers in the page\'s language');
    assertNoProblems(assert, problems, 'broken.pcap on the Chinese page');
    await context.close();
  });

  it('a file dropped on the page is opened like a picked one', async () => {
    const file = join(CAPTURES, 'single-get.pcap');
    const expected = cliRows(file);
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    const drop = await page.evaluateHandle(
      ([name, b64]) => {
        const data = new DataTransfer();
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], name, { type: 'application/vnd.tcpdump.pcap' }));
        return data;
      },
      ['single-get.pcap', readFileSync(file).toString('base64')],
    );
    await page.dispatchEvent('.import', 'dragenter', { dataTransfer: drop });
    await page.dispatchEvent('.import', 'dragover', { dataTransfer: drop });
    await page.dispatchEvent('.import', 'drop', { dataTransfer: drop });
    await waitForImport(page, 'single-get.pcap', expected.length);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    assertNoProblems(assert, problems, 'a dropped single-get.pcap');
    await context.close();
  });

  it('a Trace JSON file is drawn as the CLI wrote it', async () => {
    const dir = scratch();
    const params = { 'client.isn': '3626544836', 'server.isn': '1739326486', drop: '3' };
    const json = cliRun('browse', params, 'json');
    const file = join(dir, 'browse-lost-request.json');
    writeFileSync(file, json);
    const expected = JSON.parse(json.toString('utf8')).segments.map(expectedRow);
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    await waitForImport(page, 'browse-lost-request.json', expected.length);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    // The JSON keeps what a capture cannot: the lost request is told as lost.
    for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 3, 'the lost request');
    await page.getByText('This segment was lost on the way and never arrived.').waitFor();
    assertNoProblems(assert, problems, 'browse-lost-request.json');
    await context.close();
  });

  it('a Trace JSON with a time past what a Trace holds is refused by field name; the page keeps working', async () => {
    const dir = scratch();
    const trace = JSON.parse(cliRun('browse', {}, 'json').toString('utf8'));
    // A hand-edited time: 2^64 - 1 µs, which arithmetic on it would overflow.
    const text = JSON.stringify(trace).replace(/"sent_us":40000,/, '"sent_us":18446744073709551615,');
    assert.notEqual(text, JSON.stringify(trace), 'the edit found its field');
    const file = join(dir, 'far-future.json');
    writeFileSync(file, text);
    const { page, context, problems } = await openPage(env, '#s=browse');
    await waitForLog(page);
    const before = await readLog(page);
    await open(page, file);
    const alert = page.locator('.import [role="alert"]');
    await alert.waitFor();
    const said = await alert.innerText();
    assert.match(said, /far-future\.json/, `the alert names the file: ${said}`);
    assert.match(said, /segments\[2\]\.sent_us is 18446744073709551615, past the latest time a Trace holds/, said);
    assert.deepEqual(await readLog(page), before, 'the run on screen is kept');
    const start = await currentIndex(page);
    await button(page, 'Step forward').click();
    await waitForCurrent(page, start + 1, 'stepping after the refused file');
    assertNoProblems(assert, problems, 'far-future.json');
    await context.close();
  });

  it('ten connections open with the first eight chosen; Draw them draws those eight', async () => {
    const dir = scratch();
    const file = join(dir, 'ten-pages.pcap');
    writeFileSync(file, cliRun('http10', { requests: '10' }, 'pcap'));
    const { conns } = cliList(file);
    assert.equal(conns.length, 10, 'the CLI finds ten connections');
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    await page.getByText('ten-pages.pcap holds 10 connections').waitFor();
    const boxes = page.locator('.import').getByRole('checkbox');
    assert.equal(await boxes.count(), 10, 'one checkbox per connection');
    for (let k = 0; k < 10; k++) {
      const box = boxes.nth(k);
      // Each names its connection by the client's address, as `--list` does.
      const client = conns[k].trim().split(/\s+/)[2];
      assert.ok((await box.evaluate((b) => b.closest('label').textContent)).includes(client), `box ${k}: ${client}`);
      assert.equal(await box.isChecked(), k < 8, `connection ${k} is ${k < 8 ? '' : 'not '}chosen`);
    }
    const first8 = ['0', '1', '2', '3', '4', '5', '6', '7'].flatMap((c) => ['--conn', c]);
    const expected = cliRows(file, ...first8);
    await button(page, 'Draw them').click();
    await waitForImport(page, 'ten-pages.pcap', expected.length);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    assertNoProblems(assert, problems, 'ten-pages.pcap');
    await context.close();
  });

  it('Choose none, then Choose all: every connection is drawn, as the CLI reads the file', async () => {
    const file = join(scratch(), 'ten-pages.pcap');
    writeFileSync(file, cliRun('http10', { requests: '10' }, 'pcap'));
    const { page, context, problems } = await openPage(env, '#s=handshake&lang=zh');
    await waitForLog(page);
    await open(page, file);
    const boxes = page.locator('.import').getByRole('checkbox');
    await boxes.first().waitFor();
    await button(page, '全不选').click();
    for (let k = 0; k < 10; k++) assert.equal(await boxes.nth(k).isChecked(), false, `connection ${k} is not chosen`);
    await button(page, '绘制').click();
    await page.getByText('请至少选择一个要绘制的连接。').waitFor();
    await button(page, '全选（10 个）').click();
    for (let k = 0; k < 10; k++) assert.equal(await boxes.nth(k).isChecked(), true, `connection ${k} is chosen`);
    const expected = cliRows(file);
    await button(page, '绘制').click();
    await waitUntil(
      page,
      `the page draws all ten connections (${expected.length} segments)`,
      ([sel, n]) => document.querySelector(sel)?.getAttribute('data-segment-count') === n,
      ['svg[data-testid="sequence-diagram"]', String(expected.length)],
    );
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    assertNoProblems(assert, problems, 'ten-pages.pcap, all chosen');
    await context.close();
  });

  it('a capture of 140 connections lists 100 at a time, and a filter chooses by address or request', async () => {
    const file = sevenClients(scratch());
    const { conns } = cliList(file);
    assert.equal(conns.length, 140);
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    await page.getByText('seven-clients.pcap holds 140 connections').waitFor();
    const boxes = page.locator('.import').getByRole('checkbox');
    const status = page.locator('.conn-status');
    assert.equal(await boxes.count(), 100, 'the first 100 are listed');
    assert.equal(await status.innerText(), '100 of 140 connections listed · 8 chosen');
    await button(page, 'Show 40 more').click();
    await waitUntil(page, 'all 140 are listed', () => document.querySelectorAll('.conn-list input').length === 140);
    // The button is gone: the keyboard is on the first row it listed.
    await waitUntil(page, 'the 101st box has the focus', () =>
      [...document.querySelectorAll('.conn-list input')].indexOf(document.activeElement) === 100);
    assert.equal(await button(page, /^Show \d+ more$/).count(), 0, 'nothing more to show');

    // By address: the sixth client's twenty connections.
    const filter = page.getByRole('searchbox', { name: 'Filter' });
    await filter.fill('10.2.0.6');
    await waitUntil(page, 'twenty match', () => document.querySelectorAll('.conn-list input').length === 20);
    assert.equal(await status.innerText(), '20 of 140 connections match, 20 listed · 8 chosen');
    // Enter in the filter does not draw (the picker stays, the handshake is still on screen).
    await filter.press('Enter');
    await afterFrames(page, 3);
    assert.equal(await status.innerText(), '20 of 140 connections match, 20 listed · 8 chosen');
    assert.equal(await page.getByText('Imported from seven-clients.pcap').count(), 0, 'nothing drawn');
    const sixth = conns.filter((line) => line.includes(' 10.2.0.6:')).map((line) => line.trim().split(/\s+/)[0]);
    assert.equal(sixth.length, 20);
    // By request, two words in any order: each client's page 7.
    await filter.fill('HTTP/1.0 /page7.');
    await waitUntil(page, 'seven match', () => document.querySelectorAll('.conn-list input').length === 7);
    await filter.fill('10.2.0.6');
    await button(page, 'Choose the 20 that match').click();
    await waitUntil(page, 'the twenty are chosen', () => document.querySelectorAll('.conn-list input:checked').length === 20);
    assert.equal(await status.innerText(), '20 of 140 connections match, 20 listed · 20 chosen');
    assert.deepEqual(await axeSevere(page), [], 'the picker, filtered: axe-core');
    // Cleared, the list starts again at its first page, with the choice kept.
    await filter.fill('');
    await waitUntil(page, 'the first page again', () => document.querySelectorAll('.conn-list input').length === 100);
    assert.equal(await status.innerText(), '100 of 140 connections listed · 20 chosen');
    assert.equal(await boxes.first().isChecked(), false, 'the first client is no longer chosen');

    const expected = cliRows(file, ...sixth.flatMap((c) => ['--conn', c]));
    await button(page, 'Draw them').click();
    await waitForImport(page, 'seven-clients.pcap', expected.length);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    assertNoProblems(assert, problems, 'seven-clients.pcap');
    await context.close();
  });

  it('a capture of 140 connections: the list and its filter in Chinese, at a phone width', async () => {
    const file = sevenClients(scratch());
    const { page, context, problems } = await openPage(env, '#s=handshake&lang=zh', { viewport: { width: 390, height: 844 } });
    await waitForLog(page);
    await open(page, file);
    const status = page.locator('.conn-status');
    await status.waitFor();
    assert.equal(await status.innerText(), '140 个连接中列出 100 个 · 已选 8 个');
    await button(page, '再显示 40 个').waitFor();
    await page.getByRole('searchbox', { name: '筛选' }).fill('page19');
    await waitUntil(page, 'seven match', () => document.querySelectorAll('.conn-list input').length === 7);
    assert.equal(await status.innerText(), '140 个连接中有 7 个匹配，列出 7 个 · 已选 8 个');
    await button(page, '选择匹配的 7 个').waitFor();
    assert.deepEqual(await axeSevere(page), [], 'the picker at a phone width, in Chinese: axe-core');
    assertNoProblems(assert, problems, 'seven-clients.pcap in Chinese');
    await context.close();
  });

  it('twenty clients: the states panel lists the current segment\'s two endpoints, counts the others, and shows all on request', async () => {
    // Twenty browse runs from twenty client addresses, 50 ms apart, merged in time order.
    const address = (k) => ({ 'client.addr': `10.1.0.${k + 1}:${40000 + k}` });
    const file = clientsCapture(scratch(), 'twenty-clients.pcap', 20, 'browse', address, 50_000);
    const trace = cliImport(file);
    const endpoints = new Set(trace.states.map((c) => c.endpoint));
    assert.equal(endpoints.size, 21, 'twenty clients and the server have states');

    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await open(page, file);
    await button(page, 'Choose all 20').click();
    await button(page, 'Draw them').click();
    await waitForImport(page, 'twenty-clients.pcap', trace.segments.length);
    const states = page.locator('[data-testid^="state-"]');
    const others = page.locator('.states-others');
    for (const n of [1, 40]) {
      // One press per step, counted from where the player is (not read again between
      // presses: the page takes a frame to move).
      const at = await currentIndex(page);
      for (let k = at; k < n - 1; k++) await page.keyboard.press('ArrowRight');
      await waitForCurrent(page, n - 1, `step ${n}`);
      const seg = trace.segments[n - 1];
      const shown = (await states.evaluateAll((els) => els.map((e) => e.dataset.testid))).sort();
      assert.deepEqual(shown, [...new Set([`state-${seg.from}`, `state-${seg.to}`])].sort(), `step ${n}: the current segment's endpoints`);
      const counted = (await others.innerText()).match(/(\d+) more endpoints: (.*)\./);
      assert.ok(counted, `step ${n}: the others are counted: ${await others.innerText()}`);
      assert.equal(Number(counted[1]), 21 - shown.length);
      const sum = counted[2].split(' · ').reduce((a, part) => a + Number(part.split(' ')[0]), 0);
      assert.equal(sum, 21 - shown.length, `step ${n}: the counts by state add up (${counted[2]})`);
    }
    await button(page, 'Show all 21').click();
    await waitUntil(page, 'every endpoint is listed', () => document.querySelectorAll('[data-testid^="state-"]').length === 21);
    assert.equal(await others.getByRole('button').getAttribute('aria-pressed'), 'true');
    // Shown all stays so while stepping.
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, 40, 'a step with every endpoint shown');
    assert.equal(await states.count(), 21);
    await button(page, 'Show fewer').click();
    await waitUntil(page, 'back to the current segment\'s endpoints', () => document.querySelectorAll('[data-testid^="state-"]').length <= 2);

    // The figure draws the lifelines near the view: scrolled sideways to its right end,
    // every lifeline whose head is in view is drawn, and fewer than all of them.
    const lanes = () =>
      page.evaluate(() => {
        const box = document.querySelector('.diagram-scroll');
        const heads = document.querySelector('svg.wt-heads');
        const z = Number(heads.getAttribute('width')) / Number(heads.getAttribute('viewBox').split(/\s+/)[2]);
        const [x0, x1] = [box.scrollLeft / z, (box.scrollLeft + box.clientWidth) / z];
        const inView = [...heads.querySelectorAll('text.wt-head-ip')]
          .map((t) => Number(t.getAttribute('x')))
          .filter((x) => x >= x0 && x <= x1);
        const drawn = [...document.querySelectorAll('svg.wt-window path.wt-lifeline')].map((p) =>
          Number(/^M([\d.]+)/.exec(p.getAttribute('d'))?.[1]),
        );
        return {
          all: heads.querySelectorAll('text.wt-head-ip').length,
          missing: inView.filter((x) => !drawn.some((d) => Math.abs(d - x) < 0.5)),
          inView: inView.length,
          drawn: drawn.length,
          wide: box.scrollWidth > 3 * box.clientWidth,
        };
      });
    await page.evaluate(() => {
      const box = document.querySelector('.diagram-scroll');
      box.scrollLeft = box.scrollWidth;
    });
    await afterFrames(page, 3);
    const right = await lanes();
    assert.ok(right.inView > 0, 'lifelines are in view at the right end');
    assert.deepEqual(right.missing, [], 'every lifeline in view is drawn');
    if (right.wide) assert.ok(right.drawn < right.all, `${right.drawn} of ${right.all} lifelines drawn`);
    console.log(`# twenty clients: ${right.drawn} of ${right.all} lifelines drawn at the right end (${right.inView} in view)`);
    // A step brings the current arrow into view sideways too: from the left end, step to
    // the next segment between two lifelines wholly right of the view.
    const view = await page.evaluate(() => {
      const box = document.querySelector('.diagram-scroll');
      box.scrollLeft = 0;
      const heads = document.querySelector('svg.wt-heads');
      const z = Number(heads.getAttribute('width')) / Number(heads.getAttribute('viewBox').split(/\s+/)[2]);
      const names = Object.fromEntries(
        [...heads.querySelectorAll('text.wt-head-name')].map((t) => [t.textContent, Number(t.getAttribute('x'))]),
      );
      return { right: box.clientWidth / z, names };
    });
    await afterFrames(page, 2);
    const label = Object.fromEntries(trace.endpoints.map((e) => [e.id, e.label]));
    const at = await currentIndex(page);
    const far = trace.segments.findIndex(
      (s, k) => k > at && [s.from, s.to].every((id) => view.names[label[id]] > view.right + 100),
    );
    assert.ok(far > at, `a segment between two lifelines right of the view (${JSON.stringify(view)})`);
    for (let k = at; k < far; k++) await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, far, 'stepping to a segment right of the view');
    await afterFrames(page, 3);
    const seen = await page.evaluate(() => {
      const box = document.querySelector('.diagram-scroll').getBoundingClientRect();
      const arrow = document.querySelector('svg.wt-window [data-segment-id].wt-current');
      if (!arrow) return 'no current arrow drawn';
      const r = arrow.getBoundingClientRect();
      return r.right >= box.left && r.left <= box.right ? 'in view' : `at ${r.left}..${r.right}, the box ${box.left}..${box.right}`;
    });
    assert.equal(seen, 'in view', 'the current arrow is in view sideways');
    assertNoProblems(assert, problems, 'twenty-clients.pcap');
    await context.close();
  });

  it('one connection longer than the segment cap asks for a time range, then draws it', async () => {
    const file = overCapCapture(scratch());
    const { packets, conns } = cliList(file);
    assert.equal(conns.length, 1);
    assert.ok(packets > CAP, `${packets} packets, more than the cap of ${CAP}`);
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    const before = await readLog(page);
    await open(page, file);
    const toField = page.getByRole('textbox', { name: 'To', exact: true });
    await toField.waitFor();
    const intro = await page.locator('.import').innerText();
    assert.ok(intro.includes('long-download.pcap') && intro.includes(packets.toLocaleString("en-US")), `the picker names the file and its ${packets} packets: ${intro}`);
    assert.deepEqual(await readLog(page), before, 'nothing is drawn before the choice');
    await toField.fill('1');
    const expected = cliRows(file, '--to', '1');
    assert.ok(expected.length > 0 && expected.length < CAP);
    await button(page, 'Draw them').click();
    await waitForImport(page, 'long-download.pcap', expected.length);
    assert.deepEqual((await readLog(page)).map(normalRow), expected);
    assertNoProblems(assert, problems, 'long-download.pcap');
    await context.close();
  });
});
