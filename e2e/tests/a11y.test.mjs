// Accessibility checked by a tool we did not write: axe-core runs inside the page at a
// desktop and a phone width, in English and in Chinese, on the default page, a scenario
// whose figure has an event badge, and a run opened at a late step. Any serious or critical
// violation fails; so does a regression of the rules fixed once (an h1, every part of the
// page in a landmark). The other findings are printed as diagnostics. The first figure the
// page shows before the player (pre-rendered, the figure worker's, an embed's) is checked too.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { DIAGRAM, assertNoProblems, cliTrace, openPage, setUp, waitForLog, waitUntil } from '../lib.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const VIEWS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];
/** Rules that once failed here and were fixed: they must stay clean whatever their impact. */
const FIXED = ['scrollable-region-focusable', 'page-has-heading-one', 'region'];
const SEVERE = new Set(['serious', 'critical']);

/** The links checked; `events` asks that the figure holds an event badge. */
function links() {
  const late = cliTrace('http11-pipelining').segments.length - 2;
  return [
    { name: 'default page', hash: '' },
    { name: 'event badge', hash: '#s=middlebox-idle-timeout', events: true },
    { name: 'late step', hash: `#s=http11-pipelining&t=${late}`, step: late },
  ];
}

/** One line per violation: rule, impact, what axe says, and where (first 3 targets). */
function describeViolation(v) {
  const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
  const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
  return `${v.id} [${v.impact}]: ${v.help}: ${where}${more}`;
}

describe('accessibility (axe-core)', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  for (const view of VIEWS) {
    for (const lang of ['en', 'zh']) {
      it(`no serious or critical violation: ${view.name}, ${lang}`, async (t) => {
        for (const link of links()) {
          const hash = `${link.hash || '#'}${link.hash ? '&' : ''}lang=${lang}`;
          const { page, context, problems } = await openPage(env, hash, {
            viewport: { width: view.width, height: view.height },
          });
          await waitForLog(page);
          await waitUntil(page, 'the figure is drawn', (sel) => {
            const svg = document.querySelector(sel);
            return svg && svg.querySelector('[data-segment-id]');
          }, DIAGRAM);
          if (link.events) {
            // The figure draws the rows in view and half a view around them: scroll it down
            // until an event's badge is drawn (a phone's view may not reach one).
            const drawn = await page.evaluate(async (sel) => {
              const box = document.querySelector('.diagram-scroll');
              const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
              for (let i = 0; i < 100; i++) {
                await frames();
                if (document.querySelector(`${sel} [data-event-id]`)) return true;
                if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) return false;
                box.scrollTop += box.clientHeight / 2;
              }
              return false;
            }, DIAGRAM);
            assert.ok(drawn, `${link.name}: the figure has an event badge`);
          }
          if (link.step !== undefined) {
            const current = await page.getAttribute('tr[aria-current="step"]', 'data-segment-id');
            assert.equal(current, String(link.step - 1), `${link.name}: opened at step ${link.step}`);
          }
          await page.evaluate(AXE);
          const result = await page.evaluate(() =>
            window.axe.run(document, { resultTypes: ['violations'] }),
          );
          const where = `${view.name}, ${lang}, ${link.name}`;
          for (const v of result.violations.filter((v) => !SEVERE.has(v.impact))) {
            t.diagnostic(`${where}: ${describeViolation(v)}`);
          }
          const failing = result.violations.filter(
            (v) => SEVERE.has(v.impact) || FIXED.includes(v.id),
          );
          assert.deepEqual(failing.map(describeViolation), [], `${where}: axe-core violations`);
          assertNoProblems(assert, problems, where);
          await context.close();
        }
      });
    }
  }

  it('a step is announced in a sentence or two, not the whole side panel', async () => {
    const { page, context, problems } = await openPage(env, '#s=browse&t=4');
    await waitForLog(page);
    await page.locator('.exp-now .exp-text').waitFor();
    const live = await page.$$eval('[aria-live]', (els) =>
      els.filter((e) => e.offsetParent !== null || e.getClientRects().length).map((e) => e.innerText.trim()),
    );
    const said = live.join(' ');
    // The segment and what it does are said; the numbers, timers and sockets are not.
    const text = await page.locator('.exp-now .exp-text').innerText();
    assert.ok(said.includes(text), `the explanation is said: ${said}`);
    assert.ok(!/SND\.UNA|RCV\.NXT|Send sequence space/.test(said), `the socket panel is not: ${said}`);
    assert.ok(said.length < 900, `${said.length} characters said at a step: ${said}`);
    assertNoProblems(assert, problems, 'browse at step 4');
    await context.close();
  });

  it('no serious or critical violation, nor a fixed one, on the first figure the page shows before the player', async (t) => {
    // What a reader on a slow connection sees for seconds: the note with the pre-rendered
    // figure, the figure worker's, or an embed's. The player's wasm never comes here.
    for (const view of VIEWS) {
      for (const [hash, testid] of [
        ['', 'prerendered-diagram'],
        ['#s=handshake&lang=zh', 'prerendered-diagram'],
        ['#s=browse&latency_ms=30', 'worker-diagram'],
        ['#s=handshake&embed=1&panels=diagram,states', 'prerendered-diagram'],
        ['#s=browse&embed=1&latency_ms=30&theme=dark&lang=zh', 'worker-diagram'],
      ]) {
        const context = await env.browser.newContext({ viewport: { width: view.width, height: view.height } });
        try {
          await context.route(/wiretrace-web-[0-9a-f]+_bg\.wasm$/, () => {});
          const page = await context.newPage();
          await page.goto(env.server.base + hash);
          await page.locator(`svg[data-testid="${testid}"] [data-segment-id]`).first().waitFor({ timeout: 30_000 });
          await page.evaluate(AXE);
          const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
          const where = `${view.name}, the first figure of ${hash || 'the default page'}`;
          for (const v of result.violations.filter((v) => !SEVERE.has(v.impact))) {
            t.diagnostic(`${where}: ${describeViolation(v)}`);
          }
          const failing = result.violations.filter((v) => SEVERE.has(v.impact) || FIXED.includes(v.id));
          assert.deepEqual(failing.map(describeViolation), [], `${where}: axe-core violations`);
        } finally {
          await context.close();
        }
      }
    }
  });
});
