// The React feed: `cards` mounted cards × 3 metrics, fed `rate` deltas/s for
// `seconds` s by a timer in the page (a pre-generated stream, the seed's call
// shape `applyDelta('Image', id, { likeCount: 1 })`), with either the seed
// store (its `useLiveMetrics` selector pattern) or livemetrics (`useLiveMetrics`
// from `livemetrics/react`). Counts commits (Profiler), card renders, renders
// that showed nothing new, and frame intervals; checks the shown counts.
import { createMetricSignalsStore } from 'livemetrics';
import { LiveMetricsProvider, useLiveMetrics } from 'livemetrics/react';
import { Profiler } from 'react';
import { createRoot } from 'react-dom/client';
import { METRICS, SEEDS } from '../../config.mjs';
import { createSeedStore } from '../../contenders/seed-store.mjs';
import { makeStream, totals } from '../../lib/stream.mjs';
import { useSeedLiveMetrics } from './seed-hooks.mjs';

const q = new URLSearchParams(location.search);
const mode = q.get('store') === 'seed' ? 'seed' : 'livemetrics';
// 'default': the store's own default (no `notify` option).
const notify = q.get('notify') ?? 'default';
const cards = Number(q.get('cards') ?? 2000);
const rate = Number(q.get('rate') ?? 10000);
const seconds = Number(q.get('seconds') ?? 5);
const SHOWN = ['likeCount', 'heartCount', 'commentCount'];

// Half the stream's entities are mounted cards (ids 1…cards; the seed's hook skips id 0); 3 of 5 metrics are shown.
const stream = makeStream({ n: Math.round(rate * seconds), entities: cards * 2, seed: SEEDS.react, codes: { type: 0, metrics: [0, 1, 2, 3, 4] } });
const items = Array.from({ length: cards }, (_, i) => i + 1).map((id) => ({ id, metrics: { likeCount: id % 100, heartCount: id % 37, commentCount: id % 11 } }));

const seedStore = mode === 'seed' ? createSeedStore() : null;
const lmStore = mode === 'livemetrics' ? createMetricSignalsStore(notify === 'default' ? {} : { notify }) : null;

const stats = { commits: 0, cardRenders: 0, wastedRenders: 0 };
const lastShown = new Map();
function noteRender(id, live) {
  const shown = `${live.likeCount},${live.heartCount},${live.commentCount}`;
  stats.cardRenders++;
  if (lastShown.get(id) === shown) stats.wastedRenders++;
  lastShown.set(id, shown);
}

function CardView({ id, live }) {
  noteRender(id, live);
  return (
    <div className="card" data-id={id}>
      #{id} likes <span>{live.likeCount}</span> hearts <span>{live.heartCount}</span> comments <span>{live.commentCount}</span>
    </div>
  );
}
function SeedCard({ id, metrics }) {
  return <CardView id={id} live={useSeedLiveMetrics(seedStore, 'Image', id, metrics)} />;
}
function LiveCard({ id, metrics }) {
  return <CardView id={id} live={useLiveMetrics('Image', id, metrics)} />;
}

const Card = mode === 'seed' ? SeedCard : LiveCard;
const feed = items.map((it) => <Card key={it.id} id={it.id} metrics={it.metrics} />);
const onRender = (_id, phase) => {
  if (phase !== 'mount') stats.commits++;
};
const tree = <Profiler id="feed" onRender={onRender}>{feed}</Profiler>;
createRoot(document.getElementById('root')).render(mode === 'seed' ? tree : <LiveMetricsProvider store={lmStore}>{tree}</LiveMetricsProvider>);

const nextFrame = () => new Promise((r) => requestAnimationFrame(r));

/** Shown counts that differ from base + the totals of the first `applied` deltas. */
function mismatches(applied) {
  const t = totals(stream, applied);
  let bad = 0;
  for (const el of document.querySelectorAll('.card')) {
    const id = Number(el.dataset.id);
    const spans = el.querySelectorAll('span');
    SHOWN.forEach((m, i) => {
      if (Number(spans[i].textContent) !== items[id - 1].metrics[m] + t[id * 5 + METRICS.indexOf(m)]) bad++;
    });
  }
  return bad;
}

/**
 * Feeds the stream on schedule (every 10 ms, all deltas due by then) until it
 * is done or `seconds` have passed: a store that cannot keep up stops with a
 * backlog (the seed store does) rather than running for minutes.
 */
window.__start = () =>
  new Promise((resolve) => {
    stats.commits = stats.cardRenders = stats.wastedRenders = 0;
    const apply = mode === 'seed' ? seedStore.getState().applyDelta : lmStore.getState().applyDelta;
    const { entityId, prebuilt, prebuiltIdx, n } = stream;
    const frames = [];
    let running = true;
    const raf = (t) => {
      frames.push(t);
      if (running) requestAnimationFrame(raf);
    };
    requestAnimationFrame(raf);
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    let applied = 0;
    let late = false;
    const timer = setInterval(async () => {
      const due = Math.min(n, Math.floor(((performance.now() - t0) * rate) / 1000));
      while (applied < due && !late) {
        const end = Math.min(due, applied + 16);
        for (; applied < end; applied++) apply('Image', entityId[applied], prebuilt[prebuiltIdx[applied]]);
        late = performance.now() > deadline + 20;
      }
      if (applied < n && !late) return;
      clearInterval(timer);
      const feedMs = performance.now() - t0;
      await nextFrame();
      await nextFrame();
      running = false;
      const totalMs = performance.now() - t0;
      const gaps = frames.slice(1).map((t, i) => t - frames[i]);
      resolve({
        mode,
        notify: mode === 'seed' ? null : notify,
        cards,
        deltas: n,
        applied,
        feedMs,
        totalMs,
        ...stats,
        frames: frames.length,
        slowFrames: gaps.filter((g) => g > 50).length,
        maxFrameMs: Math.max(0, ...gaps),
        mismatches: mismatches(applied),
      });
    }, 10);
  });

// Ready once every card is mounted and painted (the mount is not measured).
(async () => {
  while (document.querySelectorAll('.card').length < cards) await nextFrame();
  await nextFrame();
  await nextFrame();
  window.__ready = true;
})();
