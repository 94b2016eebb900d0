// The page loads from a subfolder of a static host, logs nothing, and asks for nothing
// outside its own folder.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  ROWS,
  SUBFOLDER,
  assertNoProblems,
  button,
  openPage,
  setUp,
  waitForButton,
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
    const current = await page.$$eval(ROWS, (rows) =>
      rows.findIndex((r) => r.getAttribute('aria-current') === 'step'),
    );
    assert.ok(current <= 0, `at the start no row past the first is current (row ${current} is)`);
    for (const name of ['Step forward', 'Step back']) {
      assert.equal(await button(page, name).count(), 1, `one button named "${name}"`);
    }

    // Let the page settle (fonts, lazy work), then judge what it asked for.
    await page.waitForLoadState('networkidle');
    assertNoProblems(assert, problems, 'after load');
    assert.ok(
      requests.some((u) => u.endsWith('.wasm')),
      `the page loads its wasm from the folder (requests: ${requests.join(', ')})`,
    );
    // The server saw every request, including ones the browser makes on its own
    // (a /favicon.ico at the site root would escape the folder).
    const outside = env.server.requests.filter(
      (r) => !r.path.startsWith(SUBFOLDER) || r.status >= 400,
    );
    assert.deepEqual(outside, [], 'every request the server got was inside the folder and found');
    await context.close();
  });
});
