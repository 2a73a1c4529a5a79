// End-to-end under injected faults: the engine replays, drops and reorders
// deliveries while the page scrolls, refetches the whole feed mid-stream and
// reloads once (the store comes back from sessionStorage, newer feed bases
// win). Heartbeats reveal dropped last deltas — the pause heartbeat for cards
// in view, the engine's farewell heartbeat on unsubscribe for cards that
// scrolled away — and the store refetches what it can't trust; then every
// count on the page must equal /api/truth.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_OPTIONS, UI_WAIT, compareWithTruth, engineApi, readCounts, sleep, startEngine, stopEngine, waitUntilQuiet } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));
const FAULTS = ['--replay', '0.2', '--gap', '0.1', '--reorder', '0.2'];
const VIEWPORT = { width: 1280, height: 800 };
const STEP = { timeout: 45_000 };

let engine; // { child, url, log }
let api;
let browser;
let page;
const pageErrors = [];
const feed = [];

const diagnostics = () =>
  page.evaluate(() => ({ stats: window.__livemetrics.stats(), stale: window.__livemetrics.staleEntities() }));
const scrollHeight = () => page.evaluate(() => document.documentElement.scrollHeight);
const scrollY = () => page.evaluate(() => window.scrollY);
const scrollTo = (y) => page.evaluate((top) => window.scrollTo(0, top), y);

/**
 * Scrolls from `from` to `to` (px), dwelling on each step. A step shorter than
 * the viewport plus the cards' 200px subscription margins subscribes every card on the way.
 */
async function scrollThrough(from, to, { step = 1000, dwellMs = 200 } = {}) {
  for (let y = from; y < to; y += step) {
    await scrollTo(y);
    await sleep(dwellMs);
  }
  await scrollTo(to);
  await sleep(dwellMs);
}

async function waitForFeed() {
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === 'open', null, { timeout: UI_WAIT });
  await page.waitForFunction((n) => document.querySelectorAll('[data-card]').length === n, feed.length, { timeout: UI_WAIT });
}

describe('livemetrics demo under faults', () => {
  before(async () => {
    engine = await startEngine({ rate: 400, args: FAULTS });
    api = engineApi(engine);
    feed.push(...(await api('/api/feed')).items);
    browser = await chromium.launch(CHROMIUM_OPTIONS);
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console.error: ${m.text()}`));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopEngine(engine);
  });

  it('runs with faults on and shows them in the header', STEP, async () => {
    const status = await api('/api/control');
    assert.deepEqual([status.replay, status.gap, status.reorder], [0.2, 0.1, 0.2], 'fault probabilities from the flags');
    await page.goto(engine.url + '/');
    await waitForFeed();
    await page.waitForFunction(() => document.querySelector('[data-testid="fault-gap"]')?.value === '0.1', null, { timeout: UI_WAIT });
  });

  it('refetches the whole feed mid-stream', STEP, async () => {
    const height = await scrollHeight();
    await scrollThrough(0, Math.round(height * 0.25));
    const refetched = page.waitForResponse((r) => r.url().endsWith('/api/feed') && r.ok(), { timeout: UI_WAIT });
    await page.locator('[data-testid="refetch-all"]').click();
    assert.equal((await (await refetched).json()).items.length, feed.length, 'the refetched feed');
    await page.waitForFunction(() => document.querySelector('[data-testid="refetch-all"]')?.getAttribute('aria-busy') === 'false', null, { timeout: UI_WAIT });
    assert.equal(await page.locator('[data-card]').count(), feed.length, 'every card is still there');
    await scrollThrough(await scrollY(), Math.round(height * 0.4));
  });

  it('comes back from sessionStorage after a reload mid-stream', STEP, async () => {
    const saved = await page.evaluate(() => sessionStorage.getItem('livemetrics')?.length ?? 0);
    assert.ok(saved > 0, 'the store persisted itself to sessionStorage');
    const y = await scrollY();
    await page.reload();
    await waitForFeed();
    // Chromium restores the scroll position; make sure we go on from there.
    if (Math.abs((await scrollY()) - y) > 800) await scrollTo(y);
  });

  it('keeps every count equal to the truth after scrolling the rest and pausing', { timeout: 90_000 }, async () => {
    await scrollThrough(await scrollY(), await scrollHeight());
    // No need to revisit cards: each one that left the viewport heard its
    // entity's version when it unsubscribed.
    const { emitted, snapshots } = await api('/api/control', { paused: true });

    // Quiet, and nothing left to refetch.
    const deadline = Date.now() + 15_000;
    let stale;
    do {
      await waitUntilQuiet(page, 1000, 15_000);
      ({ stale } = await diagnostics());
      if (stale.length > 0) await sleep(250);
    } while (stale.length > 0 && Date.now() < deadline);

    const truth = await api('/api/truth');
    const { replayed, dropped, reordered } = await api('/api/control');
    const { stats } = await diagnostics();
    const { counts, clashes } = await readCounts(page);
    assert.deepEqual(clashes, [], 'a metric shown twice on a card shows two values');
    const { mismatches, entities } = compareWithTruth(counts, truth);
    const marked = mismatches.map((m) => (stale.includes(m.split(' ')[0]) ? `${m} (stale)` : m));
    console.log(
      `checked ${entities.size} cards, ${Object.keys(counts).length} counts against /api/truth; ` +
        `engine: ${emitted} deltas, ${snapshots} snapshots, ${replayed} replayed, ${dropped} dropped, ${reordered} reordered; ` +
        `store: ${stats.duplicatesDropped} duplicates dropped, ${stats.gapsDetected} gaps detected, ` +
        `${stats.coveredDropped} covered by a base, ${stats.staleBasesIgnored} stale bases ignored`,
    );
    assert.deepEqual(stale, [], `${stale.length} rendered entities still stale 15 s after the pause (no fresh base arrived); counts: ${marked.join('; ')}`);
    assert.deepEqual(marked.slice(0, 20), [], `${mismatches.length} of ${Object.keys(counts).length} counts differ from the truth`);
    assert.equal(entities.size, feed.length, 'every card shows its counts');
    const expected = feed.reduce((n, item) => n + Object.keys(item.metrics).length, 0);
    assert.equal(Object.keys(counts).length, expected, 'every metric of every feed item is displayed');

    assert.ok(replayed > 0, 'the engine replayed deltas');
    assert.ok(dropped > 0, 'the engine dropped deltas');
    assert.ok(reordered > 0, 'the engine reordered messages');
    assert.ok(stats.duplicatesDropped > 0, 'the store dropped replayed deltas as duplicates');
    assert.ok(stats.gapsDetected > 0, 'the store detected gaps');
  });

  it('looks right (screenshot) and logged no errors', STEP, async () => {
    // Live again at a readable rate, faults still on, a project card and the activity panel in view.
    await api('/api/control', { paused: false, rate: 40 });
    await page.mouse.move(0, 790);
    await page.evaluate(() => {
      const card = document.querySelector('[data-card="Project:project-1"]');
      window.scrollTo(0, (card?.getBoundingClientRect().top ?? 0) + window.scrollY - 420);
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="pause"]')?.textContent?.trim() === 'Pause', null, { timeout: UI_WAIT });
    await page.waitForFunction(() => document.querySelector('[data-card="Project:project-1"] .updated--recent'), null, { timeout: UI_WAIT });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/exact.png` });
    assert.deepEqual(pageErrors, [], 'the page logged errors');
  });
});
