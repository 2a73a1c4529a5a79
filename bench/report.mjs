// Renders results.json as RESULTS.md: the machine line, targets ✓/✗, one table per workload.
import { evaluateTargets } from './lib/targets.mjs';

const n = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : 'n/a');
const t = (ns) => (!Number.isFinite(ns) ? 'n/a' : ns < 1e3 ? `${ns.toFixed(0)} ns` : ns < 1e6 ? `${(ns / 1e3).toFixed(2)} µs` : `${(ns / 1e6).toFixed(2)} ms`);
const ms = (v) => (Number.isFinite(v) ? (v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`) : 'n/a');
const x = (v) => (!Number.isFinite(v) ? 'n/a' : v >= 100 ? `${n(v)}×` : `${v.toFixed(2)}×`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b) => (Number.isFinite(b) ? `${(b / 2 ** 20).toFixed(1)} MB` : 'n/a');
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const SHAPE = { objects: '(a) pre-built', computed: '(b) computed', batch: 'typed arrays' };

function ingestTable(ing) {
  return table(
    ['contender', 'updates', 'deltas', 'median', 'per delta', '× vs seed', '× vs JS floor', '× vs bare Map', '× vs numeric Map'],
    ing.rows.map((r) => [
      r.note ? `${r.label} — ${r.note}` : r.label,
      SHAPE[r.shape],
      n(r.ops),
      ms(r.medianMs),
      t(r.nsPerOp),
      x(r.vsSeed),
      `${x(r.vsFloor)} (${r.floor.replace('.objects', ' (a)').replace('.computed', ' (b)').replace('.batch', '')})`,
      x(r.vsBareMap),
      x(r.vsNumericMap),
    ]),
  );
}

function sections(res) {
  const out = [];
  if (res.ingest) {
    const i = res.ingest;
    out.push(`## Ingest (Node)\n\n${n(i.n)} single-metric deltas over ${n(i.entities)} entities × 5 metrics (${n(i.keys)} keys), one seeded stream; rows marked "first N deltas" run a prefix of it (time budget). Every run is checked key by key against the reference totals. "× vs X" = X's time per delta ÷ this row's (above 1: this row is faster), the median of per-round pairs; the seed comparisons use time per delta at the seed's smaller N, which flatters the seed (its cost grows with the keys it holds).\n\n${ingestTable(i)}`);
  }
  if (res.browser?.ingest) out.push(`## Ingest (Chromium ${res.browser.chromium})\n\nThe same workload module, bundled by Vite and run in a headless page.\n\n${ingestTable(res.browser.ingest)}`);
  if (res.read) {
    const r = res.read;
    out.push(`## Read\n\n${n(r.getsPerFrame)} getDelta per frame (${n(r.cards)} cards × 5 metrics) × ${r.frames} frames, after the full ingest; every reader's sum is checked.\n\n${table(
      ['reader', 'median (all frames)', 'per frame', 'per get', '× vs seed', '× vs bare Map', '× vs numeric Map'],
      r.rows.map((w) => [w.label, ms(w.medianMs), ms(w.medianMs / r.frames), t(w.nsPerOp), x(w.vsSeed), x(w.vsBareMap), x(w.vsNumericMap)]),
    )}`);
  }
  if (res.fanout) {
    const f = res.fanout;
    out.push(`## Fan-out\n\n${n(f.cards)} subscribed cards (one listener or selector each) over the full ingest totals, then ${n(f.deltas)} deltas (the seed store: ${n(f.seedDeltas)}). "changed keys" = subscribed keys whose value changed, per notification (per delta when synchronous; per batch or flush when coalesced).\n\n${table(
      ['subscribers', 'deltas', 'median', 'per delta', 'subscribing', 'listener calls', 'selector calls', 'changed keys', 'exact', '× vs seed', '× vs bare Map'],
      f.rows.map((r) => [r.label, n(r.deltas), ms(r.medianMs), t(r.nsPerOp), ms(r.subscribeMs), n(r.listenerCalls), n(r.selectorCalls), n(r.changedKeys), r.exact ? '✓' : '✗', x(r.vsSeed), x(r.vsBareMap)]),
    )}`);
  }
  if (res.memory) {
    const m = res.memory;
    out.push(`## Memory\n\n${n(m.keys)} keys (${n(m.keys / 5)} entities × 5 metrics), each contender in a fresh \`node --expose-gc\` process: JS heap = \`heapUsed\` after gc minus before the fill; livemetrics adds its whole wasm memory (\`getStats().wasmMemoryBytes\`; it grows and never shrinks). One measurement each.\n\n${table(
      ['contender', 'JS heap', 'wasm memory', 'total', 'bytes / key', 'fill time'],
      m.rows.map((r) => (r.failed ? [r.label, 'failed', '', '', '', ''] : [r.label, mb(r.heapBytes), r.wasmBytes ? mb(r.wasmBytes) : '—', mb(r.totalBytes), n(r.bytesPerKey), ms(r.fillMs)])),
    )}`);
  }
  if (res.size) {
    const s = res.size;
    const sz = (r) => [n(r.raw), n(r.gzip), n(r.brotli)];
    out.push(`## Size\n\nBytes; gzip level 9, brotli quality 11 (Node's zlib).\n\nAs published (files concatenated per group):\n\n${table(
      ['part', 'files', 'raw', 'gzip', 'brotli'],
      s.files.map((f) => [f.label, f.files, ...sz(f)]),
    )}\n\nBundled by Vite ${res.meta.packages.vite} (\`livemetrics\` and \`livemetrics/react\` as two entries, react external, minified):\n\n${table(
      ['chunk', 'part', 'raw', 'gzip', 'brotli'],
      [...s.bundled.chunks.map((c) => [c.label, c.part, ...sz(c)]), ['**store JS total**', 'store', ...sz(s.bundled.store)], ['**React layer total**', 'react', ...sz(s.bundled.react)]],
    )}`);
  }
  if (res.browser?.react) {
    const r = res.browser.react;
    out.push(`## React in Chromium ${res.browser.chromium}\n\n${n(r.cards)} mounted cards × 3 metrics, fed ${n(r.rate)} deltas/s for ${r.seconds} s by a 10 ms timer in the page (half the stream's entities are mounted cards); a store that falls behind stops at ${r.seconds} s with a backlog. Medians of ${r.runs} runs per store, interleaved. The default store is \`notify: 'auto'\`, which in a page is one flush per animation frame; \`'sync'\` is zustand's immediate listeners. Commits = Profiler \`onRender\` updates; "renders with nothing new" = card renders that showed the same three numbers as the card's previous render. Scripting = CDP \`Performance.getMetrics\` \`ScriptDuration\` delta, taken in a second, instrumented run of each store per round, because enabling the CDP Performance domain slows the page several-fold (in a probe, livemetrics' commits over 5 s fell from ~90 to ~12); all other columns come from the clean run. Scripting vs seed is per applied delta (flatters the seed, which applies fewer into a smaller store); "same window" compares the totals over the run.\n\n${table(
      ['store', 'deltas applied', 'commits', 'commits/s', 'card renders', 'renders with nothing new', 'frames > 50 ms', 'longest frame', 'instrumented: deltas applied', 'scripting', 'scripting / delta', 'scripting vs seed (per delta)', 'scripting vs seed (same window)', 'task time'],
      r.rows.map((w) => [w.label, n(w.applied), n(w.commits), w.commitsPerSec.toFixed(1), n(w.cardRenders), n(w.wastedRenders), `${n(w.slowFrames)} of ${n(w.frames)}`, ms(w.maxFrameMs), n(w.scriptApplied), ms(w.scriptMs), t(w.scriptUsPerDelta * 1000), w.scriptVsSeed.toFixed(3), w.scriptVsSeedWindow.toFixed(3), ms(w.taskMs)]),
    )}`);
  }
  return out;
}

