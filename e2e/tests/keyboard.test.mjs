// Keyboard control: Right and Left step wherever the focus is, Space plays and pauses (once,
// also on a focused button), Home and End jump; a scrubber, a list, a checkbox and a text
// field keep the keys that are theirs. The scrolling figure takes the focus: Up and Down
// scroll it, Shift+Left/Right scroll it sideways.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  afterFrames,
  assertNoProblems,
  button,
  cliTrace,
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

  it('Space plays and pauses, also on a focused button; on a checkbox it ticks the box', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Space');
    await waitForButton(page, 'Pause');
    await page.keyboard.press('Space');
    await waitForButton(page, 'Play');
    assert.equal(await button(page, 'Pause').count(), 0, 'paused again');

    // On a focused button Space is the player's key, once: the button's own click (on
    // keyup) must not undo it. Playing goes on: the current row moves.
    await button(page, 'Step back').focus();
    const before = await currentIndex(page);
    await page.keyboard.press('Space');
    await waitForButton(page, 'Pause');
    await waitForCurrent(page, before + 1, 'playing after Space on a focused button');
    await page.keyboard.press('Space');
    await waitForButton(page, 'Play');

    // On a checkbox Space ticks it (here: hides the timers) and does not play.
    const timers = page.getByRole('checkbox', { name: 'Timers' });
    assert.equal(await timers.isChecked(), true);
    await timers.focus();
    const at = await currentIndex(page);
    await page.keyboard.press('Space');
    await waitUntil(page, 'the checkbox is unticked', () => location.hash.includes('timers=0'));
    assert.equal(await timers.isChecked(), false);
    await afterFrames(page);
    assert.equal(await button(page, 'Pause').count(), 0, 'Space on a checkbox does not play');
    assert.equal(await currentIndex(page), at);
    assertNoProblems(assert, problems, 'space');
    await context.close();
  });

  it('End goes to the last segment and Home back to the start', async () => {
    const n = cliTrace('browse', { latency_ms: '30' }).segments.length;
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    await page.keyboard.press('End');
    await waitForCurrent(page, n - 1, 'End');
    await button(page, 'Step back').focus();
    await page.keyboard.press('Home');
    await waitForCurrent(page, -1, 'Home: back at the start, no row current');
    assertNoProblems(assert, problems, 'Home and End');
    await context.close();
  });

  it('arrows in the scrubber move it by one step; in the speed list they choose a speed', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);
    // The scrubber (a range input) handles its own arrows: one step each, not two.
    const scrubber = page.getByRole('slider');
    await scrubber.focus();
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 1, 'ArrowRight in the scrubber');
    await afterFrames(page);
    assert.equal(await currentIndex(page), start + 1, 'the scrubber moved once, the player did not step too');
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 2, 'ArrowRight in the scrubber again');
    await page.keyboard.press('ArrowLeft');
    await waitForCurrent(page, start + 1, 'ArrowLeft in the scrubber');
    await afterFrames(page);
    assert.equal(await currentIndex(page), start + 1);

    // In the speed list the arrows belong to the list: no step.
    const speed = page.getByRole('combobox', { name: 'Speed' });
    await speed.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await waitUntil(page, 'a faster speed is chosen', () => /speed=[24]\b/.test(location.hash));
    await afterFrames(page);
    assert.equal(await currentIndex(page), start + 1, 'the arrows in the list did not step');
    assert.equal(await button(page, 'Pause').count(), 0, 'nor play');
    assertNoProblems(assert, problems, 'scrubber and speed list');
    await context.close();
  });

  it('Tab goes through the header in the order it shows: Share, then the scenario', async () => {
    const { page, context, problems } = await openPage(env, '#s=browse');
    await waitForLog(page);
    await page.evaluate(() => document.activeElement?.blur());
    const seen = [];
    for (let i = 0; i < 12 && !seen.includes('scenario'); i++) {
      await page.keyboard.press('Tab');
      seen.push(
        await page.evaluate(() => {
          const e = document.activeElement;
          if (e.classList.contains('share-btn')) return 'share';
          if (e.classList.contains('scenario-select')) return 'scenario';
          return e.tagName.toLowerCase();
        }),
      );
    }
    const [share, scenario] = [seen.indexOf('share'), seen.indexOf('scenario')];
    assert.ok(share >= 0 && share < scenario, `Tab order: ${seen.join(', ')}`);
    // In reading order too: on a row above the scenario (the controls wrap below the
    // brand on narrower windows), or left of it on the same row.
    const [a, b] = await page.evaluate(() =>
      ['.share-btn', '.scenario-select'].map((q) => {
        const r = document.querySelector(q).getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left };
      }),
    );
    const before = a.bottom <= b.top || (a.top < b.bottom && a.left < b.left);
    assert.ok(before, `Share reads before the scenario: ${JSON.stringify({ share: a, scenario: b })}`);
    assertNoProblems(assert, problems, 'Tab through the header');
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

  it('the keys type into the page\'s own text fields instead of driving the player', async () => {
    const { page, context, problems } = await openPage(env, LINK);
    await waitForLog(page);
    await waitForButton(page, 'Play');
    const start = await currentIndex(page);

    // The parameter editor's latency field: a text field of the page itself.
    await page.locator('summary', { hasText: 'Parameters' }).click();
    const field = page.getByRole('textbox', { name: /^latency_ms\b/ });
    await field.waitFor();
    await field.fill('');
    await field.focus();
    await page.keyboard.type('12');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.type('3');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');

    // The field got the keys: the space went between 1 and 2, Home took the caret to the
    // start. Keyboard events are handled synchronously: by the time the field shows them,
    // a handler that wrongly reacted would already have moved the playhead or played.
    assert.equal(await field.inputValue(), '31 2', 'the text field received the keys');
    assert.equal(await currentIndex(page), start, 'the arrows, Home and End did not step');
    assert.equal(await button(page, 'Pause').count(), 0, 'Space did not start playing');

    // A valid value again, then leaving the field gives the keys back to the player.
    await field.fill('30');
    await field.press('Tab');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('ArrowRight');
    await waitForCurrent(page, start + 1, 'ArrowRight after leaving the field');
    assertNoProblems(assert, problems, 'text field');
    await context.close();
  });
});
