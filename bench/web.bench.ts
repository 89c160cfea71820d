/**
 * The browser side, in headless Chromium (software WebGL: SwiftShader): first paint of the
 * judging page against the plain dashboard page, how soon the next comparison shows after a
 * vote, and replay frame rate of two synchronized views of the largest scene (stack with three
 * distractors) against an empty requestAnimationFrame loop, the browser's own ceiling.
 * Pages are the built dist/web (run `npm run build` first) served by express as the API serves
 * them; the judging endpoints are stand-ins serving real recorded trajectories, so no database,
 * Redis or campaign is needed.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { runEpisode } from '../sim/index.ts';

const webDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const pageLoads = 10;
const votes = 8;
const fpsWindowMs = 5000;
const fpsWarmupMs = 1000;
const firstPaintTargetMs = 1000;
const nextShownTargetMs = 300;
const fpsTarget = 50;

interface Stats {
  median: number;
  p90: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p90: at(0.9) };
}

/** Two recordings of the busiest scene, as `GET /api/episodes/:id/trajectory` serves them. */
async function stackTrajectories(): Promise<string[]> {
  return Promise.all(
    (['expert', 'random'] as const).map(async (policy) => {
      const { trajectory } = await runEpisode(
        { task: 'stack', seed: 3, policy, perturbation: { distractorCount: 3 } },
        { record: true },
      );
      if (trajectory === undefined) throw new Error('runEpisode recorded no trajectory');
      return JSON.stringify({
        ...trajectory,
        timesS: Array.from(trajectory.timesS),
        bodyPositions: Array.from(trajectory.bodyPositions),
        bodyQuaternions: Array.from(trajectory.bodyQuaternions),
      });
    }),
  );
}

/** The built pages plus stand-in judging endpoints offering endless tickets. */
function startServer(replays: string[]): Promise<{ url: string; close: () => void }> {
  const app = express();
  let issued = 0;
  app.get('/api/judging/next', (_req, res) => {
    issued += 1;
    res.json({
      ticket: `bench-${issued}`,
      instruction: 'stack the red cube on top of the blue cube',
      task: 'stack',
      replays: { left: `/bench/replay/0?t=${issued}`, right: `/bench/replay/1?t=${issued}` },
    });
  });
  app.post('/api/judging/votes', (_req, res) => {
    res.status(201).json({ recorded: true });
  });
  app.get('/bench/replay/:index', (req, res) => {
    res.type('json').send(replays[Number(req.params.index)] ?? '{}');
  });
  app.get('/api/campaigns', (_req, res) => {
    res.json({ campaigns: [] });
  });
  app.get('/bench/blank', (_req, res) => {
    res.type('html').send('<!doctype html><title>blank</title><body></body>');
  });
  app.use(express.static(webDir, { index: 'index.html', extensions: ['html'] }));
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}

/** First contentful paint of a page loaded in a fresh context (cold cache), in ms. */
async function firstPaints(browser: Browser, url: string): Promise<number[]> {
  const paints: number[] = [];
  for (let i = 0; i < pageLoads; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const paint = await page.waitForFunction(() => {
      const entry = performance.getEntriesByName('first-contentful-paint')[0];
      return entry?.startTime;
    });
    paints.push(Number(await paint.jsonValue()));
    await context.close();
  }
  return paints;
}

/** Frames per second and the 95th percentile frame time, from rAF timestamps over a window. */
async function frameRate(context: BrowserContext, url: string, setup: string): Promise<string> {
  const page = await context.newPage();
  await page.goto(url);
  if (setup === 'judge') {
    await page.waitForSelector('main[data-state="judging"]');
    await page.check('#loop'); // keep both replays playing for the whole window
    await page.evaluate(() => {
      if (document.getElementById('play')?.textContent === '▶')
        document.getElementById('play')?.click();
    });
  }
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  const result = await page.evaluate<{ fps: number; p95: number }>(`(async () => {
    await new Promise((resolve) => setTimeout(resolve, ${fpsWarmupMs}));
    const stamps = [];
    await new Promise((resolve) => {
      const tick = (time) => {
        stamps.push(time);
        if (time - stamps[0] < ${fpsWindowMs}) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const span = stamps[stamps.length - 1] - stamps[0];
    return { fps: (gaps.length / span) * 1000, p95: gaps[Math.floor(gaps.length * 0.95)] };
  })()`);
  await page.close();
  return `${result.fps.toFixed(1)} fps (p95 frame ${result.p95.toFixed(1)} ms)`;
}

