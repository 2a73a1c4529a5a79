// Chromium: the ingest workload inside a page, and the React feed (seed store
// vs livemetrics with its default notify ('auto': one flush per frame in a
// page) and with zustand's immediate 'sync'), runs interleaved, medians reported.
import { feedRun, ingestInPage, withPages } from '../browser/driver.mjs';
import { median } from '../lib/measure.mjs';

const FEEDS = [
  { id: 'seed', store: 'seed', label: 'seed store + seed useLiveMetrics (useShallow)' },
  { id: 'lmDefault', store: 'livemetrics', label: 'livemetrics useLiveMetrics (default notify)' },
  { id: 'lmSync', store: 'livemetrics', notify: 'sync', label: "livemetrics useLiveMetrics, notify: 'sync'" },
];
const FIELDS = ['applied', 'feedMs', 'totalMs', 'commits', 'cardRenders', 'wastedRenders', 'frames', 'slowFrames', 'maxFrameMs', 'scriptMs', 'taskMs', 'scriptApplied', 'scriptCommits', 'mismatches'];

export async function runBrowser({ size, only, log = () => {} }) {
  return withPages(async ({ browser, url, version }) => {
    const out = { chromium: version, errors: [] };
    if (!only || only === 'ingest') {
      log('chromium: ingest');
      out.ingest = await ingestInPage(browser, url, size.ingest, size.browserIngest.runs, log);
      out.errors.push(...out.ingest.errors.map((e) => `chromium ${e}`));
    }
    if (!only || only === 'react') {
      const { cards, rate, seconds, runs } = size.react;
      const samples = Object.fromEntries(FEEDS.map((f) => [f.id, []]));
      for (let r = 0; r < runs; r++) {
        for (let k = 0; k < FEEDS.length; k++) {
          const f = FEEDS[(k + r) % FEEDS.length];
          const clean = await feedRun(browser, url, { ...f, cards, rate, seconds });
          const timed = await feedRun(browser, url, { ...f, cards, rate, seconds }, { instrument: true });
          const s = { ...clean, scriptMs: timed.scriptMs, taskMs: timed.taskMs, scriptApplied: timed.applied, scriptCommits: timed.commits };
          log(`chromium react: ${f.id} run ${r + 1}/${runs}: ${s.applied}/${s.deltas} deltas, ${s.commits} commits; instrumented: ${s.scriptApplied} deltas, ${s.scriptMs.toFixed(0)} ms scripting`);
          for (const [kind, run] of [['', clean], [' (instrumented)', timed]]) {
            if (run.mismatches) out.errors.push(`react ${f.id}${kind}: ${run.mismatches} shown counts differ from the stream's totals`);
            out.errors.push(...run.errors.map((e) => `react ${f.id}${kind}: ${e}`));
          }
          samples[f.id].push(s);
        }
      }
      out.react = {
        cards,
        rate,
        seconds,
        runs,
        rows: FEEDS.map((f) => {
          const row = { id: f.id, label: f.label };
          for (const k of FIELDS) row[k] = median(samples[f.id].map((s) => s[k]));
          row.commitsPerSec = row.commits / (row.feedMs / 1000);
          row.scriptUsPerDelta = median(samples[f.id].map((s) => (s.scriptMs * 1000) / s.scriptApplied));
          // Per applied delta: the seed applies fewer (it falls behind) into a smaller store, which flatters it.
          row.scriptVsSeed = median(samples[f.id].map((s, i) => s.scriptMs / s.scriptApplied / (samples.seed[i].scriptMs / samples.seed[i].scriptApplied)));
          row.scriptVsSeedWindow = median(samples[f.id].map((s, i) => s.scriptMs / samples.seed[i].scriptMs));
          return row;
        }),
      };
    }
    return out;
  });
}
