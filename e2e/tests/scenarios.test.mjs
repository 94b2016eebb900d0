// Every scenario the CLI lists opens in the page with the CLI's segments, plays to its end
// (in English and in Chinese, on a desktop and a phone), and logs nothing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI, assertNoProblems, cliTrace, currentIndex, openPage, readLog, setUp, waitForLog } from '../lib.mjs';

/** Scenario ids from `wiretrace list` (the first word of each line). */
function scenarioIds() {
  return execFileSync(CLI, ['list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(/\s+/)[0])
    .filter(Boolean);
}

describe('every scenario', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  it('opens with the CLI\'s segments, jumps to its end, and logs nothing', async () => {
    const ids = scenarioIds();
    assert.ok(ids.length >= 27, `the CLI lists every scenario (${ids.length})`);
    for (const [k, id] of ids.entries()) {
      const trace = cliTrace(id);
      const n = trace.segments.length;
      const lang = k % 2 ? 'zh' : 'en';
      const { page, context, problems } = await openPage(env, `#s=${id}&t=${n}&lang=${lang}`);
      if (k % 3 === 2) await page.setViewportSize({ width: 390, height: 844 });
      await waitForLog(page);
      const rows = await readLog(page);
      assert.deepEqual(
        rows.map((r) => [r.id, r.flags, r.seq, r.len]),
        trace.segments.map((s) => [String(s.id), s.flags.join(','), String(s.seq), String(s.len)]),
        `${id}: the page's segments are the CLI's`,
      );
      assert.equal(await currentIndex(page), n - 1, `${id}: t=${n} opens at the last segment`);
      assert.equal(await page.locator('[role="alert"]').count(), 0, `${id}: no alert`);
      assert.equal(
        await page.locator('html').getAttribute('lang'),
        lang === 'zh' ? 'zh-CN' : 'en',
        `${id}: the page says its language`,
      );
      assertNoProblems(assert, problems, id);
      await context.close();
    }
  });
});
