// Figures of the segment log on big runs, for people (not a test: timings are too noisy to
// pass or fail on). For each run size: the time from opening the link until the log shows
// its rows, the rows and elements the log keeps in the DOM, the time of one step (a
// keydown until aria-current has moved and two animation frames have passed), and the
// frame times while the log scrolls (smoothly, and by jumps as when dragging its bar).
//
//   WIRETRACE_DIST=../dist node tools/log-figures.mjs [body_bytes:mss ...]
//
// Runs `#s=big-response&body_bytes=<b>&mss=<mss>` at 1440×900 in Debian's Chromium; by
// default 1,034, 10,281 and 20,000 segments (1000000:1460 10000000:1460 10000000:500).

import { DIAGRAM, LOG, openPage, setUp, waitUntil } from '../lib.mjs';

const args = process.argv.slice(2);
const sizes = (args.length ? args : ['1000000:1460', '10000000:1460', '10000000:500']).map((a) => {
  const [bytes, mss = '1460'] = a.split(':');
  return { bytes, mss };
});

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

const env = await setUp();
try {
  for (const { bytes, mss } of sizes) {
    const hash = `#s=big-response&body_bytes=${bytes}&mss=${mss}`;
    const t0 = Date.now();
    const { page, context } = await openPage(env, hash, { viewport: { width: 1440, height: 900 } });
    await waitUntil(
      page,
      'the log shows its rows',
      ([log, diagram]) => {
        const n = Number(document.querySelector(diagram)?.getAttribute('data-segment-count'));
        const table = document.querySelector(log);
        if (!n || !table) return false;
        const rows = table.querySelectorAll('tr[data-segment-id]').length;
        // A windowed log says its total; the old one holds every row.
        return table.hasAttribute('aria-rowcount') ? rows > 0 : rows === n;
      },
      [LOG, DIAGRAM],
      600_000,
    );
    const ready = Date.now() - t0;
    const dom = await page.evaluate(([log, diagram]) => {
      const table = document.querySelector(log);
      return {
        segments: Number(document.querySelector(diagram).getAttribute('data-segment-count')),
        rows: table.querySelectorAll('tbody tr[data-segment-id], tbody tr[data-event-id]').length,
        logElements: table.querySelectorAll('*').length,
        pageElements: document.querySelectorAll('*').length,
      };
    }, [LOG, DIAGRAM]);

    // One step: a keydown on the page, until the next row is current and two frames passed.
    const steps = [];
    for (let k = 0; k < 6; k++) {
      steps.push(
        await page.evaluate(async (log) => {
          const cur = () =>
            document.querySelector(`${log} tr[aria-current="step"]`)?.getAttribute('data-segment-id');
          const before = cur();
          const want = before === undefined ? '0' : String(Number(before) + 1);
          const frame = () => new Promise((ok) => requestAnimationFrame(ok));
          const t = performance.now();
          document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
          while (cur() !== want) await frame();
          await frame();
          await frame();
          return performance.now() - t;
        }, LOG),
      );
    }

    // Scrolling the log: 120 frames of 240 px, then 60 jumps to spread-out places.
    const scroll = await page.evaluate(async () => {
      const box = document.querySelector('.log-scroll');
      const frame = () => new Promise((ok) => requestAnimationFrame(ok));
      const run = async (frames, place) => {
        const gaps = [];
        let last = await frame();
        for (let f = 0; f < frames; f++) {
          place(f);
          const now = await frame();
          gaps.push(now - last);
          last = now;
        }
        return gaps;
      };
      box.scrollTop = 0;
      const smooth = await run(120, () => {
        box.scrollTop += 240;
      });
      const max = box.scrollHeight - box.clientHeight;
      const jumps = await run(60, (f) => {
        box.scrollTop = Math.round(((f * 37) % 60) / 59 * max);
      });
      return { smooth, jumps };
    });
    const rowsAfter = await page.evaluate(
      (log) => document.querySelectorAll(`${log} tbody tr[data-segment-id], ${log} tbody tr[data-event-id]`).length,
      LOG,
    );

    console.log(
      [
        `body_bytes=${bytes}&mss=${mss}: ${dom.segments} segments`,
        `  log ready after opening:  ${ready} ms`,
        `  log rows in the DOM:      ${dom.rows} (after scrolling: ${rowsAfter}); log elements ${dom.logElements}; page elements ${dom.pageElements}`,
        `  one step:                 median ${ms(pct(steps, 50))}, max ${ms(Math.max(...steps))} (${steps.map((s) => s.toFixed(0)).join(', ')})`,
        `  scroll frames (240 px):   p50 ${ms(pct(scroll.smooth, 50))}, p95 ${ms(pct(scroll.smooth, 95))}, max ${ms(Math.max(...scroll.smooth))}`,
        `  scroll frames (jumps):    p50 ${ms(pct(scroll.jumps, 50))}, p95 ${ms(pct(scroll.jumps, 95))}, max ${ms(Math.max(...scroll.jumps))}`,
      ].join('\n'),
    );
    await context.close();
  }
} finally {
  await env.close();
}
