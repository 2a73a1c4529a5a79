// End-to-end: the built demo against the real engine in headless Chromium.
//
//   (cd www/app && npm ci && npm run build)
//   cargo build --release -p livemetrics-engine
//   (cd www/e2e && npm ci && npm test)
//
// The engine only emits deltas for subscribed topics, and applies each delta
// to its truth and fans it out atomically, so once it is paused and the page
// is quiet, every count on the page must equal /api/truth exactly.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_OPTIONS, UI_WAIT, compareWithTruth, engineApi, headerNumber, readCounts, sleep, startEngine, stopEngine, visibleImageCard, waitUntilQuiet } from './helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));
const STEP = { timeout: 45_000 };

let engine; // { child, url, log }
let api;
let browser;
let page;
const pageErrors = [];
const feed = [];

// ------------------------------------------------------------------ tests

describe('livemetrics demo', () => {
  before(async () => {
    engine = await startEngine();
    api = engineApi(engine);
    feed.push(...(await api('/api/feed')).items);
    browser = await chromium.launch(CHROMIUM_OPTIONS);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console.error: ${m.text()}`));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopEngine(engine);
  });

  it('renders every feed item as a card and connects', STEP, async () => {
    const types = {};
    for (const item of feed) types[item.entityType] = (types[item.entityType] ?? 0) + 1;
    assert.equal(feed.length, 272, `the feed has ${feed.length} items`);
    assert.deepEqual(types, { Model: 100, Image: 100, Post: 60, Project: 12 }, 'feed items per entity type');
    await page.goto(engine.url + '/');
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === 'open', null, { timeout: UI_WAIT });
    await page.waitForSelector('[data-card]');
    const cards = await page.locator('[data-card]').count();
    assert.equal(cards, feed.length, 'one card per feed item');
    assert.equal(await headerNumber(page, 'cards'), feed.length, 'the header counts every card');
    for (const type of ['Model', 'Image', 'Post', 'Project']) {
      const want = feed.filter((item) => item.entityType === type).length;
      assert.equal(await page.locator(`[data-card^="${type}:"]`).count(), want, `${type} cards`);
    }
  });

  it('subscribes only cards in or near the viewport', STEP, async () => {
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="topics"]')?.textContent) > 0, null, { timeout: UI_WAIT });
    const topics = await headerNumber(page, 'topics');
    assert.ok(topics > 0 && topics < feed.length, `${topics} topics subscribed for ${feed.length} cards`);
    // The engine sees the same subscriptions (the header samples once a second).
    let status;
    const deadline = Date.now() + 5000;
    do {
      status = await api('/api/control');
      if (status.topics === (await headerNumber(page, 'topics'))) break;
      await sleep(250);
    } while (Date.now() < deadline);
    assert.equal(status.topics, await headerNumber(page, 'topics'), 'the engine and the page agree on the number of topics');
  });

  it('updates counts live', STEP, async () => {
    const { counts: before } = await readCounts(page);
    await page.waitForFunction(
      (snapshot) => [...document.querySelectorAll('[data-value]')].some((el) => snapshot[`${el.dataset.entity} ${el.dataset.metric}`] !== Number(el.dataset.value)),
      before,
      { timeout: UI_WAIT, polling: 100 },
    );
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="rate"]')?.textContent?.replace(/,/g, '')) > 0, null, { timeout: UI_WAIT });
  });

  it('counts a reaction click exactly once', STEP, async () => {
    await api('/api/control', { paused: true }); // so only the click moves the count
    try {
      await waitUntilQuiet(page, 500);
      const card = await visibleImageCard(page);
      assert.ok(card, 'no image card is fully visible in the first viewport');
      const selector = `[data-card="${card}"] [data-reaction="heartCount"] [data-value]`;
      const before = Number(await page.locator(selector).getAttribute('data-value'));
      await page.locator(`[data-card="${card}"] [data-reaction="heartCount"]`).click();
      await page
        .waitForFunction(({ selector, want }) => Number(document.querySelector(selector)?.dataset.value) === want, { selector, want: before + 1 }, { timeout: UI_WAIT })
        .catch(async () => assert.fail(`${card} heartCount: ${await page.locator(selector).getAttribute('data-value')} ${UI_WAIT / 1000} s after the click, expected ${before + 1}`));
      await waitUntilQuiet(page, 500);
      assert.equal(Number(await page.locator(selector).getAttribute('data-value')), before + 1, `${card} heartCount after one click`);
      assert.equal((await api('/api/truth'))[card]?.heartCount, before + 1, `${card} heartCount in the engine's truth after one click`);
    } finally {
      await api('/api/control', { paused: false });
    }
  });

  it('explains a count: Alt+click opens an inspector with its base, watermark and a live trail', STEP, async () => {
    await api('/api/control', { paused: true }); // so only our click moves the count
    try {
      await waitUntilQuiet(page, 500);
      const card = await visibleImageCard(page);
      assert.ok(card, 'no image card is fully visible in the first viewport');
      const count = page.locator(`[data-card="${card}"] [data-reaction="heartCount"] [data-value]`);
      const before = Number(await count.getAttribute('data-value'));
      await count.click({ modifiers: ['Alt'] });
      await page.waitForSelector('[data-testid="inspector"]', { timeout: UI_WAIT });
      const shown = async () => Number((await page.locator('[data-testid="inspector-value"]').textContent())?.replace(/[^0-9]/g, ''));
      assert.equal(await shown(), before, 'the inspector shows the count');
      assert.match(await page.locator('[data-testid="inspector-watermark"]').textContent(), /version \d+/, 'the base carries its version');
      assert.equal(Number(await count.getAttribute('data-value')), before, 'Alt+click inspected, it did not react');
      await page.locator(`[data-card="${card}"] [data-reaction="heartCount"]`).click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="inspector-trail"] [data-fate="counted"]')?.textContent?.includes('remote'),
        null,
        { timeout: UI_WAIT },
      );
      await page.waitForFunction((want) => Number(document.querySelector('[data-testid="inspector-value"]')?.textContent?.replace(/[^0-9]/g, '')) === want, before + 1, { timeout: UI_WAIT });
      assert.match(await page.locator('[data-testid="inspector-trail"] li').first().textContent(), /remote \+1 seq \d+ event \S+ counted/, 'the trail has the delta with its seq and event id');
      await page.locator('[data-testid="inspector-close"]').click();
      assert.equal(await page.locator('[data-testid="inspector"]').count(), 0, 'closed');
    } finally {
      await api('/api/control', { paused: false });
    }
  });

  it('keeps every count equal to the truth after scrolling the whole feed', { timeout: 90_000 }, async () => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    let maxTopics = 0;
    for (let y = 0; y < height; y += 650) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await sleep(120);
      if (y % 3250 === 0) maxTopics = Math.max(maxTopics, await headerNumber(page, 'topics'));
    }
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="topics"]')?.textContent) > 0, null, { timeout: UI_WAIT });
    const topicsAtEnd = await headerNumber(page, 'topics');
    assert.ok(topicsAtEnd < feed.length, `${topicsAtEnd} topics held at the bottom of a ${feed.length}-card feed`);

    const { emitted, snapshots } = await api('/api/control', { paused: true });
    await waitUntilQuiet(page, 1000);
    const truth = await api('/api/truth');
    const { counts, clashes } = await readCounts(page);
    assert.deepEqual(clashes, [], 'a metric shown twice on a card shows two values');

    // Projects too: each card shows its newest snapshot, which must be the engine's current state.
    const { mismatches, entities: cardsSeen } = compareWithTruth(counts, truth);
    const projects = [...cardsSeen].filter((e) => e.startsWith('Project:')).length;
    const expected = feed.reduce((n, item) => n + Object.keys(item.metrics).length, 0);
    console.log(
      `checked ${cardsSeen.size} cards (${projects} projects), ${Object.keys(counts).length} counts against /api/truth; ` +
        `engine emitted ${emitted} deltas and ${snapshots} project snapshots; up to ${maxTopics} topics held while scrolling, ${topicsAtEnd} at the bottom`,
    );
    assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} of ${Object.keys(counts).length} counts differ from the truth`);
    assert.equal(cardsSeen.size, feed.length, 'every card shows its counts');
    assert.equal(Object.keys(counts).length, expected, 'every metric of every feed item is displayed');
    assert.equal(projects, 12, 'every project card shows its counts');
    assert.ok(emitted > 0, 'the engine emitted deltas');
    assert.ok(snapshots > 0, 'the engine sent project snapshots');
  });

  it('looks right (screenshot) and logged no errors', STEP, async () => {
    // What a newcomer sees: the engine's default rate, the top of the feed, no hover.
    await api('/api/control', { paused: false, rate: 40 });
    await page.mouse.move(0, 790);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="pause"]')?.textContent?.trim() === 'Pause' &&
        document.querySelector('[data-testid="engine-rate"]')?.value === '40',
      null,
      { timeout: UI_WAIT },
    );
    await page.waitForFunction(
      () => {
        const rate = Number(document.querySelector('[data-testid="rate"]')?.textContent?.replace(/,/g, ''));
        return rate > 0 && rate < 100;
      },
      null,
      { timeout: UI_WAIT },
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/feed.png` });
    assert.deepEqual(pageErrors, [], 'the page logged errors');
  });
});
