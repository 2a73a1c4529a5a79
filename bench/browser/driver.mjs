// Drives the built pages in Debian's Chromium through playwright-core:
// builds them with Vite, serves them, runs the ingest page and the React feed.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serve } from './server.mjs';

const CONFIG = fileURLToPath(new URL('./vite.config.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../out/browser', import.meta.url));

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--js-flags=--expose-gc',
  ],
};

/** Builds the pages, serves them, launches Chromium; runs `fn({ browser, url, version })` and cleans up. */
export async function withPages(fn) {
  await build({ configFile: CONFIG });
  const server = await serve(DIST);
  const browser = await chromium.launch(LAUNCH);
  try {
    return await fn({ browser, url: server.url, version: browser.version() });
  } finally {
    await browser.close();
    await server.close();
  }
}

async function open(browser, url, log) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : log?.(m.text())));
  await page.goto(url);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 60_000 }).catch((e) => {
    throw new Error(`${url} never became ready: ${errors.join('; ') || e.message}`);
  });
  return { page, errors };
}

/** The Node ingest workload, run inside a page. */
export async function ingestInPage(browser, url, size, runs, log) {
  const { page, errors } = await open(browser, `${url}/ingest.html`, (line) => log(`chromium ${line}`));
  try {
    const result = await page.evaluate(([s, r]) => window.runIngest(s, r), [size, runs]);
    result.errors.push(...errors);
    return result;
  } finally {
    await page.close();
  }
}

/**
 * One React feed run. With `instrument`, the CDP Performance domain is on and
 * the run reports `ScriptDuration`/`TaskDuration` deltas — but that domain
 * slows the page several-fold, so commits and frames come from a clean run.
 */
export async function feedRun(browser, url, { store, notify, cards, rate, seconds }, { instrument = false } = {}) {
  const query = new URLSearchParams({ store, notify: notify ?? 'default', cards, rate, seconds });
  const { page, errors } = await open(browser, `${url}/react.html?${query}`);
  try {
    if (!instrument) return { ...(await page.evaluate(() => window.__start())), errors };
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    const stats = await page.evaluate(() => window.__start());
    const after = await metrics();
    return {
      ...stats,
      scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
      taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
      errors,
    };
  } finally {
    await page.close();
  }
}
