// The page loads from a subfolder of a static host, logs nothing, and asks for nothing
// outside its own folder.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  SUBFOLDER,
  assertNoProblems,
  button,
  currentIndex,
  openPage,
  setUp,
  waitForButton,
  waitForCurrent,
  waitForLog,
} from '../lib.mjs';

describe('loading from a subfolder', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('opens paused at the start with zero console messages and no request outside its folder', async () => {
    const { page, context, problems, requests } = await openPage(env, '#s=browse');
    await waitForLog(page);
    await waitForButton(page, 'Play');
    await page.locator(DIAGRAM).waitFor();

    // Paused at the start: nothing is playing and no row past the first is current.
    assert.equal(await button(page, 'Pause').count(), 0, 'no Pause button while paused');
    const current = await currentIndex(page);
    assert.ok(current <= 0, `at the start no row past the first is current (row ${current} is)`);
    for (const name of ['Step forward', 'Step back']) {
      assert.equal(await button(page, name).count(), 1, `one button named "${name}"`);
    }

    // Use the player a little, so the browser has made its own requests too (an icon).
    const start = await currentIndex(page);
    for (let k = 1; k <= 2; k++) {
      await button(page, 'Step forward').click();
      await waitForCurrent(page, start + k, `Step forward ${k}`);
    }
    assertNoProblems(assert, problems, 'after load');
    assert.ok(
      requests.some((u) => new URL(u).pathname.endsWith('.wasm')),
      `the page loads its wasm from the folder (requests: ${requests.join(', ')})`,
    );
    // The server saw every request, including those the browser makes on its own that the
    // page's request events miss (a /favicon.ico at the site root would escape the folder).
    const outside = env.server.requests.filter(
      (r) => !r.path.startsWith(SUBFOLDER) || r.status >= 400,
    );
    assert.deepEqual(outside, [], 'every request the server got was inside the folder and found');
    await context.close();
  });
});
