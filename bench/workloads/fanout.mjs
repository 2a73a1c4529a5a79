// Fan-out: `cards` subscribed cards (one keyed listener or selector each, on
// key (page id c, metric c % 5)) over a store holding the full ingest totals,
// then `deltas` deltas. Counts listener and selector calls and compares them
// with the number of subscribed keys the deltas changed.
import { SEEDS } from '../config.mjs';
import { contenders, livemetricsCodes } from '../contenders/index.mjs';
import { now, pairedRatio, rounds, summary } from '../lib/measure.mjs';
import { makeStream, pageIds } from '../lib/stream.mjs';
import { ingestTotals } from './read.mjs';

function taskList(size, rows) {
  return [
    { id: 'seed', c: contenders.seed, label: 'seed store: subscribe(selector, listener)', count: size.seedDeltas, group: 1 },
    { id: 'bareMap', c: contenders.bareMap, opts: { listeners: true }, label: 'bare Map + keyed listeners', group: 1 },
    { id: 'numericMap', c: contenders.numericMap, opts: { listeners: true }, label: 'numeric Map + keyed listeners (typed arrays)', group: 1 },
    { id: 'legend', c: contenders.legend, label: 'Legend-State: onChange', group: 1 },
    { id: 'preact', c: contenders.preact, label: '@preact/signals-core: subscribe', group: 1 },
    { id: 'lmKey', c: contenders.lmCall, sub: 'key', label: 'livemetrics: subscribeKey', group: 1 },
    { id: 'lmSelector', c: contenders.lmCall, sub: 'selector', label: 'livemetrics: subscribe(selector, listener)', group: 1 },
    { id: 'lmFrame', c: contenders.lmCall, opts: { notify: 'frame' }, sub: 'key', label: "livemetrics: subscribeKey, notify: 'frame' (one flush)", group: Infinity },
    { id: 'lmBatch', c: contenders.lmBatch, opts: { rows }, sub: 'key', label: `livemetrics: subscribeKey, applyDeltas (${rows} rows/call)`, group: rows },
  ];
}

/** Listener calls a store that notifies only changed keys makes: per group of deltas, subscribed keys whose value changed. */
function expectedCalls(s, count, subscribed, group) {
  let calls = 0;
  const step = Math.min(group, count) || 1;
  for (let a = 0; a < count; a += step) {
    const net = new Map();
    for (let i = a; i < Math.min(a + step, count); i++) {
      const k = s.entityId[i] * 5 + s.metricIdx[i];
      if (subscribed.has(k)) net.set(k, (net.get(k) ?? 0) + s.delta[i]);
    }
    for (const v of net.values()) if (v !== 0) calls++;
  }
  return calls;
}

export async function runFanout({ size, ingestSize, runs, log = () => {} }) {
  const codes = livemetricsCodes();
  const full = ingestTotals(ingestSize, codes);
  const ids = pageIds(ingestSize.entities, size.cards, SEEDS.page);
  const subscribed = new Set(Array.from(ids, (id, c) => id * 5 + (c % 5)));
  const s = makeStream({ n: size.deltas, entities: ingestSize.entities, seed: SEEDS.fanout, codes });
  const tasks = taskList(size, Math.min(1000, size.deltas));
  const counts = {};
  const subscribeMs = {};
  const run = (t) => (round) => {
    const inst = t.c.create({ ...t.opts, codes });
    inst.load(full);
    const count = { listener: 0, selector: 0 };
    let t0 = now();
    const off = inst.subscribeCards(ids, count, t.sub);
    (subscribeMs[t.id] ??= []).push(now() - t0);
    count.listener = count.selector = 0;
    const n = round < 0 ? Math.max(1, Math.floor((t.count ?? size.deltas) / 10)) : (t.count ?? size.deltas);
    t0 = now();
    inst.fanout(s, 0, n);
    const ms = now() - t0;
    off();
    if (round >= 0) counts[t.id] = { ...count, deltas: n };
    return { ms, ops: n };
  };
  const samples = await rounds(tasks.map((t) => ({ id: t.id, run: run(t) })), runs, {
    onRound: (r) => log(`fan-out: round ${r + 1}/${runs}`),
  });
  const rows = tasks.map((t) => {
    const c = counts[t.id];
    const expected = expectedCalls(s, c.deltas, subscribed, t.group);
    return {
      id: t.id,
      label: t.label,
      ...summary(samples[t.id]),
      subscribeMs: summary(subscribeMs[t.id].map((ms) => ({ ms, ops: ids.length }))).medianMs,
      deltas: c.deltas,
      listenerCalls: c.listener,
      selectorCalls: c.selector,
      changedKeys: expected,
      exact: c.listener === expected,
      vsSeed: pairedRatio(samples.seed, samples[t.id]),
      vsBareMap: pairedRatio(samples.bareMap, samples[t.id]),
    };
  });
  return { cards: ids.length, deltas: size.deltas, seedDeltas: size.seedDeltas, rows, errors: [] };
}
