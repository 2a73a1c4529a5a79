// The benchmark harness: `node --expose-gc run.mjs` (full, `make bench`) writes
// bench/RESULTS.md and bench/results.json; `--smoke` runs every workload at tiny
// sizes and `--only <workload>` one of them, both writing to bench/out/.
// Exits 1 when a check fails (a checksum, a crash) — never for a missed target.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sizes } from './config.mjs';
import { meta } from './lib/meta.mjs';
import { renderMarkdown } from './report.mjs';
import { runBrowser } from './workloads/browser.mjs';
import { runFanout } from './workloads/fanout.mjs';
import { runIngest } from './workloads/ingest.mjs';
import { runMemory } from './workloads/memory.mjs';
import { runRead } from './workloads/read.mjs';
import { runSize } from './workloads/size.mjs';

const WORKLOADS = ['ingest', 'read', 'fanout', 'memory', 'size', 'browser', 'browser-ingest', 'react'];
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : null;
if ((onlyAt >= 0 && !WORKLOADS.includes(only)) || args.some((a, i) => a.startsWith('--') && !['--smoke', '--only'].includes(a) && i !== onlyAt + 1)) {
  console.error(`usage: node --expose-gc run.mjs [--smoke] [--only ${WORKLOADS.join('|')}]`);
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') console.error('[bench] note: run with `node --expose-gc` for a gc between runs');

const size = sizes(smoke);
const log = (line) => console.error(`[bench] ${line}`);
const wants = (w) => !only || only === w || (w === 'browser' && ['browser-ingest', 'react'].includes(only));
const started = performance.now();
const results = { mode: smoke ? 'smoke' : 'full', only, meta: meta(), sizes: size, timings: {}, errors: [] };

async function step(name, fn) {
  if (!wants(name)) return;
  const t0 = performance.now();
  log(`── ${name}`);
  try {
    results[name] = await fn();
    results.errors.push(...(results[name].errors ?? []));
  } catch (error) {
    results.errors.push(`${name} failed: ${error.stack ?? error}`);
  }
  results.timings[name] = +((performance.now() - t0) / 1000).toFixed(1);
  log(`${name}: ${results.timings[name]} s`);
}

await step('ingest', () => runIngest({ size: size.ingest, runs: size.runs, log }));
await step('read', () => runRead({ size: size.read, ingestSize: size.ingest, runs: size.runs, log }));
await step('fanout', () => runFanout({ size: size.fanout, ingestSize: size.ingest, runs: size.runs, log }));
// These wait on other processes (node children, Vite, Chromium): the smoke run overlaps them.
const outOfProcess = [
  () => step('memory', () => runMemory({ size: size.memory, parallel: smoke ? 2 : 1, log })),
  () => step('size', () => runSize()),
  () => step('browser', () => runBrowser({ size, only: only === 'browser-ingest' ? 'ingest' : only === 'react' ? 'react' : null, log })),
];
if (smoke) await Promise.all(outOfProcess.map((f) => f()));
else for (const f of outOfProcess) await f();
results.seconds = +((performance.now() - started) / 1000).toFixed(1);

const committed = !smoke && !only;
const dir = fileURLToPath(new URL(committed ? '.' : './out', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/results.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${dir}/RESULTS.md`, renderMarkdown(results));
log(`wrote ${dir}/RESULTS.md and results.json in ${results.seconds} s`);
for (const e of results.errors) log(`ERROR: ${e}`);
process.exit(results.errors.length ? 1 : 0);
