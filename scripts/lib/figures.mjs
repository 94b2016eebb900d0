// Pre-renders every scenario's default figure into a built dist/, so the page (and the
// <wiretrace-player> poster) can show the figure before the wasm has loaded.
//
//   node scripts/lib/figures.mjs <wiretrace CLI> <dist folder>
//
// For each scenario the CLI lists and each language, it writes
// dist/figures/<id>.<lang>.svg: exactly `wiretrace run <id> --format svg --lang <lang>`,
// the figure the page's "Download SVG" gives for the link `#s=<id>`, and
// dist/figures/<id>.<lang>.narrow.svg, the same with `--narrow`: the narrow figure the page
// draws on a phone or in an embed's frame up to 760 px wide. Then it tells the
// page which figures exist, on index.html's static note (`data-figures`, `data-default`),
// where the boot script (scripts/lib/post-build.mjs) reads it; www/wiretrace-player.js
// uses them as posters. Run by build_dist (scripts/lib/setup.sh) after trunk: `trunk
// serve` has no figures and loads as before.
//
// It also writes the texts file: the engine's and the figure's Chinese, which the page's
// release build does not carry (crates/web/src/texts.rs), `wiretrace texts --lang zh` as
// dist/texts/zh-<hash>.json, named on the static note (`data-texts-zh`), and inlined into
// the single-file wiretrace.html (`<script type="application/json" id="wt-texts-zh">`).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [cli, dist] = process.argv.slice(2);
if (!cli || !dist) {
  console.error('usage: node scripts/lib/figures.mjs <wiretrace CLI> <dist folder>');
  process.exit(2);
}
const LANGS = ['en', 'zh'];
// The scenario `#` and an empty hash open (crates/web/src/state.rs: default_scenario).
const DEFAULT = 'browse';

const run = (args) => execFileSync(cli, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const ids = run(['list'])
  .split('\n')
  .map((line) => line.split(/\s+/)[0])
  .filter((id) => /^[a-z0-9][a-z0-9-]*$/.test(id));
if (ids.length === 0 || !ids.includes(DEFAULT)) {
  console.error(`figures: \`${cli} list\` gave no scenarios, or not ${DEFAULT}`);
  process.exit(2);
}

const dir = join(dist, 'figures');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let bytes = 0;
for (const id of ids) {
  for (const lang of LANGS) {
    for (const [suffix, extra] of [['', []], ['.narrow', ['--narrow']]]) {
      const args = ['run', id, '--format', 'svg', '--lang', lang, ...extra];
      const svg = run(args);
      if (!svg.includes('<svg') || !svg.includes('data-segment-id')) {
        console.error(`figures: \`wiretrace ${args.join(' ')}\` drew no arrow`);
        process.exit(2);
      }
      writeFileSync(join(dir, `${id}.${lang}${suffix}.svg`), svg);
      bytes += Buffer.byteLength(svg);
    }
  }
}

// The texts file: named by its content, so a cached copy is never another version's.
const texts = run(['texts', '--lang', 'zh']);
JSON.parse(texts);
const textsDir = join(dist, 'texts');
rmSync(textsDir, { recursive: true, force: true });
mkdirSync(textsDir, { recursive: true });
const textsName = `texts/zh-${createHash('sha256').update(texts).digest('hex').slice(0, 16)}.json`;
writeFileSync(join(dist, textsName), texts);

const single = join(dist, 'wiretrace.html');
if (existsSync(single)) {
  // JSON in a script element: "</" must not end it early ("<\/" is the same JSON string).
  const inline = `<script type="application/json" id="wt-texts-zh">${texts.trim().replace(/<\//g, '<\\/')}</script>`;
  const page = readFileSync(single, 'utf8').replace(/<script type="application\/json" id="wt-texts-zh">[\s\S]*?<\/script>/, '');
  // First in the body, before the scripts that start the page: there when they look.
  const body = /<body[^>]*>/;
  if (!body.test(page)) {
    console.error('figures: no <body> in dist/wiretrace.html');
    process.exit(2);
  }
  writeFileSync(single, page.replace(body, (tag) => `${tag}${inline}`));
}

const indexPath = join(dist, 'index.html');
// Run again on the same dist/: the attributes are replaced, not added twice.
const html = readFileSync(indexPath, 'utf8').replace(/ data-(?:default|figures|texts-zh)="[^"]*"/g, '');
// trunk's minifier may reorder and unquote the attributes: <main class=static-note id=wt-static>.
const note = /<main(?=[^>]*\bid="?wt-static\b)/;
if (!note.test(html)) {
  console.error('figures: no <main id="wt-static"> in dist/index.html');
  process.exit(2);
}
writeFileSync(
  indexPath,
  html.replace(
    note,
    `<main data-default="${DEFAULT}" data-figures="${ids.join(' ')}" data-texts-zh="${textsName}"`,
  ),
);
console.log(`figures: ${ids.length} scenarios x ${LANGS.length} languages, wide and narrow, into ${dir} (${bytes} bytes)`);
console.log(`figures: the Chinese texts into ${join(dist, textsName)} (${Buffer.byteLength(texts)} bytes)`);
