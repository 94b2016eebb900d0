// A bad link shows a message naming what was wrong (role="alert"), logs nothing to the
// console, and leaves a page that still works.

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

const BAD_LINKS = [
  { hash: '#s=nope', names: 'nope' },
  { hash: '#s=browse&latency_ms=-5', names: 'latency_ms' },
  { hash: '#s=browse&no.such.key=1', names: 'no.such.key' },
  { hash: '#s=handshake&client.isn=4294967296', names: 'client.isn' },
];

async function alertText(page) {
  const alert = page.getByRole('alert');
  await alert.first().waitFor({ state: 'visible' });
  return (await alert.allTextContents()).join(' ');
}

describe('bad links', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  for (const { hash, names } of BAD_LINKS) {
    it(`${hash} shows an alert naming ${names} and the page keeps working`, async () => {
      const { page, context, problems } = await openPage(env, hash);
      const text = await alertText(page);
      assert.ok(text.includes(names), `the alert names "${names}": ${JSON.stringify(text)}`);

      // Still working: the player's controls are there ...
      await waitForButton(page, 'Play');
      // ... and following a good link (editing the address) shows that run, alert gone.
      await page.evaluate(() => {
        location.hash = '#s=browse&latency_ms=30';
      });
      await waitForLog(page);
      await waitUntil(page, 'the alert is gone', () => document.querySelectorAll('[role="alert"]').length === 0 ||
        [...document.querySelectorAll('[role="alert"]')].every((e) => e.textContent.trim() === ''));
      const start = await currentIndex(page);
      await button(page, 'Step forward').click();
      await waitForCurrent(page, start + 1, 'Step forward after the error');
      assertNoProblems(assert, problems, hash);
      await context.close();
    });
  }
});