async function measureFrameRate(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  deviceScaleFactor: number,
  query: string,
): Promise<{ replay: number; ceiling: number; line: string }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor });
  const ceilingLine = await frameRate(context, `${url}/bench/blank`, 'blank');
  const replayLine = await frameRate(context, `${url}/judge.html${query}`, 'judge');
  await context.close();
  const fps = (line: string): number => Number(line.split(' ')[0]);
  return {
    replay: fps(replayLine),
    ceiling: fps(ceilingLine),
    line: `replay ${replayLine}; empty rAF loop ${ceilingLine}`,
  };
}

export default async function webBenchmark(): Promise<void> {
  if (!fs.existsSync(path.join(webDir, 'judge.html'))) {
    console.log(`dist/web is not built: run \`npm run build\` first (looked in ${webDir})`);
    return;
  }
  const replays = await stackTrajectories();
  const server = await startServer(replays);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const gl = await browser.newPage();
    const renderer = await gl.evaluate(() => {
      const context = document.createElement('canvas').getContext('webgl2');
      const info = context?.getExtension('WEBGL_debug_renderer_info');
      return info ? String(context?.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'no WebGL2';
    });
    await gl.close();
    console.log(`Chromium ${browser.version()}, WebGL: ${renderer}`);
    console.log(
      `scene: stack with 3 distractors, ${replays.map((r) => `${(r.length / 1024).toFixed(0)} kB`).join(' + ')} of trajectory JSON`,
    );

    const dashboard = stats(await firstPaints(browser, `${server.url}/`));
    const judge = stats(await firstPaints(browser, `${server.url}/judge.html`));
    console.log(
      `first contentful paint, ${pageLoads} cold loads each: judging page median ${judge.median.toFixed(0)} ms ` +
        `(p90 ${judge.p90.toFixed(0)}), dashboard median ${dashboard.median.toFixed(0)} ms ` +
        `(p90 ${dashboard.p90.toFixed(0)}); ratio judge/dashboard ${(judge.median / dashboard.median).toFixed(2)}; ` +
        `target < ${firstPaintTargetMs} ms: ${judge.p90 < firstPaintTargetMs ? 'met' : 'MISSED'}`,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/judge.html`);
    await page.waitForSelector('main[data-state="judging"]');
    const shown: number[] = [];
    for (let i = 0; i < votes; i += 1) {
      const before = await page.getAttribute('main', 'data-ticket');
      await page.waitForTimeout(300); // let the prefetch of the next comparison land
      await page.keyboard.press(i % 2 === 0 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForFunction((old) => {
        const main = document.querySelector('main');
        return main?.dataset['state'] === 'judging' && main.dataset['ticket'] !== old;
      }, before);
      shown.push(Number(await page.getAttribute('main', 'data-next-shown-ms')));
    }
    await context.close();
    const next = stats(shown);
    console.log(
      `vote to next comparison shown (prefetched), ${votes} votes: median ${next.median.toFixed(0)} ms, ` +
        `p90 ${next.p90.toFixed(0)} ms; target < ${nextShownTargetMs} ms: ${next.p90 < nextShownTargetMs ? 'met' : 'MISSED'}`,
    );

    // The page picks low quality on a software renderer; high is what a GPU gets, shown for scale.
    for (const [label, viewport, scale, query] of [
      ['1280×800', { width: 1280, height: 800 }, 1, ''],
      ['390×844 @2x', { width: 390, height: 844 }, 2, ''],
      ['1280×800 with ?quality=high', { width: 1280, height: 800 }, 1, '?quality=high'],
    ] as const) {
      const { replay, ceiling, line } = await measureFrameRate(
        browser,
        server.url,
        viewport,
        scale,
        query,
      );
      console.log(
        `two synchronized replays at ${label}: ${line}; ratio ${(replay / ceiling).toFixed(2)}; ` +
          `target ≥ ${fpsTarget} fps: ${replay >= fpsTarget ? 'met' : 'MISSED'}`,
      );
    }
  } finally {
    await browser.close();
    server.close();
  }
}
