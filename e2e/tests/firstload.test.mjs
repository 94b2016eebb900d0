// The first load (issue 13): a scenario's default link shows the figure the build
// pre-rendered (scripts/lib/figures.mjs) before the wasm is fetched, within the size gate of
// 150,000 bytes gzipped, counted from what the browser fetched. The player replaces it with
// the same run. The web component uses the same figures as its poster. The engine's and
// the figure's Chinese are not in the page's wasm: a texts file, fetched only when a reader
// asks for Chinese (crates/web/src/texts.rs).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import {
  DIAGRAM,
  TIMEOUT,
  assertNoProblems,
  button,
  cliRun,
  currentIndex,
  diskPage,
  diskUrl,
  openPage,
  readLog,
  scenarioIds,
  setUp,
  waitForButton,
  waitForCurrent,
  waitForLog,
} from '../lib.mjs';
import { startServer } from '../server.mjs';

/** Bytes fetched before the first diagram is drawn, gzipped (-9) as a server sends them. */
const GATE_GZ = 150_000;
const PRERENDERED = 'svg[data-testid="prerendered-diagram"]';

/** Notes, in the page, when a figure's first arrow is in the DOM and two frames later. */
function probe() {
  const look = () => {
    const arrow = document.querySelector('svg [data-segment-id]');
    if (window.__seen || !arrow) return;
    window.__seen = performance.timeOrigin + performance.now();
    // Which figure it is, and (for the pre-rendered one) its title and arrows as drawn.
    const svg = arrow.closest('svg[data-testid]');
    window.__first = {
      testid: svg?.getAttribute('data-testid') ?? null,
      title: svg?.querySelector('title')?.textContent ?? null,
      arrows: svg?.querySelectorAll('[data-segment-id]').length ?? 0,
      ids: [...(svg?.querySelectorAll('[data-segment-id]') ?? [])].map((e) => e.getAttribute('data-segment-id')).join(' '),
      narrow: svg?.classList.contains('wt-compact') ?? false,
    };
    observer.disconnect();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        window.__drawn = performance.timeOrigin + performance.now();
      }),
    );
  };
  const observer = new MutationObserver(look);
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * A response's bytes. playwright keeps no body for what a worker fetched (the figure
 * worker's script and wasm): those are fetched again from the test's own server.
 */
async function bodyOf(r) {
  try {
    return await r.body();
  } catch {
    return Buffer.from(await (await fetch(r.url())).arrayBuffer());
  }
}

/** What the CLI draws for a scenario's run (its default run without `params`): its title
 * and arrows, and the ids the arrows carry in order. */