export function renderMarkdown(res) {
  const m = res.meta;
  const pk = Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ');
  const targets = evaluateTargets(res);
  const mark = (p) => (p === null ? '–' : p ? '✓' : '✗');
  const lines = [
    `# livemetrics benchmarks${res.mode === 'smoke' ? ' (SMOKE RUN — tiny sizes, not results)' : ''}${res.only ? ` (only: ${res.only})` : ''}`,
    '',
    `Generated by \`${res.mode === 'smoke' ? 'node run.mjs --smoke' : 'make bench'}\` on ${m.date.slice(0, 10)} (${m.date}) in ${res.seconds} s.`,
    '',
    `**Machine:** ${m.machine.cpu}, ${m.machine.cores} cores, ${m.machine.memoryGiB} GiB, ${m.machine.os}. **Node** ${m.node} (V8 ${m.v8}); **Chromium** ${res.browser?.chromium ?? 'not run'}.`,
    `**Packages:** ${pk}. **Commit:** ${m.commit}${m.libraryChanged ? ` + ${m.libraryChanged} uncommitted change(s) in src/, pkg/src/` : ''}.`,
    '',
    'Every figure is a median over runs measured side by side in one process (rounds run every contender once, in a rotating order, after an untimed warm-up round); ratios are medians of per-round pairs. The machine is shared and noisy: compare within a table, not across runs.',
    '',
    '## Targets',
    '',
    table(['', 'target', 'measured'], targets.map((g) => [mark(g.pass), g.target, g.measured])),
    '',
    `${targets.filter((g) => g.pass).length} of ${targets.filter((g) => g.pass !== null).length} targets met.`,
    '',
    ...sections(res).flatMap((s) => [s, '']),
  ];
  if (res.errors.length) lines.push('## Errors', '', ...res.errors.map((e) => `- ${e.split('\n')[0]}`), '');
  return `${lines.join('\n')}\n`;
}
