// Every scenario the CLI lists opens in the page with the CLI's segments at its end, logs
// nothing, and speaks its language: English runs show the CLI's (English) explanation of
// the segment on screen, Chinese runs show Chinese player labels and explanations and not
// that English text. Every third run is turned into a phone: the page lays out again (the
// compact figure), nothing overflows 390 px sideways, and the player sits fixed at the
// bottom of the screen.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  afterFrames,
  assertNoProblems,
  button,
  cliTrace,
  currentIndex,
  openPage,
  readLog,
  scenarioIds,
  setUp,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

/** The player's names in each language: what a reader of that language sees and hears. */
const PLAYER = {
  en: { play: 'Play', forward: 'Step forward', back: 'Step back' },
  zh: { play: '播放', forward: '下一步', back: '上一步' },
};
const HAN = /\p{Script=Han}/u;

/** The width of the figure as laid out (its viewBox), whatever the zoom. */
async function figureWidth(page) {
  const box = await page.locator(DIAGRAM).first().getAttribute('viewBox');
  return Number(box?.split(/\s+/)[2]);
}

/** Checks the phone layout of the page as it is now (viewport 390 px wide). */
async function assertPhoneLayout(page, id, playName) {
  const layout = await page.evaluate(() => ({
    width: innerWidth,
    height: innerHeight,
    scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
  }));
  assert.equal(layout.width, 390, `${id}: the viewport is a phone's`);
  assert.ok(
    layout.scroll <= layout.width,
    `${id}: nothing overflows sideways on a phone (content ${layout.scroll} px wide)`,
  );
  // The player stays at hand: the bar holding Play is fixed to the bottom of the screen.
  const bar = await button(page, playName).evaluate((el) => {
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).position === 'fixed') {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, bottom: r.bottom };
      }
    }
    return null;
  });
  assert.ok(bar, `${id}: the player is fixed on a phone`);
  assert.ok(Math.abs(bar.bottom - layout.height) <= 1, `${id}: at the bottom (${bar.bottom})`);
  assert.ok(bar.left <= 0 && bar.right >= layout.width, `${id}: across the screen`);
}

describe('every scenario', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('opens with the CLI\'s segments in its language, also on a phone, and logs nothing', async () => {
    const ids = scenarioIds();
    assert.ok(ids.length >= 27, `the CLI lists every scenario (${ids.length})`);
    let phones = 0;
    for (const [k, id] of ids.entries()) {
      const trace = cliTrace(id);
      const n = trace.segments.length;
      const lang = k % 2 ? 'zh' : 'en';
      const { page, context, problems } = await openPage(env, `#s=${id}&t=${n}&lang=${lang}`);
      await waitForLog(page);
      const rows = await readLog(page);
      assert.deepEqual(
        rows.map((r) => [r.id, r.flags, r.seq, r.len]),
        trace.segments.map((s) => [String(s.id), s.flags.join(','), String(s.seq), String(s.len)]),
        `${id}: the page's segments are the CLI's`,
      );
      assert.equal(await currentIndex(page), n - 1, `${id}: t=${n} opens at the last segment`);
      assert.equal(await page.locator('[role="alert"]').count(), 0, `${id}: no alert`);
      // The run's summary, after its last segment, is the run's: no endpoint tells it.
      const summary = await page.evaluate(() =>
        [...document.querySelectorAll('tr.ev-row')]
          .filter((r) => /^(Summary:|小结)/.test(r.querySelector('.ev-text')?.textContent ?? ''))
          .map((r) => r.querySelector('.c-route').textContent),
      );
      assert.deepEqual(summary, [''], `${id}: one summary row, with no endpoint named`);
      assert.equal(
        await page.locator('html').getAttribute('lang'),
        lang === 'zh' ? 'zh-CN' : 'en',
        `${id}: the page says its language`,
      );

      // The language shows: the player's names, and the explanation of the last segment
      // (the CLI's Trace carries it in English).
      const names = PLAYER[lang];
      for (const name of Object.values(names)) {
        assert.equal(await button(page, name).count(), 1, `${id}: a button named "${name}"`);
      }
      const english = trace.segments[n - 1].explain;
      const text = await page.locator('body').innerText();
      if (lang === 'en') {
        assert.ok(text.includes(english), `${id}: the page explains the last segment: ${english}`);
      } else {
        assert.ok(!text.includes(english), `${id}: no English explanation on the Chinese page`);
        const aside = await page.getByRole('complementary').first().innerText();
        assert.match(aside, HAN, `${id}: the explanation is in Chinese`);
      }

      if (k % 3 === 2) {
        // The page lays out again for a phone: the compact figure replaces the wide one.
        phones++;
        const wide = await figureWidth(page);
        await page.setViewportSize({ width: 390, height: 844 });
        await waitUntil(
          page,
          `${id}: the figure is laid out again for the phone (wide: ${wide})`,
          ([sel, wide]) => {
            const box = document.querySelector(sel)?.getAttribute('viewBox');
            return box && Number(box.split(/\s+/)[2]) < wide;
          },
          [DIAGRAM, wide],
        );
        await afterFrames(page);
        await assertPhoneLayout(page, id, names.play);
        assert.deepEqual(await readLog(page), rows, `${id}: the same rows on the phone`);
      }
      assertNoProblems(assert, problems, id);
      await context.close();
    }
    assert.ok(phones >= 9, `phones checked: ${phones}`);
  });

  it('a figure a little wider than its box opens zoomed out to fit beside the overview strip', async () => {
    // 964 px of figure in a 938 px box at 1440 px: fitted, it is whole (the strip beside
    // it came after the fit was measured, and hid the server's state labels).
    const { page, context, problems } = await openPage(env, '#s=middlebox-idle-timeout', {
      viewport: { width: 1440, height: 900 },
    });
    await waitForLog(page);
    await afterFrames(page);
    const got = await page.evaluate(() => {
      const box = document.querySelector('.diagram-scroll');
      return {
        strip: !!document.querySelector('.overview-box'),
        client: box.clientWidth,
        scroll: box.scrollWidth,
      };
    });
    assert.ok(got.strip, 'the figure is taller than its box: the overview strip is beside it');
    assert.ok(got.scroll <= got.client + 1, `the figure fits its box: ${JSON.stringify(got)}`);
    // ... zoomed out to do so: at 100% it is wider than the box.
    const zoom = Number((await page.locator('.zoom').innerText()).match(/(\d+)%/)[1]);
    assert.ok(zoom < 100 && zoom >= 92, `zoomed out a little to fit: ${zoom}%`);
    assertNoProblems(assert, problems, 'fit');
    await context.close();
  });
});