function cliFigure(id, lang, params = {}) {
  const svg = cliRun(id, params, 'svg', ['--lang', lang]).toString('utf8');
  return {
    title: svg.match(/<title>([^<]*)<\/title>/)[1].replace(/&amp;/g, '&'),
    arrows: (svg.match(/data-segment-id=/g) ?? []).length,
    ids: [...svg.matchAll(/data-segment-id="([^"]*)"/g)].map((m) => m[1]).join(' '),
  };
}

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('the first load', () => {
  let env;
  before(async () => {
    env = await setUp();
  });
  after(async () => env?.close());

  /**
   * Opens `hash` fresh and waits for the first diagram: what was drawn first, and the
   * gzipped bytes of every request that started before it was drawn.
   */
  async function firstDiagram(hash, { locale = 'en-US', viewport = DESK } = {}) {
    const context = await env.browser.newContext({ locale, viewport });
    await context.addInitScript(probe);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const problems = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    const responses = [];
    page.on('response', (r) => responses.push(r));
    await page.goto(env.server.base + hash, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__drawn, null, { timeout: 60_000 });
    const drawn = await page.evaluate(() => window.__drawn);
    const first = await page.evaluate(() => window.__first);
    let gz = 0;
    const before = [];
    for (const r of responses) {
      if (r.url().startsWith('data:') || r.request().timing().startTime > drawn) continue;
      await r.finished();
      gz += gzipSync(await bodyOf(r), { level: 9 }).length;
      before.push(new URL(r.url()).pathname.split('/').pop());
    }
    return { context, page, problems, drawn, first, gz, before };
  }

  it('every default link draws its pre-rendered figure first, within 150,000 bytes gzipped, narrow on a phone', async () => {
    const ids = scenarioIds();
    assert.ok(ids.length >= 27, `the CLI lists ${ids.length} scenarios`);
    for (const viewport of [DESK, PHONE]) {
      const phone = viewport.width <= 600;
      let max = 0;
      for (const hash of ['', ...ids.map((id) => `#s=${id}`)]) {
        const id = hash ? hash.slice(3) : 'browse';
        const at = `${hash || 'no hash'} at ${viewport.width} px`;
        const { context, problems, first, gz, before } = await firstDiagram(hash, { viewport });
        try {
          assert.equal(first.testid, 'prerendered-diagram', `${at}: the first diagram is the pre-rendered one`);
          // The narrow figure on a phone, as the player draws it there.
          assert.equal(first.narrow, phone, `${at}: the narrow figure on a phone only`);
          const want = cliFigure(id, 'en');
          assert.equal(first.title, want.title, `${at}: its title`);
          assert.equal(first.ids, want.ids, `${at}: every arrow the CLI draws, in order`);
          assert.ok(!before.some((n) => n.endsWith('.wasm')), `${at}: no wasm before the figure (${before.join(', ')})`);
          assert.ok(gz <= GATE_GZ, `${at}: ${gz} bytes gzipped before the first diagram (gate ${GATE_GZ})`);
          assert.deepEqual(problems, [], `${at}: nothing logged, nothing missing`);
          max = Math.max(max, gz);
        } finally {
          await context.close();
        }
      }
      console.log(`first load: at most ${max} bytes gzipped before the first diagram, over ${ids.length + 1} links at ${viewport.width} px`);
    }
  });

  it('the player takes over with the same run, in the language asked for', async () => {
    for (const [hash, locale, lang] of [
      ['#s=handshake&lang=zh', 'en-US', 'zh'],
      ['#s=browse', 'zh-CN', 'zh'],
      // A lang= the page does not know: the browser's language, as the page opens in.
      ['#s=handshake&lang=xx', 'zh-CN', 'zh'],
      ['', 'en-US', 'en'],
    ]) {
      const { context, page, problems, first } = await firstDiagram(hash, { locale });
      try {
        const id = /s=([a-z0-9-]+)/.exec(hash)?.[1] ?? 'browse';
        const want = cliFigure(id, lang);
        assert.equal(first.testid, 'prerendered-diagram', `${hash} in ${locale}`);
        assert.equal(first.title, want.title, `${hash} in ${locale}: the figure in ${lang}`);
        // The app starts, removes the static figure and draws the run itself.
        await waitForLog(page);
        await page.locator(DIAGRAM).waitFor();
        await page.waitForFunction((sel) => !document.querySelector(sel), PRERENDERED);
        const trace = JSON.parse(cliRun(id).toString('utf8'));
        const rows = await readLog(page);
        assert.deepEqual(
          rows.map((r) => [Number(r.id), Number(r.seq)]),
          trace.segments.map((g) => [g.id, g.seq]),
          `${hash}: the player's run is the CLI's`,
        );
        assertNoProblems(assert, problems, hash || 'no hash');
      } finally {
        await context.close();
      }
    }
  });

  /**
   * A fresh page in `locale` whose requests matching `pattern` go to `handler` (playwright's
   * `route`), and every console message and uncaught error it logs.
   */
  async function routedPage(locale, pattern, handler) {
    const context = await env.browser.newContext({ locale });
    await context.route(pattern, handler);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const problems = [];
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    return { context, page, problems };
  }

  /** The CLI's explanation of segment `n` (from 1) of a run, in a language. */
  function cliExplain(id, params, n, lang) {
    return JSON.parse(cliRun(id, params, 'json', ['--lang', lang]).toString('utf8')).segments[n - 1].explain;
  }
  const textsFile = (u) => /\/texts\/zh-[0-9a-f]{16}\.json$/.test(new URL(u).pathname);
  /** The explanation panel's text. */
  const aside = (page) => page.getByRole('complementary').first().innerText();

  it('fetches the Chinese texts only when Chinese is asked for, then explains in Chinese', async () => {
    const { page, context, problems, requests } = await openPage(env, '#s=browse&t=3', { locale: 'en-US' });
    try {
      await waitForLog(page);
      await waitForButton(page, 'Play');
      assert.equal(await currentIndex(page), 2);
      assert.ok((await aside(page)).includes(cliExplain('browse', {}, 3, 'en')), 'explained in English');
      assert.deepEqual(requests.filter(textsFile), [], 'an English page fetches no Chinese');
      await button(page, '中文').click();
      await waitForButton(page, '播放');
      const zh = cliExplain('browse', {}, 3, 'zh');
      assert.ok((await aside(page)).includes(zh), 'explained in Chinese');
      assert.equal(requests.filter(textsFile).length, 1, `the texts file, once: ${requests.join(', ')}`);
      // The figure's own words are Chinese too (its title is the scenario's, a text of the engine).
      const title = await page.locator(`${DIAGRAM} title`).first().textContent();
      assert.match(title, /[\u4e00-\u9fff]/, `the figure's title: ${title}`);
      // Back to English and Chinese again: nothing fetched again.
      await button(page, 'English').click();
      await waitForButton(page, 'Play');
      await button(page, '中文').click();
      await waitForButton(page, '播放');
      assert.equal(requests.filter(textsFile).length, 1);
      assertNoProblems(assert, problems, 'switching to Chinese');
    } finally {
      await context.close();
    }
  });

  it('a switch to Chinese sets <html lang> before the words change, so the page is laid out once in Chinese', async () => {
    // <html lang> picks the fonts of every text: set after the new words, it would make
    // the browser style and lay out the whole page a second time.
    const { page, context, problems } = await openPage(env, '#s=browse&t=3', { locale: 'en-US' });
    try {
      await waitForLog(page);
      await waitForButton(page, 'Play');
      await page.evaluate(() => {
        const order = (window.__order = []);
        new MutationObserver((records) => {
          for (const r of records) {
            if (r.type === 'attributes') {
              if (r.target === document.documentElement) order.push(`lang ${document.documentElement.lang}`);
              continue;
            }
            const text = r.type === 'characterData'
              ? r.target.data
              : [...r.addedNodes].map((n) => n.textContent).join('');
            if (/[\u4e00-\u9fff]/.test(text) && order[order.length - 1] !== 'Chinese words') order.push('Chinese words');
          }
        }).observe(document.documentElement, {
          subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['lang'],
        });
      });
      await button(page, '中文').click();
      await waitForButton(page, '播放');
      const order = await page.evaluate(() => window.__order);
      assert.equal(order[0], 'lang zh-CN', `<html lang> changes first: ${order.join(', ')}`);
      assert.ok(order.includes('Chinese words'), `then the words: ${order.join(', ')}`);
      assert.equal(order.filter((o) => o.startsWith('lang')).length, 1, `<html lang> changes once: ${order.join(', ')}`);
      assertNoProblems(assert, problems, 'the switch to Chinese');
    } finally {
      await context.close();
    }
  });

  it('English chosen while the Chinese texts load stays English when they arrive', async () => {
    const { page, context, problems } = await openPage(env, '#s=browse&t=3', { locale: 'en-US' });
    let release;
    const held = new Promise((ok) => (release = ok));
    await page.route(textsFile, async (route) => {
      await held;
      await route.continue();
    });
    try {
      await waitForLog(page);
      await waitForButton(page, 'Play');
      await button(page, '中文').click();
      // Still English while the file is held: the switch waits for the texts.
      await page.waitForTimeout(200);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      // The reader changes their mind before the texts arrive: English, by the link.
      await page.evaluate(() => (location.hash = '#s=browse&t=3&lang=en'));
      await page.waitForTimeout(100);
      const arrived = page.waitForResponse((r) => textsFile(r.url()));
      release();
      await arrived;
      await page.waitForTimeout(300);
      assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the last choice, English, holds');
      assert.ok((await aside(page)).includes(cliExplain('browse', {}, 3, 'en')));
      // Chinese again: the texts are there, so it switches at once.
      await button(page, '中文').click();
      await waitForButton(page, '播放');
      assert.ok((await aside(page)).includes(cliExplain('browse', {}, 3, 'zh')));
      assertNoProblems(assert, problems, 'changing one\'s mind');
    } finally {
      await context.close();
    }
  });

  it('a page opened again in Chinese by a changed link (other embed options) loads the texts and draws in Chinese', async () => {
    const { page, context, problems, requests } = await openPage(env, '#s=browse&t=3', { locale: 'en-US' });
    try {
      await waitForLog(page);
      await waitForButton(page, 'Play');
      // embed=1 changes how the page is laid out: it is opened again, in Chinese.
      await page.evaluate(() => (location.hash = '#s=browse&t=3&embed=1&lang=zh'));
      // A lifeline's name, a text of the engine: Chinese once the texts are here.
      await page.waitForFunction(
        (sel) => /^客户端/.test(document.querySelector(`${sel} title`)?.textContent ?? ''),
        DIAGRAM,
      );
      assert.equal(requests.filter(textsFile).length, 1);
      assert.equal(await page.locator('[role="alert"]').count(), 0);
      assertNoProblems(assert, problems, 'opened again in Chinese');
    } finally {
      await context.close();
    }
  });

  it('a Chinese link with parameters opens in Chinese at once, fetching the texts beside the wasm', async () => {
    const params = { latency_ms: 40 };
    const { page, context, problems, requests } = await openPage(env, '#s=browse&latency_ms=40&t=3&lang=zh', {
      locale: 'en-US',
    });
    try {
      await waitForLog(page);
      await waitForButton(page, '播放');
      assert.ok((await aside(page)).includes(cliExplain('browse', params, 3, 'zh')), 'explained in Chinese');
      assert.equal(requests.filter(textsFile).length, 1, 'fetched once');
      assert.ok(await page.evaluate(() => self.wiretraceZhTexts instanceof Promise), 'by the boot script, beside the wasm');
      assert.equal(await page.locator('[role="alert"]').count(), 0);
      assertNoProblems(assert, problems, 'a Chinese link');
    } finally {
      await context.close();
    }
  });

  it('without its texts file a Chinese page says so, explains in English and keeps working', async () => {
    const { context, page, problems } = await routedPage('zh-CN', textsFile, (route) =>
      route.fulfill({ status: 404, body: 'gone' }),
    );
    try {
      await page.goto(`${env.server.base}#s=browse&t=3`);
      await waitForLog(page);
      await waitForButton(page, '播放');
      const alert = page.locator('[role="alert"]');
      await alert.waitFor();
      assert.match(await alert.innerText(), /中文讲解未能加载（texts\/zh-[0-9a-f]+\.json: HTTP 404）/);
      assert.ok((await aside(page)).includes(cliExplain('browse', {}, 3, 'en')), 'the engine\'s texts in English');
      await page.keyboard.press('ArrowRight');
      await waitForCurrent(page, 3, 'a step after the alert');
      assert.deepEqual(
        problems.filter((p) => !/404/.test(p)),
        [],
        'nothing logged but the missing file',
      );
    } finally {
      await context.close();
    }
  });

  it('the single file carries the Chinese texts: opened from disk, it explains in Chinese', async () => {
    const { context, page, problems } = await diskPage(env);
    try {
      await page.goto(diskUrl('wiretrace.html') + '#s=browse&t=3&lang=zh');
      await waitForLog(page);
      await waitForButton(page, '播放');
      assert.ok((await aside(page)).includes(cliExplain('browse', {}, 3, 'zh')), 'explained in Chinese');
      assert.equal(await page.locator('[role="alert"]').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  /** Gate of the bytes before the first figure of a link with parameters. */
  const PARAMS_GATE_GZ = 300_000;
  const WORKER = 'svg[data-testid="worker-diagram"]';

  it('a link with parameters draws the figure worker\'s figure first: the CLI\'s, within 300,000 bytes gzipped', async () => {
    const cases = [
      ['#s=browse&client.isn=3626544836&server.isn=1739326486&latency_ms=30&t=4', 'en-US', 'browse', { 'client.isn': 3626544836, 'server.isn': 1739326486, latency_ms: 30 }, 'en'],
      // On a phone: the narrow figure, as the player draws it there.
      ['#s=handshake&latency_ms=80&lang=zh', 'en-US', 'handshake', { latency_ms: 80 }, 'zh', PHONE],
      // Relative numbers (the CLI draws absolute ones: the same arrows, other labels).
      ['#s=http11-pipelining&first_response_ms=300&num=rel', 'zh-CN', 'http11-pipelining', { first_response_ms: 300 }, 'zh'],
    ];
    for (const [hash, locale, id, params, lang, viewport = DESK] of cases) {
      const { context, page, problems, first, gz, before } = await firstDiagram(hash, { locale, viewport });
      try {
        assert.equal(first.testid, 'worker-diagram', `${hash}: the first diagram is the figure worker's`);
        assert.equal(first.narrow, viewport.width <= 600, `${hash} at ${viewport.width} px: the narrow figure on a phone only`);
        const want = cliFigure(id, lang, params);
        assert.equal(first.title, want.title, `${hash}: its title, in ${lang}`);
        assert.equal(first.ids, want.ids, `${hash}: every arrow the CLI draws, in order`);
        assert.ok(
          !before.some((n) => /^wiretrace-web-.*\.wasm$/.test(n)),
          `${hash}: not the player's wasm before the figure (${before.join(', ')})`,
        );
        // The worker of the page's language, with its texts built in: a page in Chinese
        // fetches the texts file with the player, after the figure.
        const worker = lang === 'zh' ? 'wiretrace-figure-zh_bg.wasm' : 'wiretrace-figure_bg.wasm';
        assert.deepEqual(before.filter((n) => /^wiretrace-figure.*\.wasm$/.test(n)), [worker], `${hash}: the ${lang} worker's wasm, counted (${before.join(', ')})`);
        assert.ok(!before.some((n) => /^zh-[0-9a-f]{16}\.json$/.test(n)), `${hash}: no texts file before the figure`);
        assert.ok(gz <= PARAMS_GATE_GZ, `${hash}: ${gz} bytes gzipped before the first diagram (gate ${PARAMS_GATE_GZ})`);
        console.log(`first load: ${gz} bytes gzipped before the first diagram of ${hash}: ${before.join(', ')}`);
        // The player takes over with the same run and removes the figure.
        await waitForLog(page);
        await page.locator(DIAGRAM).waitFor();
        await page.waitForFunction((sel) => !document.querySelector(sel), WORKER);
        const trace = JSON.parse(cliRun(id, params).toString('utf8'));
        const rows = await readLog(page);
        assert.deepEqual(
          rows.map((r) => Number(r.id)),
          trace.segments.map((g) => g.id),
          `${hash}: the player's run is the CLI's`,
        );
        assertNoProblems(assert, problems, hash);
      } finally {
        await context.close();
      }
    }
  });

  it('each figure worker answers the CLI\'s SVG byte for byte in its language, and none in the other', async () => {
    const { page, context, problems } = await openPage(env, '#s=handshake');
    try {
      await page.locator(DIAGRAM).waitFor();
      /** What the worker started as `figure-worker.js${search}` answers for a message. */
      const ask = (search, message) =>
        page.evaluate(
          ([search, message]) =>
            new Promise((done) => {
              const w = new Worker(`./figure-worker.js${search}`);
              w.onmessage = (e) => {
                if (e.data.ready) return w.postMessage(message);
                w.terminate();
                done(e.data);
              };
            }),
          [search, message],
        );
      const unstyled = (svg) => svg.replace(/<style>[\s\S]*?<\/style>/, '');
      for (const [hash, zh, lang, id, params, compact] of [
        ['#s=browse&latency_ms=30', false, 'en', 'browse', { latency_ms: 30 }, false],
        ['#s=browse&latency_ms=30', true, 'zh', 'browse', { latency_ms: 30 }, false],
        ['#s=data-loss&lang=zh&latency_ms=50&timestamps=true', false, 'zh', 'data-loss', { latency_ms: 50, timestamps: true }, true],
        ['#s=middlebox-idle-timeout&mb.on_unknown=reset&lang=en', true, 'en', 'middlebox-idle-timeout', { 'mb.on_unknown': 'reset' }, true],
      ]) {
        const search = lang === 'zh' ? '?zh' : '';
        const answer = await ask(search, { hash, zh, compact });
        const cli = cliRun(id, params, 'svg', ['--lang', lang, ...(compact ? ['--narrow'] : [])]).toString('utf8');
        assert.equal(answer.lang, lang, `${hash}: drawn in ${lang}`);
        assert.ok(answer.svg === unstyled(cli), `${hash} (${lang}${compact ? ', narrow' : ''}): the CLI's SVG without its style, byte for byte`);
        // The other worker leaves this page to the one of its language.
        const other = await ask(search ? '' : '?zh', { hash, zh, compact });
        assert.match(other.none ?? '', /the other figure worker draws it/, `${hash}: the ${search ? 'English' : 'Chinese'} worker draws none`);
      }
      assertNoProblems(assert, problems, 'figure workers');
    } finally {
      await context.close();
    }
  });

  it('a link the figure worker draws none for goes on to the player, nothing logged', async () => {
    const answers = () => {
      // What the figure worker answered (its messages to the page), seen from the page.
      const Real = self.Worker;
      self.__answers = [];
      self.Worker = function (url, options) {
        const w = new Real(url, options);
        // Not the page's own workers (a long run goes on in the file worker).
        if (!String(url).includes('figure-worker')) return w;
        w.addEventListener('message', (e) => {
          const m = e.data ?? {};
          self.__answers.push(Object.keys(m).join());
          if (typeof m.none === 'string') self.__none = m.none;
        });
        return w;
      };
    };
    for (const [hash, why, answered, none] of [
      ['#s=big-response&body_bytes=4000000', 'a run too long for a first figure', ['ready', 'none'], /3000 segments or more/],
      ['#s=browse&latency_ms=-4', 'a value out of range', ['ready', 'none'], /latency_ms/],
      // The boot script starts no worker for it.
      ['#s=browse&latency_ms=40&timers=0', 'a key that changes how the page draws', [], null],
      // About 837 MB asked for before the run is cut at 3,000 segments (twenty pipelined
      // 10 MB responses; `cargo run --release -p wiretrace-web --example figure_alloc`):
      // past the worker's heap (64 MB), whose wasm stops first (figure-worker.js answers).
      ['#s=http11-pipelining&requests=20&body_bytes=10000000', 'a run that needs more memory than the worker has', ['ready', 'none'], /^the worker stopped/],
    ]) {
      const { page, context, problems } = await openPage(env, hash, { init: answers });
      try {
        await page.locator(DIAGRAM).waitFor();
        assert.equal(await page.locator(`${PRERENDERED}, ${WORKER}`).count(), 0, `${hash}: no first figure (${why})`);
        assert.deepEqual(await page.evaluate(() => self.__answers), answered, `${hash}: what the figure worker answered`);
        if (none) assert.match(await page.evaluate(() => self.__none), none, `${hash}: why it drew none`);
        const shown = await page.evaluate(() =>
          performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/figures/')),
        );
        assert.deepEqual(shown, [], `${hash}: no pre-rendered figure was fetched`);
        if (hash.includes('-4')) assert.match(await page.locator('[role="alert"]').innerText(), /latency_ms/);
        assertNoProblems(assert, problems, hash);
      } finally {
        await context.close();
      }
    }
  });

  it('a figure worker that cannot start or never answers does not keep the player from starting', async () => {
    for (const [what, handler] of [
      ['its wasm missing', (route) => route.fulfill({ status: 404, body: 'gone' })],
      // Never answered: the boot script gives up on the worker after 5 s.
      ['its wasm never coming', () => {}],
    ]) {
      const { context, page, problems } = await routedPage('en-US', /wiretrace-figure_bg\.wasm$/, handler);
      try {
        const t0 = Date.now();
        await page.goto(`${env.server.base}#s=browse&latency_ms=40`);
        await page.locator(`${DIAGRAM} [data-segment-id]`).first().waitFor();
        await waitForButton(page, 'Play');
        assert.equal(await page.locator(WORKER).count(), 0, `${what}: no first figure`);
        console.log(`first load: the player came ${Date.now() - t0} ms after navigation with ${what}`);
        assert.deepEqual(problems.filter((p) => !/404/.test(p)), [], `${what}: nothing logged but the missing file`);
      } finally {
        await context.close();
      }
    }
  });

  it('an embed draws its first figure in its frame, narrow in a column, coloured as asked, unless its panels leave the figure out', async () => {
    // A frame in a column of text (the Share dialog's 640 px) gets the narrow figure, as the
    // player draws it there (up to 760 px in an embed).
    const COLUMN = { width: 640, height: 360 };
    for (const [hash, testid, id, params, gate, viewport] of [
      // The course page's iframe (www/embed-example.html): a default run.
      ['#s=handshake&embed=1&player_id=hs&panels=diagram,states&autoheight=1&maxheight=520', 'prerendered-diagram', 'handshake', {}, GATE_GZ, DESK],
      ['#s=handshake&embed=1&autoheight=1', 'prerendered-diagram', 'handshake', {}, GATE_GZ, COLUMN],
      // Parameters and a theme.
      ['#s=browse&embed=1&latency_ms=30&theme=dark&controls=0', 'worker-diagram', 'browse', { latency_ms: 30 }, PARAMS_GATE_GZ, DESK],
      ['#s=browse&embed=1&latency_ms=30', 'worker-diagram', 'browse', { latency_ms: 30 }, PARAMS_GATE_GZ, COLUMN],
      // A page that is no embed takes the theme asked for too.
      ['#s=handshake&theme=dark', 'prerendered-diagram', 'handshake', {}, GATE_GZ, DESK],
    ]) {
      const embedded = hash.includes('embed=1');
      const { context, page, problems, first, gz, before } = await firstDiagram(hash, { viewport });
      try {
        assert.equal(first.testid, testid, `${hash}: the first diagram`);
        assert.equal(first.narrow, embedded && viewport.width <= 760, `${hash} at ${viewport.width} px: the narrow figure in an embed's frame up to 760 px`);
        const want = cliFigure(id, 'en', params);
        assert.equal(first.title, want.title, `${hash}: its title`);
        assert.equal(first.ids, want.ids, `${hash}: every arrow the CLI draws, in order`);
        assert.ok(!before.some((n) => /^wiretrace-web-.*\.wasm$/.test(n)), `${hash}: not the player's wasm before the figure (${before.join(', ')})`);
        assert.ok(gz <= gate, `${hash}: ${gz} bytes gzipped before the first diagram (gate ${gate})`);
        console.log(`first load: ${gz} bytes gzipped before the first diagram of the embed ${hash}`);
        // Laid out and coloured as the embed: its frame on the panel's colour (dark when
        // asked), the note's heading one small line above the figure.
        const look = await page.evaluate(() => ({
          embed: document.documentElement.getAttribute('data-embed'),
          theme: document.documentElement.getAttribute('data-theme'),
          body: getComputedStyle(document.body).backgroundColor,
          figureTop: document.querySelector('.static-figure')?.getBoundingClientRect().top ?? null,
        }));
        assert.equal(look.embed, embedded ? '1' : null, `${hash}: the root says embed`);
        const dark = hash.includes('theme=dark');
        assert.equal(look.theme, dark ? 'dark' : null, `${hash}: the theme asked for`);
        // An embed on the panel's colour, a page on its background's (dark when asked).
        const body = embedded ? (dark ? 'rgb(17, 22, 31)' : 'rgb(255, 255, 255)') : dark ? 'rgb(10, 14, 20)' : 'rgb(238, 241, 246)';
        assert.equal(look.body, body, `${hash}: the page's colour`);
        if (embedded) assert.ok(look.figureTop < 60, `${hash}: the figure starts ${look.figureTop} px from the frame's top`);
        // The player takes over with the same run and removes the figure.
        await page.locator(DIAGRAM).waitFor();
        await page.waitForFunction(() => !document.getElementById('wt-static'));
        const trace = JSON.parse(cliRun(id, params).toString('utf8'));
        assert.equal(Number(await page.locator(DIAGRAM).getAttribute('data-segment-count')), trace.segments.length, `${hash}: the player's run is the CLI's`);
        assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), dark ? 'dark' : null);
        assertNoProblems(assert, problems, hash);
      } finally {
        await context.close();
      }
    }
    // Panels without the figure: none first, neither pre-rendered nor played.
    for (const hash of ['#s=handshake&embed=1&panels=log,states', '#s=browse&embed=1&latency_ms=30&panels=log']) {
      const { page, context, problems } = await openPage(env, hash);
      try {
        await page.locator('table').first().waitFor();
        assert.equal(await page.locator(`${PRERENDERED}, ${WORKER}`).count(), 0, `${hash}: no first figure`);
        const fetched = await page.evaluate(() =>
          performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/figures\/|figure_bg\.wasm/.test(n)),
        );
        assert.deepEqual(fetched, [], `${hash}: no figure fetched or played`);
        assertNoProblems(assert, problems, hash);
      } finally {
        await context.close();
      }
    }
  });

  it('the web component shows the pre-rendered figure as its poster, and none for a link with parameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-poster-'));
    const host = await startServer({ root: dir, prefix: '/lms/' });
    try {
      writeFileSync(
        join(dir, 'page.html'),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Posters</title><script src="${env.server.base}wiretrace-player.js"></script></head>
<body style="margin:0"><div style="height:3000px">Scroll down</div>
<wiretrace-player id="a" src="${env.server.base}" link="s=handshake&t=2" lang="zh" title="Handshake"></wiretrace-player>
<wiretrace-player id="b" src="${env.server.base}" link="s=browse&latency_ms=40" title="Browse"></wiretrace-player>
<wiretrace-player id="c" src="${env.server.base}" link="s=handshake" lang="en" title="In a column" style="width:640px"></wiretrace-player>
</body></html>`,
      );
      const context = await env.browser.newContext({ viewport: { width: 900, height: 700 } });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      const problems = [];
      page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(`${host.base}page.html`);
      await page.waitForFunction(() => !!customElements.get('wiretrace-player'));
      // Out of view: posters only, no frame.
      const poster = await page.evaluate(() =>
        ['a', 'b', 'c'].map((id) => {
          const root = document.getElementById(id).shadowRoot;
          const img = root.querySelector('.poster img');
          return { frames: root.querySelectorAll('iframe').length, img: img ? img.getAttribute('src') : null };
        }),
      );
      assert.deepEqual(poster.map((p) => p.frames), [0, 0, 0]);
      assert.equal(poster[0].img, `${env.server.base}figures/handshake.zh.svg`);
      // In a column of 640 px the embed's player draws the narrow figure: so does its poster.
      assert.equal(poster[2].img, `${env.server.base}figures/handshake.en.narrow.svg`);
      assert.equal(poster[1].img, null, 'a run with parameters has no pre-rendered poster');
      // The poster image is the figure, and it loaded.
      await page.waitForFunction(() => {
        const img = document.getElementById('a').shadowRoot.querySelector('.poster img');
        return img.complete && img.naturalWidth > 300;
      });
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
