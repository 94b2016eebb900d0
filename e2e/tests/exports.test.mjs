// Every export button of the page downloads the same file the CLI writes for the same
// scenario and parameters: SVG, JSON, pcap, Mermaid and PlantUML byte for byte (JSON as
// data), and a PNG of the figure's size.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { assertNoProblems, cliRun, hashFor, openPage, setUp, waitForLog } from '../lib.mjs';

const PARAMS = { 'client.isn': '3626544836', 'server.isn': '1739326486', latency_ms: '30' };

/** What `wiretrace run browse --format <format> [--lang <lang>]` writes, as bytes. */
const cli = (format, lang) => cliRun('browse', PARAMS, format, lang);

/** Clicks the export button `name` (in the group named `group`, the page's word for
 * Download) and returns the download's file name and bytes. */
async function download(page, name, group = 'Download') {
  const buttons = page.getByRole('group', { name: group });
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    buttons.getByRole('button', { name, exact: true }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

describe('exports', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('each button downloads what the CLI writes for the same link', async () => {
    const { page, context, problems } = await openPage(env, hashFor('browse', PARAMS));
    await waitForLog(page);

    const svg = await download(page, 'SVG');
    assert.match(svg.name, /\.svg$/);
    assert.equal(svg.bytes.toString('utf8'), cli('svg').toString('utf8'), 'SVG equals the CLI\'s');

    const json = await download(page, 'JSON');
    assert.match(json.name, /\.json$/);
    assert.deepEqual(JSON.parse(json.bytes.toString('utf8')), JSON.parse(cli('json')), 'same Trace');

    const pcap = await download(page, 'pcap');
    assert.match(pcap.name, /\.pcap$/);
    assert.ok(pcap.bytes.equals(cli('pcap')), 'the pcap equals the CLI\'s byte for byte');

    const mermaid = await download(page, 'Mermaid');
    assert.equal(mermaid.bytes.toString('utf8'), cli('mermaid').toString('utf8'));
    const plantuml = await download(page, 'PlantUML');
    assert.equal(plantuml.bytes.toString('utf8'), cli('plantuml').toString('utf8'));

    // A PNG of the figure: the signature, and the width of the SVG's viewBox (or a multiple).
    const png = await download(page, 'PNG');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.bytes.readUInt32BE(16);
    const viewBox = /viewBox="0 0 ([\d.]+) /.exec(svg.bytes.toString('utf8'));
    assert.ok(viewBox, 'the SVG has a viewBox');
    const ratio = width / Number(viewBox[1]);
    assert.ok(Math.abs(ratio - Math.round(ratio)) < 0.02 && ratio >= 1, `PNG width ${width} is a whole multiple of the figure's ${viewBox[1]}`);

    assertNoProblems(assert, problems, 'exports');
    await context.close();
  });

  it('on the Chinese page every text export is in Chinese and equals the CLI\'s --lang zh', async () => {
    const { page, context, problems } = await openPage(env, `${hashFor('browse', PARAMS)}&lang=zh`);
    await waitForLog(page);

    const svg = await download(page, 'SVG', '下载');
    const zh = cli('svg', 'zh').toString('utf8');
    assert.equal(svg.bytes.toString('utf8'), zh, 'the SVG equals `wiretrace run browse --lang zh --format svg`');
    assert.notEqual(zh, cli('svg').toString('utf8'), 'and is not the English one');
    assert.match(zh, /客户端/, 'the lifelines are labelled in Chinese');
    assert.match(zh, /wiretrace：浏览一个网页/, 'the figure\'s title is the scenario\'s Chinese title');

    const mermaid = await download(page, 'Mermaid', '下载');
    assert.equal(mermaid.bytes.toString('utf8'), cli('mermaid', 'zh').toString('utf8'));
    const plantuml = await download(page, 'PlantUML', '下载');
    assert.equal(plantuml.bytes.toString('utf8'), cli('plantuml', 'zh').toString('utf8'));

    // JSON keeps the message keys and gives the texts in Chinese.
    const json = JSON.parse((await download(page, 'JSON', '下载')).bytes.toString('utf8'));
    assert.deepEqual(json, JSON.parse(cli('json', 'zh')), 'the Chinese Trace equals the CLI\'s');
    assert.equal(json.segments[0].msg.key, 'seg.syn');
    assert.match(json.segments[0].explain, /初始序号/);

    assertNoProblems(assert, problems, 'exports in Chinese');
    await context.close();
  });
});
