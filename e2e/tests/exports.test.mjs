// Every export button of the page downloads the same bytes the CLI writes for the same run:
// SVG, pcap, Mermaid and PlantUML, and JSON but for how the browser writes a whole float,
// for a scenario in English and Chinese (the page's download equals the CLI's --lang) and
// for an imported capture; with relative numbers the figure and the diagram sources number
// from each ISN while JSON and pcap stay the raw trace. The PNG is
// decoded: twice the figure's size, and not blank.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  assertSameExport,
  CAPTURES,
  assertNoProblems,
  cliImportRun,
  cliRun,
  decodePng,
  download,
  hashFor,
  openPage,
  setUp,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

const PARAMS = { 'client.isn': '3626544836', 'server.isn': '1739326486', latency_ms: '30' };

/**
 * The languages exports are compared in: what the page's link says, what the CLI takes for
 * the same language, and the page's name for its group of download buttons.
 */
const LANGS = [
  { name: 'English', hash: {}, cli: [], group: 'Download' },
  { name: 'Chinese', hash: { lang: 'zh' }, cli: ['--lang', 'zh'], group: '下载' },
];

/** The buttons whose download must equal a CLI format byte for byte. */
const FORMATS = [
  ['SVG', 'svg', /\.svg$/],
  ['JSON', 'json', /\.json$/],
  ['pcap', 'pcap', /\.pcap$/],
  ['Mermaid', 'mermaid', /\.mmd$/],
  ['PlantUML', 'plantuml', /\.puml$/],
];

/**
 * Checks the PNG download against the SVG it draws: twice the viewBox's size, and a real
 * picture: lines and text in a colour other than the background on a fair share of it.
 */
