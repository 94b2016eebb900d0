// Keyboard control: Right and Left step wherever the focus is, Space plays and pauses,
// and none of these keys does anything while the user types in a text field. The scrolling
// figure takes the focus: Up and Down scroll it, Shift+Left/Right scroll it sideways.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertNoProblems,
  button,
  currentIndex,
  openPage,
  setUp,
  waitForButton,
  waitForCurrent,
  waitForLog,
  waitUntil,
} from '../lib.mjs';

const LINK = '#s=browse&latency_ms=30';
/** The figure's scrolling box (CONTRACT.md). */
const FIGURE = '[role="region"][aria-label="Figure"]';

describe('keyboard', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('Right and Left step forward and back, from the page and from a focused button', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);

    // Nothing focused.
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 1, 'ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 2, 'ArrowRight again');
    await page.keyboard.press('ArrowLeft');
    await waitForCurrent(page, start + 1, 'ArrowLeft');

    // Focus on a control: the arrows still step, exactly once per press.
    await button(page, 'Step back').focus();
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 2, 'ArrowRight with a button focused');
    await page.keyboard.press('ArrowLeft');
    await waitForCurrent(page, start + 1, 'ArrowLeft with a button focused');
    assertNoProblems(assert, problems, 'arrow keys');
    await context.close();
  });

  it('Space plays and pauses', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Space');
    await waitForButton(page, 'Pause');
    await page.keyboard.press('Space');
    await waitForButton(page, 'Play');
    assert.equal(await button(page, 'Pause').count(), 0, 'paused again');
    assertNoProblems(assert, problems, 'space');
    await context.close();
  });

  it('the figure is reached with Tab, shows its focus, and scrolls by keyboard', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);
    // Zoomed in, the figure is wider and taller than its box, so it scrolls both ways.
    for (let i = 0; i < 4; i++) await button(page, 'Zoom in').click();
    const figure = page.locator(FIGURE);
    await waitUntil(
      page,
      'the zoomed figure overflows its box both ways',
      (sel) => {
        const el = document.querySelector(sel);
        return el.scrollWidth > el.clientWidth && el.scrollHeight > el.clientHeight;
      },
      FIGURE,
    );

    // Tab from the zoom bar's last button reaches the figure, which shows a focus ring.
    // (The time-zoom buttons come after Fit; a disabled one takes no focus.)
    await page.locator('.zoom button:not([disabled])').last().focus();
    await page.keyboard.press('Tab');
    const focus = await figure.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        focused: document.activeElement === el,
        visible: el.matches(':focus-visible'),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    assert.deepEqual(focus, { focused: true, visible: true, outline: true }, 'Tab focuses the figure, visibly');

    const scroll = () => figure.evaluate((el) => ({ top: el.scrollTop, left: el.scrollLeft }));
    const before = await scroll();
    await page.keyboard.press('ArrowDown');
    await waitUntil(
      page,
      'ArrowDown scrolls the figure down',
      ([sel, top]) => document.querySelector(sel).scrollTop > top,
      [FIGURE, before.top],
    );
    await page.keyboard.press('Shift+ArrowRight');
    await waitUntil(
      page,
      'Shift+ArrowRight scrolls the figure sideways',
      ([sel, left]) => document.querySelector(sel).scrollLeft > left,
      [FIGURE, before.left],
    );
    assert.equal(await currentIndex(page), start, 'scrolling did not step');

    // The player's keys still work with the focus in the figure.
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 1, 'ArrowRight with the figure focused');
    await page.keyboard.press('ArrowLeft');
    await waitForCurrent(page, start, 'ArrowLeft with the figure focused');
    assertNoProblems(assert, problems, 'figure keys');
    await context.close();
  });

  it('the keys type into a text field instead of driving the player', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);

    // Use the page's own text field if it has one, else add one: the page's key handler
    // must leave any text field alone.
    const selector =
      'input:not([type]), input[type="text"], input[type="search"], input[type="number"], textarea';
    let field = page.locator(selector).first();
    if ((await field.count()) === 0) {
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.type = 'text';
        input.id = 'e2e-text-field';
        input.setAttribute('aria-label', 'e2e text field');
        document.body.prepend(input);
      });
      field = page.locator('#e2e-text-field');
    }
    await field.fill('');
    await field.focus();
    await page.keyboard.type('ab');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');

    // The field got the keys: the space landed between a and b (typed at the caret).
    const value = await field.inputValue();
    if ((await field.getAttribute('type')) !== 'number') {
      assert.equal(value, 'a b', 'the text field received the keys');
    }
    // Keyboard events are handled synchronously: by the time the field shows them, a
    // handler that wrongly reacted would already have moved the playhead or started play.
    assert.equal(await currentIndex(page), start, 'the arrows did not step');
    assert.equal(await button(page, 'Pause').count(), 0, 'Space did not start playing');
    await waitForButton(page, 'Play');

    // Leaving the field gives the keys back to the player.
    await field.blur();
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 1, 'ArrowRight after leaving the field');
    assertNoProblems(assert, problems, 'text field');
    await context.close();
  });
});
