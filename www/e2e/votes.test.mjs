// End-to-end: the voting feed (Expose Corner) under write faults. Half of
// the write requests get a 503 (nothing applied), a fifth of the applied ones
// lose their response (held 3 s, past the cards' 2 s timeout, so the retry
// gets the stored answer). Rapid interleaved clicks must show at once; every
// write must settle (saved, or rolled back with a notice); every count must
// end at /api/truth, and no click may be applied twice.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_OPTIONS, UI_WAIT, engineApi, readCounts, sleep, startEngine, stopEngine, waitUntilQuiet } from './helpers.mjs';
import { clickAll, clickPlan, expectedAfterClicks, visibleExposes, writesByClick } from './votes-helpers.mjs';

const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));
const FAULTS = ['--fail-5xx', '0.5', '--lose-response', '0.2', '--lost-response-ms', '3000'];
// Cards in view confirm a write by its echo on the socket, so a lost response
// is retried (and answered from the idempotency store) mostly for the views
// of cards out of view: enough of them make such retries certain.
const EXPOSES = ['--exposes', '48'];
const STEP = { timeout: 45_000 };
/** The browser reports each injected 503 as a failed resource load: expected here. */
const INJECTED = /Failed to load resource: the server responded with a status of 503/;

let engine; // { child, url, log }
let api;
let browser;
let page;
const pageErrors = [];
/** Expose id → its counts before the page loaded. */
const initial = new Map();
/** The clicks made: `{ id, kind }[]`. */
let clicks = [];
/** `Expose:3` → base fetches the page made (`/api/metrics/Expose/3`). */
const fetches = new Map();

const diagnostics = () =>
  page.evaluate(() => ({ open: window.__livemetrics.openWrites(), stale: window.__livemetrics.staleEntities(), writes: window.__livemetrics.writes() }));

/** Every Expose count on the page against the truth (`netVotes` is upvotes − downvotes). */
function mismatches(counts, truth) {
  const out = [];
  for (const [key, value] of Object.entries(counts)) {
    const [entity, metric] = key.split(' ');
    const t = truth[entity];
    const want = metric === 'netVotes' ? t?.upvotes - t?.downvotes : t?.[metric];
    if (want !== value) out.push(`${entity} ${metric}: page ${value}, truth ${want}`);
  }
  return out;
}

