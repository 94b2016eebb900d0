// The page follows the browser: its language (Chinese for a Chinese browser, English
// otherwise, until the language button or the link says otherwise) and its colours (light
// or dark, with the figure's text readable on both).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  assertNoProblems,
  button,
  openPage,
  setUp,
  waitForButton,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

/** Relative luminance (0 dark .. 1 light) of a CSS `rgb(...)` / `rgba(...)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two luminances. */
const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('appearance', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('follows the browser\'s language until the language button or the link chooses', async () => {
    // A Chinese browser, a link without lang=: Chinese.
    const zh = await openPage(env, '#s=browse', { locale: 'zh-CN' });
    await waitForLog(zh.page);
    await waitForButton(zh.page, '播放');
    assert.equal(await zh.page.locator('html').getAttribute('lang'), 'zh-CN');
    // The language button (named in the language it switches to) turns the page English,
    // and the link remembers the choice.
    await button(zh.page, 'English').click();
    await waitForButton(zh.page, 'Play');
    assert.equal(await zh.page.locator('html').getAttribute('lang'), 'en');
    await waitUntil(zh.page, 'the link says lang=en', () => location.hash.includes('lang=en'));
    await button(zh.page, '中文').click();
    await waitForButton(zh.page, '播放');
    assertNoProblems(assert, zh.problems, 'a Chinese browser');
    await zh.context.close();

    // An English browser: English; a link with lang=zh wins over the browser.
    const en = await openPage(env, '#s=browse', { locale: 'en-US' });
    await waitForLog(en.page);
    await waitForButton(en.page, 'Play');
    assert.equal(await en.page.locator('html').getAttribute('lang'), 'en');
    await en.page.evaluate(() => {
      location.hash = '#s=browse&lang=zh';
    });
    await waitForButton(en.page, '播放');
    assert.equal(await en.page.locator('html').getAttribute('lang'), 'zh-CN');
    assertNoProblems(assert, en.problems, 'an English browser');
    await en.context.close();
  });

  it('uses dark colours when the system asks for them, with readable text and figure', async () => {
    const seen = {};
    for (const colorScheme of ['light', 'dark']) {
      const { page, context, problems } = await openPage(env, '#s=browse&t=3', { colorScheme });
      await waitForLog(page);
      await page.locator(`${DIAGRAM} text`).first().waitFor();
      const colours = await page.evaluate((sel) => {
        const style = getComputedStyle(document.body);
        // The figure's label of the segment on screen, and what is under it.
        const label = document.querySelector(`${sel} [data-segment-id="2"] text`) ?? document.querySelector(`${sel} text`);
        let under = document.querySelector(sel);
        let back = 'rgba(0, 0, 0, 0)';
        while (under && /rgba\(0, 0, 0, 0\)|transparent/.test(back)) {
          back = getComputedStyle(under).backgroundColor;
          under = under.parentElement;
        }
        return {
          page: style.backgroundColor,
          text: style.color,
          label: getComputedStyle(label).fill,
          figure: back,
        };
      }, DIAGRAM);
      const lum = Object.fromEntries(Object.entries(colours).map(([k, v]) => [k, luminance(v)]));
      seen[colorScheme] = lum;
      const light = colorScheme === 'light';
      assert.ok(light ? lum.page > 0.7 : lum.page < 0.05, `${colorScheme} page background ${colours.page}`);
      assert.ok(contrast(lum.page, lum.text) >= 7, `${colorScheme}: text ${colours.text} on ${colours.page}`);
      assert.ok(
        contrast(lum.figure, lum.label) >= 4.5,
        `${colorScheme}: a figure label ${colours.label} on ${colours.figure}`,
      );
      assertNoProblems(assert, problems, `${colorScheme} colours`);
      await context.close();
    }
    assert.ok(seen.dark.label > seen.light.label, 'the figure\'s labels turn light on dark');
  });
});
