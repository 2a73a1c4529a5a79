// Helpers for the e2e tests: the engine process, its API, and page probes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Built by `make build` (cargo's `engine` profile); override with LIVEMETRICS_ENGINE_BIN.
const ENGINE = process.env.LIVEMETRICS_ENGINE_BIN ?? fileURLToPath(new URL('../../target/engine/livemetrics-engine', import.meta.url));
// Built by `make build` too; override with LIVEMETRICS_DEMO_DIST (e.g. a demo built against another package).
const DIST = process.env.LIVEMETRICS_DEMO_DIST ?? fileURLToPath(new URL('../app/dist', import.meta.url));

export const CHROMIUM_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/**
 * How long a test waits for the page to show what it must (an upper bound,
 * not a speed claim): loaded CI machines have stalled a page for over 5 s.
 */
export const UI_WAIT = 15_000;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the engine on a free port; resolves to `{ child, url, log }`.
 * `args` are extra flags, e.g. `['--replay', '0.2']` (a later `--addr` wins).
 * `demo: false` serves the API and sockets only (no demo build needed);
 * `env` adds environment variables (e.g. `REDIS_URL`).
 */
export function startEngine({ rate = 300, seed = 7, args: extra = [], demo = true, env = {} } = {}) {
  if (!existsSync(ENGINE)) throw new Error(`no engine at ${ENGINE}: run \`make build\``);
  if (demo && !existsSync(`${DIST}/index.html`)) throw new Error(`no demo build in ${DIST}: run \`(cd www/app && npm ci && npm run build)\``);
  const staticDir = demo ? DIST : '/nonexistent/livemetrics-no-demo';
  const args = ['--addr', '127.0.0.1:0', '--static-dir', staticDir, '--rate', String(rate), '--seed', String(seed), ...extra];
  const child = spawn(ENGINE, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const log = [];
  child.stderr.setEncoding('utf8').on('data', (d) => log.push(d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the engine did not announce its address within 10 s')), 10_000);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nengine stderr:\n${log.join('')}`));
    };
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace(/\/$/, ''), log });
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`the engine exited early (code ${code}, signal ${signal})`)));
    // Never leave it running, even if the test process dies abruptly.
    process.once('exit', () => child.kill('SIGKILL'));
  });
}

export async function stopEngine(engine) {
  const child = engine?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** `api(path)` GETs, `api(path, body)` POSTs JSON; both return the JSON answer. */
export function engineApi(engine) {
  return (path, body) => request(engine.url + path, path, body);
}

async function request(url, path, body) {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(url, init);
  if (!res.ok) assert.fail(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Every displayed count on the page: `{ 'Image:5 likeCount': 12, ... }` (duplicates must agree). */
export function readCounts(page) {
  return page.evaluate(() => {
    const out = {};
    const clashes = [];
    for (const el of document.querySelectorAll('[data-value]')) {
      const key = `${el.dataset.entity} ${el.dataset.metric}`;
      const value = Number(el.dataset.value);
      if (key in out && out[key] !== value) clashes.push(`${key}: ${out[key]} vs ${value}`);
      out[key] = value;
    }
    return { counts: out, clashes };
  });
}

/**
 * Every displayed count that differs from `/api/truth`, as
 * `Image:5 likeCount: page 12, truth 13`, and the entities seen.
 */
export function compareWithTruth(counts, truth) {
  const mismatches = [];
  const entities = new Set();
  for (const [key, value] of Object.entries(counts)) {
    const [entity, metric] = key.split(' ');
    entities.add(entity);
    const want = truth[entity]?.[metric];
    if (want !== value) mismatches.push(`${entity} ${metric}: page ${value}, truth ${want}`);
  }
  return { mismatches, entities };
}

/** A number shown in the header (`data-testid`). */
export const headerNumber = (page, testId) =>
  page.evaluate((id) => Number(document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/,/g, '')), testId);

/** Polls until the page's counts have not changed for `quietMs`. */
export async function waitUntilQuiet(page, quietMs = 1000, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last = JSON.stringify((await readCounts(page)).counts);
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    assert.ok(Date.now() < deadline, `the page's counts kept changing for ${timeoutMs} ms after the engine was paused`);
    await new Promise((r) => setTimeout(r, 100));
    const now = JSON.stringify((await readCounts(page)).counts);
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

/** The first image card entirely inside the viewport (below the sticky header). */
export function visibleImageCard(page) {
  return page.evaluate(() => {
    const top = document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
    for (const card of document.querySelectorAll('[data-card^="Image:"]')) {
      const r = card.getBoundingClientRect();
      if (r.top >= top && r.bottom <= window.innerHeight) return card.dataset.card;
    }
    return null;
  });
}