describe('livemetrics voting feed under write faults', () => {
  before(async () => {
    engine = await startEngine({ rate: 20, args: [...FAULTS, ...EXPOSES] });
    api = engineApi(engine);
    for (const item of (await api('/api/exposes')).items) initial.set(item.entityId, item.metrics);
    browser = await chromium.launch(CHROMIUM_OPTIONS);
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && !INJECTED.test(m.text()) && pageErrors.push(`console.error: ${m.text()}`));
    page.on('request', (r) => {
      const m = /\/api\/metrics\/Expose\/(\d+)$/.exec(r.url());
      if (m) fetches.set(`Expose:${m[1]}`, (fetches.get(`Expose:${m[1]}`) ?? 0) + 1);
    });
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopEngine(engine);
  });

  it('opens the voting page with the write faults in the header', STEP, async () => {
    const status = await api('/api/control');
    assert.deepEqual([status.fail5xx, status.loseResponse, status.lostResponseMs], [0.5, 0.2, 3000], 'write faults from the flags');
    await page.goto(engine.url + '/');
    await page.waitForFunction(() => document.querySelector('[data-testid="status"]')?.textContent === 'open', null, { timeout: UI_WAIT });
    await page.locator('[data-testid="nav-votes"]').click();
    assert.ok(page.url().endsWith('/#/votes'), page.url());
    await page.waitForFunction((n) => document.querySelectorAll('[data-card^="Expose:"]').length === n, initial.size, { timeout: UI_WAIT });
    assert.equal(await page.locator('[data-testid="nav-votes"]').getAttribute('aria-current'), 'page');
    await page.waitForFunction(() => document.querySelector('[data-testid="fault-fail5xx"]')?.value === '0.5', null, { timeout: UI_WAIT });
    assert.equal(await page.locator('[data-testid="fault-loseResponse"]').inputValue(), '0.2');
  });

  it('shows rapid interleaved clicks at once, before any response', STEP, async () => {
    const ids = (await visibleExposes(page)).slice(0, 6);
    assert.equal(ids.length, 6, 'six exposes in view');
    clicks = clickPlan(ids, 2);
    const { before: shown, after: now, pending } = await clickAll(page, clicks);
    assert.deepEqual(now, expectedAfterClicks(shown, clicks), 'every click counted at once, by exactly its delta');
    assert.deepEqual(pending, ids.map(() => 'true'), 'every clicked card shows its writes pending');
  });

  it('settles every write at the truth, and applies no click twice', { timeout: 90_000 }, async () => {
    await page.waitForFunction(
      () => document.querySelectorAll('[data-pending="true"]').length === 0 && window.__livemetrics.openWrites() === 0,
      null,
      { timeout: 40_000, polling: 200 },
    );
    // Rolled-back writes mark their exposes stale; wait for those refetches, with the emitter paused.
    await api('/api/control', { paused: true });
    const deadline = Date.now() + 15_000;
    let d;
    do {
      await waitUntilQuiet(page, 800, 15_000);
      d = await diagnostics();
      if (d.stale.length > 0) await sleep(250);
    } while (d.stale.length > 0 && Date.now() < deadline);

    const truth = await api('/api/truth');
    const status = await api('/api/control');
    const { counts, clashes } = await readCounts(page);
    assert.deepEqual(clashes, []);
    assert.equal(Object.keys(counts).length, initial.size * 6, 'six counts on every card');
    assert.deepEqual(mismatches(counts, truth).slice(0, 20), [], 'every count equals the truth');

    // Every click has its own record, settled: saved (confirmed) or rolled back (failed).
    const byClick = writesByClick(d.writes);
    for (const { id, kind } of clicks) byClick.made(id, kind);
    assert.deepEqual(byClick.unmatched(), [], 'one write record per click, none left open');
    // Without injected latency a timeout means a held response, and only applied writes
    // have theirs held: a write rolled back after a timeout had landed.
    const landed = d.writes.filter((w) => w.state === 'failed' && w.lastError === 'timed out');
    const confirmed = d.writes.filter((w) => w.state === 'confirmed');
    assert.equal(status.mutations, confirmed.length + landed.length, 'the engine applied each saved write once (views included)');
    for (const [id, before] of initial) {
      for (const metric of ['upvotes', 'downvotes']) {
        const applied = [...confirmed, ...landed].filter((w) => w.entity === `Expose:${id}` && w.updates[metric] === 1).length;
        assert.equal(truth[`Expose:${id}`][metric] - before[metric], applied, `Expose:${id} ${metric}: one per saved click`);
      }
    }
    const failedClicks = d.writes.filter((w) => w.state === 'failed' && !('views' in w.updates)).length;
    const shownRollbacks = await page.evaluate(() => [...document.querySelectorAll('[data-rollbacks]')].reduce((n, el) => n + Number(el.dataset.rollbacks), 0));
    assert.equal(shownRollbacks, failedClicks, 'every rolled-back click was reported on its card');

    console.log(
      `${clicks.length} clicks on ${new Set(clicks.map((c) => c.id)).size} exposes: ${clicks.length - failedClicks} saved, ${failedClicks} rolled back ` +
        `(writes rolled back although they had landed, their last response lost: ${landed.length}); engine: ${status.mutations} applied, ${status.idempotentReplays} retries answered ` +
        `from the idempotency store, ${status.failed5xx} refused (503), ${status.lostResponses} responses lost`,
    );
    assert.ok(status.failed5xx > 0, 'the engine refused writes');
    assert.ok(status.lostResponses > 0, 'the engine lost responses');
    assert.ok(status.idempotentReplays > 0, 'retries were answered from the idempotency store');
    // A rolled-back write makes the store distrust its expose until a fresh base lands.
    const stuck = d.stale.map((e) => `${e} (${fetches.get(e) ?? 0} base fetches)`);
    assert.deepEqual(stuck, [], 'no expose still waits for a fresh base 15 s after the last write settled');
  });

  it('shows a rollback notice and pending writes without blocking (screenshot)', { timeout: 60_000 }, async () => {
    await api('/api/control', { paused: false, fail5xx: 1, loseResponse: 0 });
    const [first, second] = clicks.map((c) => c.id).filter((id, i, all) => all.indexOf(id) === i);
    const { downvotes } = (await api('/api/truth'))[`Expose:${second}`];
    const card = page.locator(`[data-card="Expose:${second}"]`);
    const rollbacks = Number(await card.getAttribute('data-rollbacks'));
    await page.locator(`[data-testid="vote-down-${second}"]`).click();
    await page.waitForFunction(
      ([id, n]) => Number(document.querySelector(`[data-card="Expose:${id}"]`)?.dataset.rollbacks) === n + 1,
      [second, rollbacks],
      { timeout: 15_000 },
    );
    assert.ok(await page.locator(`[data-testid="rollback-${second}"]`).isVisible(), 'the rollback notice shows on the card');
    const value = await card.locator('[data-metric="downvotes"]').getAttribute('data-value');
    assert.equal(Number(value), downvotes, 'the refused downvote was rolled back');
    // A slow server now (each write applied and echoed after 2.5 s or more):
    // the next writes stay pending while the notice is still up.
    await api('/api/control', { fail5xx: 0, latencyMs: 5000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="fault-latencyMs"]')?.value === '5000', null, { timeout: UI_WAIT });
    await page.mouse.move(0, 790);
    await page.evaluate((id) => {
      for (const testId of [`vote-up-${id}`, `share-${id}`]) document.querySelector(`[data-testid="${testId}"]`).click();
      window.scrollTo(0, 0);
    }, first);
    assert.equal(await page.locator(`[data-card="Expose:${first}"]`).getAttribute('data-pending'), 'true');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/votes.png` });
    assert.ok(await page.locator(`[data-testid="rollback-${second}"]`).isVisible(), 'the notice is still up (the screenshot shows it)');
    await api('/api/control', { latencyMs: 0 });
    await page.waitForSelector(`[data-card="Expose:${first}"][data-pending="false"]`, { timeout: 15_000 });
    assert.deepEqual(pageErrors, [], 'the page logged errors');
  });
});
