// Trunk's post_build hook (Trunk.toml): runs on the staged dist/ before trunk moves it.
//
// Trunk writes an inline <script type=module> that loads the page's wasm, and preload links
// for it. Both break the page in two places it must work: under the Content-Security-Policy
// of index.html (no inline script), and opened from disk (file://), where Chromium refuses
// module scripts and fetches and logs CORS errors. So this moves the loader into a classic
// script file, wiretrace-boot-<hash>.js, which first checks where it runs: from disk or in
// a sandboxed frame without an origin it shows the matching paragraph of index.html's
// static note and loads nothing; elsewhere it adds the preloads and imports the module.
// When the link names a scenario's default run and the build pre-rendered its figure
// (scripts/lib/figures.mjs, after trunk), it first fetches that SVG (a few KB) and draws it
// in the static note, then starts the module: the figure comes before the wasm's bytes. A
// link that sets parameters gets its figure from the figure worker (figure-worker.js,
// crates/web/src/figure_worker.rs), which plays the run without the player's code.
//
// Environment (set by trunk): TRUNK_STAGING_DIR.

import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run by trunk as a hook)');
  process.exit(2);
}
const indexPath = join(staging, 'index.html');
let html = readFileSync(indexPath, 'utf8');

const loader = html.match(/<script type="?module"?>([\s\S]*?)<\/script>/);
if (!loader) {
  console.error('post-build: no inline module loader in index.html (did trunk change?)');
  process.exit(2);
}
const js = loader[1].match(/from\s*["'`]\.\/([^"'`]+\.js)["'`]/)?.[1];
const wasm = loader[1].match(/module_or_path:\s*["'`]\.\/([^"'`]+\.wasm)["'`]/)?.[1];
if (!js || !wasm) {
  console.error(`post-build: cannot read the module and wasm names from: ${loader[1]}`);
  process.exit(2);
}

// The stylesheets only the player needs (www/style.css, the plots', the zoomed-out
// figure's): linked by the boot script when it starts loading the player, so a first figure
// waits only for www/static.css and the diagram's own. They keep index.html's order (after
// those two), so the cascade is the same.
const DEFERRED_CSS = ['diagram-zoomed', 'plot', 'style'];
// The keys of an embed (crates/web/src/link.rs, EMBED_KEYS) and the names its panels= takes
// (crates/web/src/embed.rs, PANEL_NAMES): an embed gets the first figure a page gets, in its
// frame, unless its panels leave the figure out. A test in crates/web/src/figure_worker.rs
// checks both lists and PLAYER_ONLY_KEYS against the page's.
const EMBED_KEYS = ['embed', 'end', 'loop', 'controls', 'keyboard', 'theme', 'transparent', 'panels', 'lock', 'links', 'autoheight', 'maxheight', 'origin', 'player_id', 'autoplay'];
const PANELS = ['diagram', 'log', 'explain', 'states', 'params', 'header'];
// The keys that change what the page draws first in ways a first figure does not draw: a
// link with one gets none (the figure worker would refuse it).
const PLAYER_ONLY_KEYS = ['timers'];
const cssLinks = [...html.matchAll(/<link[^>]*rel="?stylesheet"?[^>]*>/g)].map((m) => ({
  tag: m[0],
  href: m[0].match(/href="?\.\/([^" >]+)"?/)?.[1],
}));
const deferredCss = DEFERRED_CSS.map((name) => {
  const found = cssLinks.find((l) => new RegExp(`^${name}-[0-9a-f]+\\.css$`).test(l.href ?? ''));
  if (!found) {
    console.error(`post-build: no ${name}-<hash>.css linked in index.html (did trunk or index.html change?)`);
    process.exit(2);
  }
  return found;
});
if (cssLinks.slice(-deferredCss.length).some((l, i) => l !== deferredCss[i])) {
  console.error(`post-build: the stylesheets the player needs must come last in index.html, as ${DEFERRED_CSS.join(', ')}`);
  process.exit(2);
}

const boot = `// Starts wiretrace (written by scripts/lib/post-build.mjs at build time).
(function () {
  'use strict';
  var note = document.getElementById('wt-static');
  function say(why) {
    if (!note) return;
    var shown = note.querySelector('[data-why="' + why + '"]');
    var loading = note.querySelector('[data-why="loading"]');
    if (shown) shown.hidden = false;
    if (loading) loading.hidden = true;
  }
  // From disk the browser blocks the module and the wasm: say what to do instead.
  if (location.protocol === 'file:') return say('file');
  // A frame sandboxed without allow-same-origin has no origin to load them from.
  if (self.origin === 'null') return say('sandbox');

  // The link's keys and values as crates/web/src/link.rs reads them (decoded, + as a space,
  // trimmed, in order; a later key wins): [key, value] pairs, null for a part that does not
  // decode.
  function hashKeys() {
    return location.hash.replace(/^#/, '').split('&').filter(Boolean).map(function (part) {
      var kv = part.replace(/[+]/g, ' ').split('=');
      try {
        return [decodeURIComponent(kv[0]).trim(), decodeURIComponent(kv.slice(1).join('=')).trim()];
      } catch (e) {
        return null;
      }
    });
  }
  var browserTag = (navigator.languages && navigator.languages[0]) || navigator.language || '';
  function isZh(tag) { return /^zh(?:[-_]|$)/i.test(tag); }

  // Keys that choose how a run is shown, not which run it is (besides an embed's).
  var VIEW = { s: 1, t: 1, lang: 1, speed: 1, play: 1, autoplay: 1 };
  var EMBED = ${JSON.stringify(EMBED_KEYS)};

  // The link, read once: each key's last value (as the page keeps them), whether it sets a
  // parameter (or num=), and whether it has a key no first figure draws (timers=) or a part
  // that does not decode.
  var link = { last: Object.create(null), sets: false, none: false };
  hashKeys().forEach(function (kv) {
    if (!kv) return (link.none = true);
    if (!kv[0]) return;
    link.last[kv[0]] = kv[1];
    if (${JSON.stringify(PLAYER_ONLY_KEYS)}.indexOf(kv[0]) >= 0) link.none = true;
    else if (!VIEW[kv[0]] && EMBED.indexOf(kv[0]) < 0) link.sets = true;
  });

  // What the link asks of the page around its figure, as crates/web/src/embed.rs reads it
  // (each key's last value): an embed (embed=1), whether it shows the figure, and the
  // colours, which any page takes.
  function embedAsked() {
    var last = link.last;
    function flag(v) { return v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : null; }
    var diagram = true;
    if (last.panels !== undefined) {
      // Names none it knows: the figure alone stays.
      var names = last.panels.split(',').map(function (n) { return n.trim(); }).filter(function (n) {
        return ${JSON.stringify(PANELS)}.indexOf(n) >= 0;
      });
      if (names.length) diagram = names.indexOf('diagram') >= 0;
    }
    return {
      on: flag(last.embed) === true,
      theme: /^(light|dark)$/.test(last.theme || '') ? last.theme : null,
      transparent: flag(last.transparent) === true,
      diagram: diagram,
    };
  }
  var embed = embedAsked();
  // Laid out and coloured as the page will be (www/static.css), before the player sets the
  // same attributes (crates/web/src/components/app.rs, use_root_attrs).
  var root = document.documentElement;
  if (embed.on) root.setAttribute('data-embed', '1');
  if (embed.theme) root.setAttribute('data-theme', embed.theme);
  if (embed.transparent) root.setAttribute('data-transparent', '1');
  var noFigure = embed.on && !embed.diagram;
  // The language the page opens in (crates/web/src/state.rs, opening_lang): the link's
  // lang=en|zh, else the browser's.
  var asked = link.last.lang;
  var zh = isZh(asked === 'en' || asked === 'zh' ? asked : browserTag);
  // The narrow figure where the page draws it (crates/web/src/components/app.rs): on a
  // phone, and in an embed's frame up to 760 px wide (a column of text).
  var narrow = !!(self.matchMedia && matchMedia(embed.on ? '(max-width: 760px)' : '(max-width: 600px)').matches);

  // The pre-rendered figure (scripts/lib/figures.mjs) of the run the link names, when it is a
  // scenario's default run: its id, or null. Keys that only choose a view keep the run.
  function prerendered() {
    var ids = note && note.getAttribute('data-figures');
    if (!ids || noFigure || link.none || link.sets) return null;
    var id = link.last.s !== undefined ? link.last.s : note.getAttribute('data-default');
    if (ids.split(' ').indexOf(id) < 0) return null;
    return { id: id, lang: zh ? 'zh' : 'en', narrow: narrow };
  }

  // Draws a figure's SVG text in the static note: resolves once it has been painted.
  function place(text, lang, testid) {
    // The page's own diagram.css styles it: the CSP allows no inline <style>, not even
    // in a parsed document, so it goes before parsing.
    text = text.replace(/<style[\\s\\S]*?<\\/style>/g, '');
    var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    var svg = doc.documentElement;
    if (!svg || svg.localName !== 'svg' || !note) return Promise.resolve();
    svg.setAttribute('data-testid', testid);
    svg.setAttribute('class', (svg.getAttribute('class') || '') + ' wt-prerendered');
    var figure = document.createElement('figure');
    figure.className = 'static-figure';
    figure.appendChild(document.importNode(svg, true));
    note.appendChild(figure);
    if (lang === 'zh') document.documentElement.lang = 'zh-CN';
    note.classList.add('with-figure');
    // Drawn: two frames later it has been painted; the player's requests start after
    // that frame's work, so nothing of the wasm comes before the figure. A tab in the
    // background draws no frames: there the player starts at once. Nor does a frame out of
    // view (an embed below the fold, which Chromium does not render): there it starts after
    // a second.
    if (document.hidden) return Promise.resolve();
    return new Promise(function (done) {
      setTimeout(done, 1000);
      requestAnimationFrame(function () {
        requestAnimationFrame(function () { setTimeout(done, 0); });
      });
    });
  }

  // Shows the pre-rendered figure: resolves once it is drawn (or could not be).
  function show(fig) {
    return fetch('./figures/' + fig.id + '.' + fig.lang + (fig.narrow ? '.narrow' : '') + '.svg')
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (text) { return place(text, fig.lang, 'prerendered-diagram'); })
      .catch(function () {});
  }

  // A link that sets parameters (or num=) has no pre-rendered figure: its run must be
  // played. timers= changes what the page draws first, which the worker does not draw: such
  // a link waits for the player (the worker would refuse it too).
  function wantsWorkerFigure() {
    return !!note && !noFigure && !link.none && link.sets;
  }

  // The figure worker (figure-worker.js, crates/web/src/figure_worker.rs): the engine and
  // the figure without the player, a fraction of its bytes. It plays the link's run and
  // answers the figure (the CLI's SVG of it), or none for a link the player must judge.
  // There is one in each language, with that language's texts built in: the Chinese one
  // (figure-worker.js?zh) where the page opens in Chinese, so no texts file comes first.
  // Resolves once the figure is drawn, or when there is none, the worker fails, or it takes
  // longer than WORKER_WAIT_MS; the player starts then either way.
  var WORKER_WAIT_MS = 5000;
  function workerFigure() {
    return new Promise(function (done) {
      var worker;
      try {
        worker = new Worker('./figure-worker.js' + (zh ? '?zh' : ''));
      } catch (e) {
        return done();
      }
      var over = false;
      var timer = setTimeout(function () {
        if (end()) done();
      }, WORKER_WAIT_MS);
      function end() {
        if (over) return false;
        over = true;
        clearTimeout(timer);
        worker.terminate();
        return true;
      }
      worker.onerror = function (e) {
        e.preventDefault();
        if (end()) done();
      };
      worker.onmessage = function (e) {
        var m = e.data || {};
        if (m.ready) {
          // The worker decides the language as the page does (and answers none for the
          // other worker's).
          worker.postMessage({ hash: location.hash, zh: isZh(browserTag), compact: narrow });
          return;
        }
        if (!end()) return;
        if (typeof m.svg === 'string') place(m.svg, m.lang, 'worker-diagram').then(done, done);
        else done();
      };
    });
  }

  // A page that opens in Chinese needs the texts file (scripts/lib/figures.mjs names it):
  // fetched beside the wasm, and read by crates/web/src/texts.rs from this promise.
  function fetchTexts() {
    var name = note && note.getAttribute('data-texts-zh');
    if (!name || !zh) return;
    var texts = fetch('./' + name).then(function (r) {
      return r.ok ? r.text() : Promise.reject(new Error('HTTP ' + r.status));
    });
    // The page awaits it later; a failure is its to report, not the console's.
    texts.catch(function () {});
    self.wiretraceZhTexts = texts;
  }

  function start() {
    fetchTexts();
    var head = document.head;
    [['modulepreload', ${JSON.stringify('./' + js)}], ['preload', ${JSON.stringify('./' + wasm)}]].forEach(function (l) {
      var link = document.createElement('link');
      link.rel = l[0];
      link.href = l[1];
      link.crossOrigin = 'anonymous';
      if (l[0] === 'preload') { link.as = 'fetch'; link.type = 'application/wasm'; }
      head.appendChild(link);
    });
    // The player's stylesheets, fetched beside its wasm; it starts once they are here (or
    // could not come), so it is never drawn unstyled.
    var styled = Promise.all(${JSON.stringify(deferredCss.map((l) => './' + l.href))}.map(function (href) {
      return new Promise(function (done) {
        var link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = href;
        link.onload = link.onerror = function () { done(); };
        head.appendChild(link);
      });
    }));
    Promise.all([import(${JSON.stringify('./' + js)}), styled])
      .then(function (loaded) { return loaded[0].default({ module_or_path: ${JSON.stringify('./' + wasm)} }); })
      .then(function (wasm) {
        // As trunk's own loader does: tools (./scripts/bench) read the module's memory here.
        dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: wasm } }));
      }, function () { say('failed'); });
  }

  // The figure first (a few KB pre-rendered, or drawn by the figure worker), then the
  // player (the wasm) right after it is drawn.
  var fig = prerendered();
  if (fig) {
    show(fig).then(start);
  } else if (wantsWorkerFigure()) {
    workerFigure().then(start);
  } else {
    start();
  }
})();
`;
// Shipped without its comments and indentation (a link with parameters counts every byte
// before its first figure); the first line says where it comes from.
const [bootHeader, ...bootLines] = boot.split('\n');
const bootShipped = [bootHeader, ...bootLines.map((l) => l.trim()).filter((l) => l && !l.startsWith('//'))].join('\n') + '\n';
// A mistake in the template (an escape the literal ate) fails the build, not every page.
try {
  new Function(bootShipped);
} catch (e) {
  console.error(`post-build: the boot script does not parse: ${e.message}`);
  process.exit(2);
}
const hash = createHash('sha256').update(bootShipped).digest('hex').slice(0, 16);
const bootName = `wiretrace-boot-${hash}.js`;
writeFileSync(join(staging, bootName), bootShipped);

html = html
  .replace(loader[0], `<script defer src="./${bootName}"></script>`)
  .replace(/<link[^>]*rel="?modulepreload"?[^>]*>/g, '')
  .replace(/<link[^>]*rel="?preload"?[^>]*>/g, '');
// The single file below carries every stylesheet; index.html links the player's later.
const htmlAllCss = html;
for (const l of deferredCss) html = html.replace(l.tag, '');
writeFileSync(indexPath, html);
console.log(`post-build: loader moved to ${bootName}`);

// ---------------------------------------------------------------------------------------
// wiretrace.html: the page as one file (styles, the wasm-bindgen glue as a classic script,
// the wasm gzipped, as base64), for opening from disk, uploading to an LMS as one resource, or
// mailing. Its CSP allows exactly its own inline script and styles, by their hashes. The
// file worker (capture import, pcap export) is inside too, as the text of a classic worker
// script (its no-modules glue and its wasm as base64): on first use the page makes it a
// blob: worker (Chromium runs blob: workers from file://, where a worker file is refused),
// through the global function crates/web/src/files.rs asks for (INLINE_WORKER_FN).
const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const styles = [];
let single = htmlAllCss.replace(/<link[^>]*rel="?stylesheet"?[^>]*>/g, (tag) => {
  const href = tag.match(/href="?\.\/([^" >]+)"?/)?.[1];
  const css = readFileSync(join(staging, href), 'utf8');
  styles.push(css);
  return `<style>${css}</style>`;
});
single = single.replace(/<link[^>]*rel="?icon"?[^>]*>/, (tag) => {
  const href = tag.match(/href="?\.\/([^" >]+)"?/)?.[1];
  const svg = readFileSync(join(staging, href));
  return `<link rel="icon" href="data:image/svg+xml;base64,${svg.toString('base64')}">`;
});
let glue = readFileSync(join(staging, js), 'utf8');
const exported = glue.match(/export\s*\{[^}]*\};?\s*$/);
const init = exported?.[0].match(/(\w+)\s+as\s+default/)?.[1];
if (!exported || !init || (glue.match(/import\.meta\.url/g) ?? []).length !== 1) {
  console.error('post-build: the wasm-bindgen glue is not as expected (exports, import.meta.url)');
  process.exit(2);
}
glue = glue.slice(0, exported.index).replace('import.meta.url', 'document.baseURI');
// The worker's files, named by www/files-worker.js (trunk does not hash a worker's names).
const starter = readFileSync(join(staging, 'files-worker.js'), 'utf8');
const workerJs = starter.match(/importScripts\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/)?.[1];
const workerWasm = starter.match(/module_or_path:\s*["'`]\.\/([^"'`]+\.wasm)["'`]/)?.[1];
if (!workerJs || !workerWasm) {
  console.error('post-build: cannot read the worker\'s glue and wasm names from files-worker.js');
  process.exit(2);
}
const workerGlue = readFileSync(join(staging, workerJs), 'utf8');
if (!/\bwasm_bindgen\b/.test(workerGlue) || /import\.meta|^\s*export\s/m.test(workerGlue)) {
  console.error('post-build: the worker\'s glue is not no-modules wasm-bindgen output (wasm_bindgen)');
  process.exit(2);
}
// The wasm goes in gzipped (about 40% of its size; base64 adds a third back) and is
// unpacked by the browser's own DecompressionStream before it is compiled.
const gz64 = (file) => gzipSync(readFileSync(join(staging, file)), { level: 9 }).toString('base64');
const UNZIP = `function wiretraceUnzip(b64) {
  var b = atob(b64);
  var u8 = new Uint8Array(b.length);
  for (var i = 0; i < b.length; i++) u8[i] = b.charCodeAt(i);
  var stream = new Blob([u8]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}`;
const workerScript = `${workerGlue}
(function () {
${UNZIP}
wiretraceUnzip(${JSON.stringify(gz64(workerWasm))}).then(function (bytes) {
  return wasm_bindgen({ module_or_path: bytes });
});
})();
`;
const script = `(function () {
'use strict';
var filesWorker = ${JSON.stringify(workerScript)};
var filesWorkerUrl = null;
self.wiretraceFilesWorkerUrl = function () {
  if (!filesWorkerUrl) {
    filesWorkerUrl = URL.createObjectURL(new Blob([filesWorker], { type: 'text/javascript' }));
  }
  return filesWorkerUrl;
};
${glue}
${UNZIP}
wiretraceUnzip(${JSON.stringify(gz64(wasm))}).then(function (bytes) {
  return ${init}({ module_or_path: bytes });
});
})();`;
// An inline script must not contain "</script" nor "<!--" (which would change how the
// HTML parser reads it): the glue and base64 never do; check anyway.
if (/<\/script|<!--/i.test(script)) {
  console.error('post-build: the inlined script contains </script or <!--');
  process.exit(2);
}
const csp = [
  "default-src 'none'",
  `script-src ${sha(script)} 'wasm-unsafe-eval'`,
  `style-src ${styles.map(sha).join(' ')}`,
  'img-src data: blob:',
  // The file worker, made from the script's own text (see above).
  'worker-src blob:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
single = single
  .replace(/<script defer src="[^"]*"><\/script>/, '')
  .replace(/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace('</body>', `<script>${script}</script></body>`);
if (!single.includes('<script>')) {
  console.error('post-build: no </body> in index.html to put the script before');
  process.exit(2);
}
const singlePath = join(staging, 'wiretrace.html');
writeFileSync(singlePath, single);
console.log(`post-build: wrote wiretrace.html (${statSync(singlePath).size} bytes)`);
