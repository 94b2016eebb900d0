// Embedding in a course page (issue 11): embed mode (`embed=1` and its keys), the
// postMessage API, auto-height, the web component, reveal.js, reduced motion, the CSP, the
// sandbox message and the page opened from disk. The host page is served from a second
// port (another origin); it records every message it gets, with the iframe it came from.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CAPTURES,
  ROWS,
  TIMEOUT,
  button,
  cliImport,
  cliImportRun,
  cliTrace,
  diskPage,
  diskUrl,
  download,
  expectedRow,
  normalRow,
  openPage,
  readLog,
  setUp,
  waitUntil,
} from '../lib.mjs';
import { startServer } from '../server.mjs';

const HOST_PREFIX = '/lms/course/';

/** A host page: iframes of the player (`frames`: {id, hash, width, height, attrs}). */
function hostPage(env, frames, { head = '', body = '' } = {}) {
  const iframes = frames
    .map(
      (f) =>
        `<iframe id="${f.id}" title="wiretrace ${f.id}" src="${env.server.base}#${f.hash}"` +
        ` width="${f.width ?? 640}" height="${f.height ?? 360}" ${f.attrs ?? ''}` +
        ` style="border:0;display:block"></iframe>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>A course page</title>${head}
<script>
  window.got = [];
  addEventListener('message', (e) => {
    const f = [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === e.source);
    got.push({ frame: f ? f.id : null, origin: e.origin, data: e.data });
    const d = e.data;
    if (f && f.dataset.autosize && d && d.wiretrace === 1 && d.event === 'resize') {
      f.style.height = d.data.height + 'px';
    }
  });
  window.send = (id, msg) => document.getElementById(id).contentWindow.postMessage(msg, '*');
</script></head><body style="margin:0">${iframes}${body}</body></html>`;
}

describe('embedding in a course page', () => {
  let env;
  let host;
  let hostDir;
  let pageNo = 0;
  before(async () => {
    env = await setUp();
    hostDir = mkdtempSync(join(tmpdir(), 'wiretrace-host-'));
    host = await startServer({ root: hostDir, prefix: HOST_PREFIX });
  });
  after(async () => {
    await host?.close();
    await env?.close();
    if (hostDir) rmSync(hostDir, { recursive: true, force: true });
  });

  /**
   * Opens a host page and records what would count against either frame: console
   * messages of any kind, uncaught errors, failed requests and requests outside the
   * player's folder or the host's.
   */
  async function openHost(html, { reducedMotion = 'no-preference', viewport, locale = 'en-US' } = {}) {
    const name = `page${++pageNo}.html`;
    writeFileSync(join(hostDir, name), html);
    const context = await env.browser.newContext({
      locale,
      reducedMotion,
      viewport: viewport ?? { width: 1000, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const problems = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('request', (r) => {
      const u = r.url();
      if (!(u.startsWith(env.server.base) || u.startsWith(host.base) || /^(data|blob):/.test(u))) {
        problems.push(`request outside the folders: ${u}`);
      }
    });
    await page.goto(host.base + name, { waitUntil: 'load' });
    return { page, context, problems };
  }

  /** Waits until the host got a message matching `pred` (a function of {frame, data}). */
  async function waitMsg(page, what, pred, arg) {
    try {
      const h = await page.waitForFunction(
        ([src, a]) => {
          const p = new Function('m', 'a', `return (${src})(m, a)`);
          return window.got.find((m) => p(m, a)) ?? null;
        },
        [pred.toString(), arg],
        { timeout: TIMEOUT, polling: 50 },
      );
      return h.jsonValue();
    } catch (err) {
      const got = await page.evaluate(() => JSON.stringify(window.got.slice(-12)));
      throw new Error(`timed out waiting for ${what}; last messages: ${got}`, { cause: err });
    }
  }
  const event = (id, name) => (m, a) =>
    m.frame === a[0] && m.data && m.data.wiretrace === 1 && m.data.event === a[1];
  const reply = (m, a) => m.frame === a[0] && m.data && m.data.wiretrace === 1 && m.data.id === a[1];
  const frameOf = (page, id) => page.frame({ url: (u) => u.href.includes(`player_id=${id}`) });
  const currentRow = (frame) =>
    frame.$$eval(ROWS, (rows) => rows.findIndex((r) => r.getAttribute('aria-current') === 'step'));
  const clear = (page) => page.evaluate(() => (window.got.length = 0));

  /** Every message we send carries `wiretrace: 1`; none uses Canvas's keys. */
  async function assertOwnKeys(page) {
    const ours = await page.evaluate(() =>
      window.got.filter((m) => m.data && m.data.wiretrace === 1).map((m) => m.data),
    );
    for (const m of ours) {
      assert.ok(!('subject' in m) && !('messageType' in m), `our message ${JSON.stringify(m)}`);
    }
  }

  it('ready (also late, by ping), seek, routing by source, errors, and the full-page link', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [
        { id: 'a', hash: 's=handshake&embed=1&player_id=a' },
        { id: 'b', hash: 's=browse&embed=1&player_id=b&colour=red&theme=purple&panels=diagram,log' },
      ]),
    );
    const readyA = await waitMsg(page, 'ready from a', event(), ['a', 'ready']);
    const readyB = await waitMsg(page, 'ready from b', event(), ['b', 'ready']);
    assert.equal(readyA.data.player_id, 'a');
    assert.equal(readyA.data.data.total, 7, 'handshake has 7 segments');
    assert.equal(readyA.data.data.link, 's=handshake');
    assert.deepEqual(readyA.data.data.ignored, []);
    assert.equal(readyB.data.player_id, 'b');
    assert.deepEqual(readyB.data.data.ignored.sort(), ['colour=red', 'theme=purple']);
    assert.equal(readyA.origin, env.server.origin);

    // A listener added late asks again.
    await clear(page);
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'ping', id: 7 }));
    const again = await waitMsg(page, 'ready after ping', event(), ['a', 'ready']);
    assert.equal(again.data.data.total, 7);
    const pong = await waitMsg(page, 'the reply to ping', reply, ['a', 7]);
    assert.equal(pong.data.method, 'ping');
    assert.equal(pong.data.value.total, 7);

    // Seek moves the transcript's aria-current, in that frame only (routing by source).
    await page.evaluate(() => send('b', { wiretrace: 1, method: 'seek', value: { step: 3 }, id: 'q' }));
    const step = await waitMsg(page, 'step from b', event(), ['b', 'step']);
    assert.equal(step.data.player_id, 'b');
    assert.equal(step.data.data.step, 3);
    assert.equal(step.data.data.segment_id, 2);
    assert.deepEqual(step.data.data.flags, ['ACK']);
    assert.equal(step.data.data.states.client, 'ESTABLISHED');
    await waitMsg(page, 'the reply to seek', reply, ['b', 'q']);
    const b = frameOf(page, 'b');
    await b.waitForFunction((sel) => {
      const rows = [...document.querySelectorAll(sel)];
      return rows[2]?.getAttribute('aria-current') === 'step';
    }, ROWS);
    assert.equal(
      await page.evaluate(() => window.got.filter((m) => m.frame === 'a' && m.data.event === 'step').length),
      0,
      'a did not move',
    );

    // The link to the full page follows the moment, opens a new tab, and is no embed.
    const open = b.getByRole('link', { name: 'Open in wiretrace ↗' });
    assert.equal(await open.getAttribute('target'), '_blank');
    assert.equal(await open.getAttribute('rel'), 'noopener');
    const href = await open.getAttribute('href');
    assert.ok(href.startsWith(env.server.base) && href.includes('#s=browse&t=3'), href);
    assert.ok(!href.includes('embed'), href);

    // Bad values give an error event (with the id), and the run stays.
    const bad = [
      ['seek', { step: 99 }, /0 to 7/],
      ['seek', 'three', /0 to 7/],
      ['setPlaybackRate', 3, /0\.25/],
      ['setLang', 'fr', /en/],
      ['setTheme', 'pink', /auto/],
      ['load', 'https://example.org/#s=browse', /not a URL/],
      ['load', 's=nope', /nope/],
      ['fly', null, /unknown method/],
    ];
    for (const [i, [method, value, why]] of bad.entries()) {
      await page.evaluate(([method, value, i]) => send('a', { wiretrace: 1, method, value, id: `e${i}` }), [
        method,
        value,
        i,
      ]);
      const err = await waitMsg(page, `error for ${method}`, (m, a) => m.frame === 'a' && m.data.event === 'error' && m.data.data.id === a, `e${i}`);
      assert.equal(err.data.data.method, method);
      assert.match(err.data.data.message, why, `${method} ${JSON.stringify(value)}`);
    }
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'getState', id: 's' }));
    const state = await waitMsg(page, 'getState', reply, ['a', 's']);
    assert.deepEqual(
      { step: state.data.value.step, total: state.data.value.total, link: state.data.value.link },
      { step: 0, total: 7, link: 's=handshake' },
    );

    // load takes a link: the new run, a linkchange, and the language by setLang.
    await clear(page);
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'load', value: 's=browse&t=2' }));
    const change = await waitMsg(page, 'linkchange', event(), ['a', 'linkchange']);
    assert.equal(change.data.data.link, 's=browse&t=2');
    // A Chinese link loads its texts first; a seek sent right after it waits for it, and
    // is a step of its run (27 segments), past the end of the run shown (browse, 11).
    await clear(page);
    await page.evaluate(() => {
      send('a', { wiretrace: 1, method: 'load', value: 's=big-response&lang=zh' });
      send('a', { wiretrace: 1, method: 'seek', value: 20 });
    });
    await waitMsg(page, 'the Chinese link at step 20', (m) => m.frame === 'a' && m.data.event === 'step' && m.data.data.step === 20);
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'getState', id: 'zh' }));
    const zh = await waitMsg(page, 'getState after the Chinese link', reply, ['a', 'zh']);
    assert.deepEqual(
      { step: zh.data.value.step, total: zh.data.value.total },
      { step: 20, total: 27 },
      'the seek came after the link opened, as a step of its run',
    );
    assert.ok(!(await page.evaluate(() => window.got.some((m) => m.frame === 'a' && m.data.event === 'error'))), 'and was not refused');
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'setLang', value: 'zh' }));
    await frameOf(page, 'a').waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await assertOwnKeys(page);
    assert.deepEqual(problems, [], 'zero console messages in either frame');
    await context.close();
  });

  it('play runs to ended; messages from a non-parent or the wrong origin are ignored', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [
        { id: 'a', hash: 's=handshake&embed=1&player_id=a&speed=4' },
        { id: 'b', hash: 's=handshake&embed=1&player_id=b&panels=diagram,log' },
        { id: 'c', hash: `s=handshake&embed=1&player_id=c&panels=diagram,log&origin=${encodeURIComponent('http://127.0.0.1:9')}` },
      ]),
    );
    await waitMsg(page, 'ready from a', event(), ['a', 'ready']);
    await waitMsg(page, 'ready from b', event(), ['b', 'ready']);
    await frameOf(page, 'c').waitForSelector(ROWS);

    await page.evaluate(() => send('a', { wiretrace: 1, method: 'seek', value: 4 }));
    await waitMsg(page, 'a at step 4', (m) => m.frame === 'a' && m.data.event === 'step' && m.data.data.step === 4);
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'play' }));
    await waitMsg(page, 'play', event(), ['a', 'play']);
    const ended = await waitMsg(page, 'ended', event(), ['a', 'ended']);
    assert.equal(ended.data.data.step, 7);
    const order = await page.evaluate(() =>
      window.got.filter((m) => m.frame === 'a' && m.data.event).map((m) => m.data.event),
    );
    assert.deepEqual(
      order.filter((e) => ['play', 'pause', 'ended'].includes(e)),
      ['play', 'pause', 'ended'],
    );

    // A sibling frame (not the parent) asks a to seek: ignored, silently.
    await frameOf(page, 'b').evaluate(() =>
      parent.frames[0].postMessage({ wiretrace: 1, method: 'seek', value: 1 }, '*'),
    );
    // c obeys only http://127.0.0.1:9, which this host is not.
    await page.evaluate(() => send('c', { wiretrace: 1, method: 'seek', value: 5 }));
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'getState', id: 'after' }));
    await page.evaluate(() => send('b', { wiretrace: 1, method: 'seek', value: 2, id: 'ctl' }));
    const st = await waitMsg(page, 'a answers', reply, ['a', 'after']);
    assert.equal(st.data.value.step, 7, 'a stays where it was');
    await waitMsg(page, 'b moved', reply, ['b', 'ctl']);
    assert.equal(await currentRow(frameOf(page, 'b')), 1, 'the control: b obeys its parent');
    assert.equal(await currentRow(frameOf(page, 'c')), -1, 'c ignored a host of another origin');
    assert.equal(
      await page.evaluate(() => window.got.filter((m) => m.frame === 'c').length),
      0,
      'c posts nothing to a host that is not its origin',
    );
    await assertOwnKeys(page);
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const width of [360, 960]) {
    it(`auto-height at ${width} px: the frame is its content's height, without a growth loop`, async () => {
      const { page, context, problems } = await openHost(
        hostPage(env, [
          {
            id: 'a',
            hash: 's=handshake&embed=1&player_id=a&autoheight=1&panels=diagram,states',
            width,
            height: 150,
            attrs: 'data-autosize="1"',
          },
        ]),
        { viewport: { width: width + 40, height: 900 } },
      );
      const frame = frameOf(page, 'a');
      await frame.waitForSelector('[data-testid="state-client"]');
      const content = () => frame.evaluate(() => document.getElementById('wt-embed').getBoundingClientRect().height);
      await page.waitForFunction(
        async () => {
          const f = document.getElementById('a');
          return Math.abs(f.getBoundingClientRect().height - 150) > 1;
        },
        null,
        { timeout: TIMEOUT },
      );
      let h = 0;
      let c = 0;
      for (let tries = 0; tries < 200; tries++) {
        h = await page.evaluate(() => document.getElementById('a').getBoundingClientRect().height);
        c = await content();
        if (Math.abs(h - c) <= 1) break;
        await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => r(true))));
      }
      assert.ok(Math.abs(h - c) <= 1, `frame ${h} px, content ${c} px`);
      assert.ok(c > 200, `the content has a height of its own (${c})`);
      // Canvas's and Embedly's forms come too, with the same height.
      const canvas = await waitMsg(page, 'lti.frameResize', (m) => m.data && m.data.subject === 'lti.frameResize');
      const embedly = await waitMsg(page, 'iframe.resize', (m) => m.data && m.data.context === 'iframe.resize');
      assert.ok(canvas.data.height > 0 && embedly.data.src.includes('embed=1'));
      // No growth loop: for 2 s, the embed posts no more than a couple of resizes.
      const before = await page.evaluate(() => window.got.filter((m) => m.data?.event === 'resize').length);
      const grew = await page
        .waitForFunction((n) => window.got.filter((m) => m.data?.event === 'resize').length > n + 2, before, {
          timeout: 2000,
        })
        .then(
          () => true,
          () => false,
        );
      assert.equal(grew, false, 'the frame keeps resizing itself');
      // The page does not size itself by the viewport: no vh in embed mode.
      const vh = await frame.evaluate(() => getComputedStyle(document.querySelector('.diagram-scroll')).maxHeight);
      assert.equal(vh, 'none');
      await assertOwnKeys(page);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('controls=0, keyboard=0, panels, lock and links=0 do what they say', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [
        { id: 'a', hash: 's=handshake&embed=1&player_id=a&controls=0&speed=4' },
        { id: 'b', hash: 's=handshake&embed=1&player_id=b&keyboard=0' },
        { id: 'c', hash: 's=handshake&embed=1&player_id=c&panels=log,states&lock=1&links=0', height: 500 },
        { id: 'd', hash: 's=handshake&embed=1&player_id=d' },
      ]),
    );
    for (const id of 'abcd') await waitMsg(page, `ready from ${id}`, event(), [id, 'ready']);
    const a = frameOf(page, 'a');
    assert.equal(await a.getByRole('button', { name: 'Play', exact: true }).count(), 0, 'no player bar');
    // A click on the figure plays; Space pauses.
    // (The left margin, where the times are: no arrow there.)
    await a.locator('.diagram-scroll').click({ position: { x: 4, y: 140 } });
    await waitMsg(page, 'a plays', event(), ['a', 'play']);
    await a.locator('body').press('Space');
    await waitMsg(page, 'a pauses', event(), ['a', 'pause']);

    // keyboard=0: → does nothing; the control: with keys on, → steps.
    const b = frameOf(page, 'b');
    await b.locator('.diagram-scroll').focus();
    await b.locator('.diagram-scroll').press('ArrowRight');
    const d = frameOf(page, 'd');
    await d.locator('.diagram-scroll').focus();
    await d.locator('.diagram-scroll').press('ArrowRight');
    await waitMsg(page, 'd steps by key', event(), ['d', 'step']);
    await page.evaluate(() => send('b', { wiretrace: 1, method: 'getState', id: 'k' }));
    const kb = await waitMsg(page, 'b answers', reply, ['b', 'k']);
    assert.equal(kb.data.value.step, 0, 'keyboard=0: the key did nothing');
    assert.equal(await d.getByRole('link', { name: 'Open in wiretrace ↗' }).count(), 1);
    assert.equal(await d.locator('table[data-testid="segment-log"]').count(), 0, 'default: the figure only');
    assert.equal(await d.locator('svg[data-testid="sequence-diagram"]').count(), 1);
    assert.equal(await d.locator('header, .topbar').count(), 0, 'no header');

    // panels=log,states: no figure; the transcript and the states; lock: the parameters
    // shown and read-only; links=0: no link out.
    const c = frameOf(page, 'c');
    await c.waitForSelector(ROWS);
    assert.equal(await c.locator('svg[data-testid="sequence-diagram"]').count(), 0);
    assert.equal(await c.locator('[data-testid="state-client"]').count(), 1);
    assert.equal(await c.locator('.explanation').count(), 0, 'no explanation unless asked');
    const field = c.locator('#param-latency_ms');
    await field.waitFor();
    assert.ok(await field.evaluate((e) => e.readOnly), 'read-only');
    assert.equal(await c.locator('a.open-full').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('reveal.js slide:start and slide:stop play and pause; reduced motion keeps autoplay paused', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [{ id: 'a', hash: 's=browse&embed=1&player_id=a&autoplay=1' }]),
    );
    await waitMsg(page, 'ready', event(), ['a', 'ready']);
    await page.evaluate(() => send('a', 'slide:stop'));
    await waitMsg(page, 'paused by slide:stop', event(), ['a', 'pause']);
    await clear(page);
    await page.evaluate(() => send('a', 'slide:start'));
    await waitMsg(page, 'played by slide:start', event(), ['a', 'play']);
    assert.deepEqual(problems, []);
    await context.close();

    const calm = await openHost(hostPage(env, [{ id: 'a', hash: 's=browse&embed=1&player_id=a&autoplay=1' }]), {
      reducedMotion: 'reduce',
    });
    const ready = await waitMsg(calm.page, 'ready', event(), ['a', 'ready']);
    assert.equal(ready.data.data.step, 0);
    const note = frameOf(calm.page, 'a').getByRole('status');
    await note.filter({ hasText: 'reduced motion' }).waitFor();
    await calm.page.evaluate(() => send('a', 'slide:start'));
    await calm.page.evaluate(() => send('a', { wiretrace: 1, method: 'getState', id: 1 }));
    const st = await waitMsg(calm.page, 'state', reply, ['a', 1]);
    assert.equal(st.data.value.playing, false, 'autoplay stays paused');
    assert.deepEqual(calm.problems, []);
    await calm.context.close();
  });

  it('end=N stops there; theme, setTheme and transparent set the colours', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [
        { id: 'a', hash: 's=browse&embed=1&player_id=a&end=3&autoplay=1&speed=4&theme=dark' },
        { id: 'b', hash: 's=browse&embed=1&player_id=b&transparent=1' },
      ]),
    );
    const ended = await waitMsg(page, 'ended at end=3', event(), ['a', 'ended']);
    assert.equal(ended.data.data.step, 3);
    const a = frameOf(page, 'a');
    const bg = (f) => f.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = (c) => c.match(/\d+/g).slice(0, 3).reduce((x, y) => x + Number(y), 0) < 3 * 80;
    assert.ok(dark(await bg(a)), `theme=dark: the background is ${await bg(a)}`);
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'setTheme', value: 'light', id: 't' }));
    await waitMsg(page, 'setTheme answered', reply, ['a', 't']);
    await a.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    assert.ok(!dark(await bg(a)), `setTheme light: the background is ${await bg(a)}`);
    await waitMsg(page, 'ready from b', event(), ['b', 'ready']);
    assert.equal(await bg(frameOf(page, 'b')), 'rgba(0, 0, 0, 0)', 'transparent=1');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('a hash changed in place that adds or removes embed=1 switches into or out of embed mode', async () => {
    // A reader types a new hash into the full page.
    const { page, context, problems } = await openPage(env, '#s=handshake&t=2');
    await page.waitForSelector(ROWS);
    const share = button(page, 'Share');
    await share.waitFor();
    const embedded = () => page.evaluate(() => document.documentElement.dataset.embed === '1' && !!document.getElementById('wt-embed'));
    assert.equal(await embedded(), false);
    await page.evaluate(() => (location.hash = '#s=handshake&t=3&embed=1&panels=diagram,log'));
    await page.waitForSelector('#wt-embed table[data-testid="segment-log"] tr[data-segment-id][aria-current="step"]');
    assert.equal(await embedded(), true);
    assert.equal(await share.count(), 0, 'no Share button in an embed');
    assert.equal(await page.locator('header, .topbar').count(), 0, 'no header');
    assert.equal(await page.locator(`${ROWS}[aria-current="step"]`).getAttribute('data-segment-id'), '2', 'at t=3');
    // The embed keeps its keys in its address; a reload would stay an embed.
    assert.match(await page.evaluate(() => location.hash), /embed=1&panels=diagram,log$/);
    // Back out: the full page at the step the hash names.
    await page.evaluate(() => (location.hash = '#s=browse&t=1'));
    await share.waitFor();
    assert.equal(await embedded(), false);
    assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-embed')), false);
    await page.waitForFunction(
      (sel) => document.querySelector(`${sel}[aria-current="step"]`)?.getAttribute('data-segment-id') === '0',
      ROWS,
    );
    // A hash with the same embed options (none) stays the same page: the open Share dialog stays.
    await share.click();
    await page.getByRole('dialog').waitFor();
    await page.evaluate(() => (location.hash = '#s=browse&t=2'));
    await page.waitForFunction(
      (sel) => document.querySelector(`${sel}[aria-current="step"]`)?.getAttribute('data-segment-id') === '1',
      ROWS,
    );
    assert.equal(await page.getByRole('dialog').count(), 1, 'not opened again');
    assert.deepEqual(problems, []);
    await context.close();

    // A host changes its iframe's hash: other embed keys give a new ready, no embed=1 the
    // full page.
    const host = await openHost(hostPage(env, [{ id: 'a', hash: 's=handshake&embed=1&player_id=a', height: 500 }]));
    await waitMsg(host.page, 'ready', event(), ['a', 'ready']);
    const a = () => host.page.frames().find((f) => f.parentFrame() && f.url().includes('#'));
    assert.equal(await a().locator('table[data-testid="segment-log"]').count(), 0, 'the figure only');
    await clear(host.page);
    const setHash = (hash) =>
      host.page.evaluate((hash) => {
        const f = document.getElementById('a');
        f.src = f.src.replace(/#.*$/, '#' + hash);
      }, hash);
    await setHash('s=handshake&embed=1&player_id=a&panels=diagram,log&t=4');
    const again = await waitMsg(host.page, 'ready again', event(), ['a', 'ready']);
    assert.equal(again.data.data.step, 4);
    await a().waitForSelector(ROWS);
    // A hash with the same embed keys only moves the run: a step, no ready.
    await clear(host.page);
    await setHash('s=handshake&embed=1&player_id=a&panels=diagram,log&t=5');
    const moved = await waitMsg(host.page, 'step', event(), ['a', 'step']);
    assert.equal(moved.data.data.step, 5);
    assert.equal(await host.page.evaluate(() => window.got.filter((m) => m.data.event === 'ready').length), 0);
    await setHash('s=handshake&t=5');
    await button(a(), 'Share').waitFor();
    assert.equal(await a().locator('#wt-embed').count(), 0);
    assert.deepEqual(host.problems, []);
    await host.context.close();
  });

  it('loop=1 plays to the end and starts again from the first step, without ended', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [{ id: 'a', hash: 's=handshake&embed=1&player_id=a&loop=1&autoplay=1&speed=4' }]),
    );
    const steps = (page) =>
      page.evaluate(() => window.got.filter((m) => m.frame === 'a' && m.data.event).map((m) => m.data));
    // The last step, then the first again: a second round.
    await waitMsg(page, 'the last step', (m) => m.frame === 'a' && m.data.event === 'step' && m.data.data.step === 7);
    await page.waitForFunction(
      () => {
        const got = window.got.filter((m) => m.frame === 'a' && m.data.event === 'step').map((m) => m.data.data.step);
        const last = got.indexOf(7);
        return last >= 0 && got.slice(last + 1).includes(2);
      },
      null,
      { timeout: TIMEOUT },
    );
    const events = await steps(page);
    const names = events.map((e) => e.event);
    assert.ok(!names.includes('ended') && !names.includes('pause'), `a loop neither ends nor pauses: ${names}`);
    const order = events.filter((e) => e.event === 'step').map((e) => e.data.step);
    const end = order.indexOf(7);
    assert.deepEqual(order.slice(end, end + 3), [7, 1, 2], `after the end, step 1: ${order}`);
    // It keeps playing until told.
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'getState', id: 's' }));
    assert.equal((await waitMsg(page, 'state', reply, ['a', 's'])).data.value.playing, true);
    await page.evaluate(() => send('a', { wiretrace: 1, method: 'pause' }));
    await waitMsg(page, 'paused', event(), ['a', 'pause']);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('maxheight=PX caps the embed: alone in a taller frame, and with autoheight=1', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [
        { id: 'a', hash: 's=browse&embed=1&player_id=a&maxheight=300&panels=diagram,log', height: 600 },
        {
          id: 'b',
          hash: 's=browse&embed=1&player_id=b&autoheight=1&maxheight=300&panels=diagram,log',
          height: 150,
          attrs: 'data-autosize="1"',
        },
        { id: 'c', hash: 's=browse&embed=1&player_id=c&panels=diagram,log', height: 600 },
      ]),
      // All three frames in view: Chromium does not render a cross-origin frame scrolled
      // out of view, so its ResizeObserver would not report (c fell out of a 900-px view
      // when b grew to 300 px, before its first report, in one run of ./scripts/test).
      { viewport: { width: 1000, height: 1500 } },
    );
    const lastResize = (id) =>
      page.evaluate((id) => window.got.filter((m) => m.frame === id && m.data.event === 'resize').pop()?.data.data, id);
    const box = (id) =>
      frameOf(page, id).evaluate(() => {
        const r = document.getElementById('wt-embed').getBoundingClientRect();
        const fig = document.querySelector('.diagram-scroll');
        return { top: r.top, height: r.height, figScrolls: fig.scrollHeight > fig.clientHeight + 1 };
      });
    for (const id of 'abc') await waitMsg(page, `resize from ${id}`, event(), [id, 'resize']);
    // The control: without maxheight the embed fills its 600-px frame.
    await page.waitForFunction(() =>
      window.got.some((m) => m.frame === 'c' && m.data.event === 'resize' && m.data.data.height === 600),
    );
    // Alone: the frame's height up to 300 px, from the top; the figure scrolls inside.
    const a = await box('a');
    assert.equal(a.top, 0);
    assert.equal(a.height, 300, 'the embed is 300 px tall in a 600-px frame');
    assert.ok(a.figScrolls, 'the figure scrolls inside the capped embed');
    assert.equal((await lastResize('a')).height, 300, 'resize says 300');
    // With autoheight=1: the content's height up to 300 px, and the host sizes the frame so.
    await page.waitForFunction(() => Math.abs(document.getElementById('b').getBoundingClientRect().height - 300) <= 1);
    assert.equal((await lastResize('b')).height, 300);
    const b = await box('b');
    assert.ok(Math.abs(b.height - 300) <= 1 && b.figScrolls, `b: ${JSON.stringify(b)}`);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('predict mode posts an answer event for every answer: question, step, correct, attempts', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [{ id: 'a', hash: 's=handshake&embed=1&player_id=a&panels=diagram,header', width: 960, height: 700 }]),
    );
    await waitMsg(page, 'ready', event(), ['a', 'ready']);
    const a = frameOf(page, 'a');
    await a.getByRole('checkbox', { name: 'Predict' }).check();
    // The round's numbers are in the link: the CLI runs the same round and knows the answers.
    const change = await waitMsg(page, 'the round in the link', (m) =>
      m.frame === 'a' && m.data.event === 'linkchange' && /client\.isn=/.test(m.data.data.link),
    );
    const link = new URLSearchParams(change.data.data.link);
    const trace = cliTrace('handshake', { 'client.isn': link.get('client.isn'), 'server.isn': link.get('server.isn') });
    const truth = (id, question) => {
      const [kind, who] = question.split(' of ');
      const seg = trace.segments[id];
      if (kind === 'state') {
        const changes = trace.states.filter((c) => c.segment === id && c.endpoint === who);
        assert.equal(changes.length, 1, `segment ${id} changes ${who}'s state`);
        return changes[0].to;
      }
      assert.equal(seg.from, who, `${question}: asked of the sender of segment ${id}`);
      return String(kind === 'ack' ? seg.ack : seg.seq);
    };
    const answers = [];
    // Wrong, shown, right: three questions, each answered once.
    for (const how of ['wrong', 'show', 'right']) {
      await clear(page);
      await page.evaluate(() => send('a', { wiretrace: 1, method: 'play' }));
      await a.locator('.quiz-form').waitFor();
      const state = await a.evaluate(() => document.querySelector('.quiz-input').tagName === 'SELECT');
      await page.evaluate(() => send('a', { wiretrace: 1, method: 'getState', id: 'at' }));
      const at = (await waitMsg(page, 'where the question stops', reply, ['a', 'at'])).data.value.step;
      if (how === 'show') {
        await button(a, 'Show me').click();
      } else {
        // What is asked, from the form's words; the answer, from the CLI's run.
        const q = await a.locator('.quiz-q').innerText();
        const kind = /state/.test(q) ? 'state' : /acknowledgment/.test(q) ? 'ack' : 'seq';
        const who = trace.endpoints.find((e) => q.includes(e.label)).id;
        const right = truth(at, `${kind} of ${who}`);
        const given = how === 'right' ? right : state ? (right === 'CLOSED' ? 'LISTEN' : 'CLOSED') : String((Number(right) + 1) % 2 ** 32);
        if (state) await a.locator('.quiz-input').selectOption(given);
        else await a.locator('.quiz-input').fill(given);
        await button(a, 'Check').click();
      }
      const answer = await waitMsg(page, `the answer event (${how})`, event(), ['a', 'answer']);
      answers.push(answer.data.data);
      const d = answer.data.data;
      assert.equal(d.step, at, 'the step the question stopped at');
      assert.equal(d.segment_id, at, 'about the next segment');
      assert.match(d.question, /^(state|ack|seq) of (client|server)$/);
      truth(at, d.question);
      await button(a, 'Continue').click();
      await a.locator('.quiz-verdict').waitFor({ state: 'detached' });
    }
    assert.deepEqual(
      answers.map((d) => [d.correct, d.attempts]),
      [
        [false, 1],
        [null, 1],
        [true, 2],
      ],
      'correct: false, null when shown, true; attempts: the answers checked so far',
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const [locale, lang] of [['en-US', 'en'], ['zh-CN', 'zh']]) {
    it(`the figure holds at least 60% of a 640x360 frame (${lang})`, async () => {
      const { page, context, problems } = await openHost(
        hostPage(env, [{ id: 'a', hash: `s=browse&embed=1&player_id=a&lang=${lang}` }]),
        { viewport: { width: 640, height: 360 }, locale },
      );
      await waitMsg(page, 'ready', event(), ['a', 'ready']);
      const a = frameOf(page, 'a');
      const share = await a.evaluate(() => {
        const r = document.querySelector('.diagram-scroll').getBoundingClientRect();
        return (r.width * r.height) / (640 * 360);
      });
      assert.ok(share >= 0.6, `the figure's share is ${share.toFixed(3)}`);
      assert.equal(await a.evaluate(() => document.documentElement.lang), lang === 'zh' ? 'zh-CN' : 'en');
      assert.equal(await a.evaluate(() => document.activeElement === document.body), true, 'no autofocus');
      assert.deepEqual(problems, []);
      await context.close();
    });
  }

  it('the web component works when inserted late and cleans up when removed', async () => {
    const script = `${env.server.base}wiretrace-player.js`;
    const { page, context, problems } = await openHost(hostPage(env, [], { head: `<script src="${script}"></script>` }));
    await page.waitForFunction(() => !!customElements.get('wiretrace-player'));
    const insert = (src) =>
      page.evaluate((src) => {
        window.events = [];
        const el = document.createElement('wiretrace-player');
        el.setAttribute('src', src);
        el.setAttribute('link', 's=handshake');
        el.setAttribute('title', 'The handshake');
        el.innerHTML = '<a href="#">fallback</a>';
        for (const n of ['ready', 'step', 'resize']) el.addEventListener(n, (e) => window.events.push([n, e.detail]));
        document.body.append(el);
        window.el = el;
      }, src);
    await insert(env.server.base);
    const ready = await page.evaluate(() => window.el.ready());
    assert.equal(ready.total, 7);
    assert.equal(await page.evaluate(() => window.el.shadowRoot.querySelector('iframe').title), 'The handshake');
    await page.evaluate(() => window.el.seek(2));
    await page.waitForFunction(() => window.events.some(([n, d]) => n === 'step' && d.step === 2));
    // It sizes itself to the content.
    await page.waitForFunction(() => {
      const f = window.el.shadowRoot.querySelector('iframe');
      const last = window.events.filter(([n]) => n === 'resize').pop();
      return last && Math.abs(f.getBoundingClientRect().height - last[1].height) <= 1;
    });
    // Removed: the frame goes, commands fail, nothing more arrives.
    await page.evaluate(() => window.el.remove());
    assert.equal(await page.evaluate(() => window.el.shadowRoot.childElementCount), 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('iframe').length), 0);
    // Inserted again (a route change back): it starts over.
    await page.evaluate(() => {
      window.events = [];
      document.body.append(window.el);
    });
    const again = await page.evaluate(() => window.el.ready());
    assert.equal(again.total, 7);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('the Share dialog writes the link, the iframe and the component, and copies them', async () => {
    for (const [locale, share, title] of [
      ['en-US', 'Share', 'Share or embed this run'],
      ['zh-CN', '分享', '分享或嵌入此运行'],
    ]) {
      const context = await env.browser.newContext({ locale });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const problems = [];
      page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
      // A browser without a usable clipboard: Copy must select the text instead.
      await page.addInitScript(() => {
        Object.defineProperty(navigator, 'clipboard', { value: undefined });
      });
      await page.goto(`${env.server.base}#s=handshake&latency_ms=30&t=3`);
      await page.waitForSelector(ROWS);
      const open = page.getByRole('button', { name: share, exact: true });
      await open.focus();
      await open.press('Enter');
      const dialog = page.getByRole('dialog', { name: title });
      await dialog.waitFor();
      const texts = () => dialog.locator('textarea').evaluateAll((els) => els.map((e) => e.value));
      let [link, iframe, component] = await texts();
      assert.equal(link, `${env.server.base}#s=handshake&latency_ms=30&t=3`);
      assert.match(iframe, /^<iframe src="[^"]+index\.html#s=handshake&amp;latency_ms=30&amp;t=3&amp;embed=1" title="wiretrace[:：]/);
      assert.match(component, /<script src="[^"]+wiretrace-player\.js" defer><\/script>/);
      assert.match(component, /<wiretrace-player src="[^"]+" link="s=handshake&amp;latency_ms=30&amp;t=3"/);
      // A run with parameters has no pre-rendered figure: the poster is the SVG download,
      // and the dialog says where to put it.
      assert.match(component, / poster="wiretrace-handshake\.svg"/);
      await dialog.locator('.share-hint').filter({ hasText: 'wiretrace-handshake.svg' }).waitFor();
      // Options, by keyboard: Space ticks a box in the dialog and does not play.
      const boxes = dialog.getByRole('checkbox');
      await boxes.nth(1).focus();
      await page.keyboard.press('Space');
      await boxes.nth(0).focus();
      await page.keyboard.press('Space');
      [link, iframe, component] = await texts();
      assert.ok(!link.includes('t=3') && iframe.includes('play=1&amp;embed=1') && component.includes(' autoplay'), iframe);
      assert.equal(await page.getByRole('button', { name: /^(Pause|暂停)$/ }).count(), 0, 'Space did not play');
      // Copy without a clipboard selects the text and says so.
      await dialog.getByRole('button', { name: /^(Copy|复制)$/ }).nth(1).click();
      await page.waitForFunction(() => {
        const a = document.activeElement;
        return a && a.tagName === 'TEXTAREA' && a.selectionStart === 0 && a.selectionEnd === a.value.length;
      });
      await dialog.getByRole('status').filter({ hasText: /Ctrl\+C/ }).waitFor();
      // Escape closes it and the focus goes back to Share.
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await open.evaluate((b) => b === document.activeElement), true);
      assert.deepEqual(problems, []);
      await context.close();
    }
    // With a clipboard, Copy puts the text there.
    const context = await env.browser.newContext({ locale: 'en-US', permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${env.server.base}#s=handshake&t=2`);
    await page.waitForSelector(ROWS);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Copy' }).first().click();
    await dialog.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${env.server.base}#s=handshake&t=2`);
    await context.close();
  });

  it('the page and its worker run under the Content-Security-Policy', async () => {
    const { page, context, problems } = await openHost(hostPage(env, [{ id: 'a', hash: 's=browse&embed=1&player_id=a' }]));
    await waitMsg(page, 'ready', event(), ['a', 'ready']);
    await context.close();
    // The full page: the policy is there, strict, and nothing breaks it (a pcap export
    // starts the file worker).
    const full = await env.browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const p = await full.newPage();
    const seen = [];
    p.on('console', (m) => seen.push(`console ${m.type()}: ${m.text()}`));
    await p.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
    });
    await p.goto(`${env.server.base}#s=handshake`);
    await p.waitForSelector(ROWS);
    const csp = await p.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\s\*/);
    const download = p.waitForEvent('download');
    await p.getByRole('button', { name: 'pcap', exact: true }).click();
    assert.match((await download).suggestedFilename(), /\.pcap$/);
    assert.deepEqual(await p.evaluate(() => window.violations), []);
    assert.deepEqual([...problems, ...seen], []);
    await full.close();
  });

  it('in a frame sandboxed without allow-same-origin it names the flags it needs', async () => {
    const { page, context, problems } = await openHost(
      hostPage(env, [{ id: 'a', hash: 's=browse&embed=1&player_id=a', attrs: 'sandbox="allow-scripts"' }]),
    );
    const frame = page.frames().find((f) => f.url().includes('player_id=a'));
    const msg = frame.locator('[data-why="sandbox"]');
    await msg.waitFor({ state: 'visible' });
    assert.match(await msg.innerText(), /allow-scripts allow-same-origin/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('opened from disk, index.html says what to do, and wiretrace.html plays', async () => {
    const { context, page, problems } = await diskPage(env);
    await page.goto(diskUrl('index.html') + '#s=browse');
    const msg = page.locator('[data-why="file"]');
    await msg.waitFor({ state: 'visible', timeout: TIMEOUT });
    assert.match(await msg.innerText(), /python3 -m http\.server/);
    assert.equal(await page.locator('[data-why="loading"]').isVisible(), false);
    assert.deepEqual(problems, []);

    // The single file plays from disk, embed mode included.
    await page.goto(diskUrl('wiretrace.html') + '#s=browse&t=8&speed=4&play=1');
    await page.waitForSelector(ROWS);
    const rows = await page.locator(ROWS).count();
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel)[n - 1]?.getAttribute('aria-current') === 'step',
      [ROWS, rows],
    );
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    assert.equal(await page.locator('#wt-static').count(), 0, 'the static note is gone');
    // A hash changed in place that adds embed=1 turns the page into an embed.
    await page.evaluate(() => (location.hash = '#s=handshake&embed=1&t=2'));
    await page.locator('.embed svg[data-testid="sequence-diagram"]').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('opened from disk, wiretrace.html opens captures and writes pcap with the worker it carries', async () => {
    const { context, page, problems } = await diskPage(env, { locale: 'en-US', acceptDownloads: true });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
      // Only the file itself and what it makes of its own bytes.
      if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(diskUrl('wiretrace.html'))) {
        problems.push(`request outside the file: ${r.url()}`);
      }
    });
    await page.addInitScript(() => {
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
    });
    await page.goto(diskUrl('wiretrace.html') + '#s=handshake');
    await page.waitForSelector(ROWS);

    // Two connections: the picker lists them, both are drawn as the CLI reads them.
    const two = join(CAPTURES, 'http10-two-conns.pcap');
    const twoTrace = cliImport(two);
    await page.locator('.import input[type="file"]').setInputFiles(two);
    await page.getByText('http10-two-conns.pcap holds 2 connections').waitFor();
    await button(page, 'Draw them').click();
    await waitUntil(
      page,
      'the two connections are drawn',
      ([n]) =>
        document.body.innerText.includes('Imported from http10-two-conns.pcap') &&
        document.querySelector('table[data-testid="segment-log"]')?.getAttribute('aria-rowcount') === String(n + 1),
      [twoTrace.segments.length + twoTrace.events.length],
    );
    assert.deepEqual((await readLog(page)).map(normalRow), twoTrace.segments.map(expectedRow));

    // A pcapng and its pcap download, byte for byte the CLI's.
    const pcapng = join(CAPTURES, 'single-get.pcapng');
    const single = cliImport(pcapng);
    await page.locator('.import input[type="file"]').setInputFiles(pcapng);
    await waitUntil(
      page,
      'the pcapng is drawn',
      ([n]) =>
        document.body.innerText.includes('Imported from single-get.pcapng') &&
        document.querySelectorAll('table[data-testid="segment-log"] tr[data-segment-id]').length === n,
      [single.segments.length],
    );
    assert.deepEqual((await readLog(page)).map(normalRow), single.segments.map(expectedRow));
    const pcap = await download(page, 'pcap');
    assert.match(pcap.name, /^wiretrace-single-get\.pcap$/);
    assert.ok(pcap.bytes.equals(cliImportRun(pcapng, [], 'pcap')), 'the pcap is what `wiretrace import` writes');
    assert.deepEqual(await page.evaluate(() => window.violations), [], 'the CSP allows the worker');
    assert.deepEqual(problems, [], 'zero console messages');
    await context.close();
  });
});