function assertPngOfFigure(png, svg, what) {
  assert.match(png.name, /\.png$/);
  const image = decodePng(png.bytes);
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg.toString('utf8'));
  assert.ok(box, `${what}: the SVG has a viewBox`);
  assert.ok(Math.abs(image.width - 2 * Number(box[1])) <= 1, `${what}: PNG width ${image.width}`);
  assert.ok(Math.abs(image.height - 2 * Number(box[2])) <= 1, `${what}: PNG height ${image.height}`);
  const counts = new Map();
  for (let i = 0; i < image.rgba.length; i += 4) {
    const key = image.rgba.readUInt32BE(i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const pixels = image.width * image.height;
  const [background, most] = [...counts.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
  // Luminance as seen on a white page (a transparent background counts as white).
  const lum = (c) => {
    const [r, g, b, a] = [c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, (c & 255) / 255];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) * a + 255 * (1 - a);
  };
  let ink = 0;
  for (const [colour, n] of counts) {
    if (Math.abs(lum(colour) - lum(background)) > 100) ink += n;
  }
  assert.ok(most < pixels, `${what}: the PNG is not one colour`);
  assert.ok(counts.size >= 16, `${what}: the PNG has ${counts.size} colours`);
  assert.ok(ink / pixels > 0.002, `${what}: ink on ${((100 * ink) / pixels).toFixed(2)}% of the PNG`);
}

/** The texts drawn in an SVG figure (its <text> elements; titles are tooltips). */
const drawnTexts = (svg) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('\n');

/** A text's sequence and acknowledgment numbers made relative to the nearest ISN. */
function relativeText(text, isns) {
  return text.replace(/\b(seq|ack)=(\d+)/g, (_, key, n) => {
    const rel = Math.min(...isns.map((isn) => (Number(n) - isn) >>> 0));
    return `${key}=${rel}`;
  });
}

describe('exports', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('each button downloads what the CLI writes for the same link, in each language', async () => {
    for (const lang of LANGS) {
      const cli = (format) => cliRun('browse', PARAMS, format, lang.cli);
      const { page, context, problems } = await openPage(env, hashFor('browse', { ...PARAMS, ...lang.hash }));
      await waitForLog(page);
      const got = {};
      for (const [button, format, name] of FORMATS) {
        got[format] = await download(page, button, lang.group);
        assert.match(got[format].name, name);
        assertSameExport(assert, got[format].bytes, cli(format), format, `${lang.name} ${button}`);
      }
      assertPngOfFigure(await download(page, 'PNG', lang.group), got.svg.bytes, `${lang.name} PNG`);
      assertNoProblems(assert, problems, `exports (${lang.name})`);
      await context.close();
    }
  });

  it('the Chinese exports are in Chinese: labels, title and texts, the message keys kept', () => {
    const zh = cliRun('browse', PARAMS, 'svg', ['--lang', 'zh']).toString('utf8');
    assert.notEqual(zh, cliRun('browse', PARAMS, 'svg').toString('utf8'), 'not the English SVG');
    assert.match(zh, /客户端/, 'the lifelines are labelled in Chinese');
    assert.match(zh, /wiretrace：浏览一个网页/, "the figure's title is the scenario's Chinese title");
    const json = JSON.parse(cliRun('browse', PARAMS, 'json', ['--lang', 'zh']).toString('utf8'));
    assert.equal(json.segments[0].msg.key, 'seg.syn');
    assert.match(json.segments[0].explain, /初始序号/);
  });

  it('with relative numbers: the figure and the sources number from each ISN, JSON and pcap stay raw', async () => {
    const isns = [Number(PARAMS['client.isn']), Number(PARAMS['server.isn'])];
    const { page, context, problems } = await openPage(env, hashFor('browse', { ...PARAMS, num: 'rel' }));
    await waitForLog(page);
    for (const [button, format] of FORMATS) {
      const { bytes } = await download(page, button);
      const raw = cliRun('browse', PARAMS, format);
      if (format === 'json' || format === 'pcap') {
        assertSameExport(assert, bytes, raw, format, `${button}: the trace itself does not depend on the numbering`);
      } else if (format === 'svg') {
        const text = drawnTexts(bytes.toString('utf8'));
        assert.ok(text.length > 100, 'the SVG draws its labels');
        assert.match(text, /\bseq=0\b/, 'the SYN is seq=0');
        assert.match(text, /\back=1\b/, 'the SYN,ACK acknowledges 1');
        for (const isn of isns) assert.ok(!text.includes(String(isn)), `no raw ISN ${isn} drawn in the SVG`);
      } else {
        assert.equal(
          bytes.toString('utf8'),
          relativeText(raw.toString('utf8'), isns),
          `${button}: the CLI's source with each number made relative`,
        );
      }
    }
    const svg = (await download(page, 'SVG')).bytes;
    assertPngOfFigure(await download(page, 'PNG'), svg, 'relative PNG');
    assertNoProblems(assert, problems, 'exports with num=rel');
    await context.close();
  });

  it('exports of an opened capture are what `wiretrace import` writes', async () => {
    const file = join(CAPTURES, 'single-get.pcapng');
    const expected = JSON.parse(cliImportRun(file).toString('utf8'));
    const { page, context, problems } = await openPage(env, '#s=handshake');
    await waitForLog(page);
    await page.locator('.import input[type="file"]').setInputFiles(file);
    await waitUntil(
      page,
      'the capture is drawn',
      ([n]) =>
        document.body.innerText.includes('Imported from single-get.pcapng') &&
        document.querySelectorAll('table[data-testid="segment-log"] tr[data-segment-id]').length === n,
      [expected.segments.length],
    );
    let svg;
    for (const [button, format] of FORMATS) {
      const got = await download(page, button);
      assert.match(got.name, /^wiretrace-single-get\./, `${button}: named after the file`);
      assertSameExport(assert, got.bytes, cliImportRun(file, [], format), format, `${button} of the capture`);
      if (format === 'svg') svg = got.bytes;
    }
    assertPngOfFigure(await download(page, 'PNG'), svg, 'PNG of the capture');
    assertNoProblems(assert, problems, 'exports of single-get.pcapng');
    await context.close();
  });
});
