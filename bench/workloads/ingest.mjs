// Ingest: N single-metric deltas from one seeded stream into every contender,
// timed per round; after each run every key is read back and compared with
// the reference totals (nobody wins by doing less). Runs in Node and, bundled
// by Vite, in Chromium (browser/src/ingest-page.mjs).
import { SEEDS } from '../config.mjs';
import { contenders, livemetricsCodes } from '../contenders/index.mjs';
import { now, pairedRatio, rounds, summary } from '../lib/measure.mjs';
import { makeStream, totals, verify } from '../lib/stream.mjs';

/** The timed tasks: contender × call shape (and notify mode / batch size). */
function taskList(size) {
  const { n, seedN, seedWarmN, legendN = n, batchRows } = size;
  const prefix = (count) => (count < n ? { count, note: `first ${count.toLocaleString('en')} deltas` } : {});
  const call = (id, c, shape, opts = {}, label = c.label) => ({ id, contender: c, shape, opts, label, count: n });
  return [
    { ...call('seed.objects', contenders.seed, 'objects'), count: seedN, note: `first ${seedN.toLocaleString('en')} deltas (empty store)` },
    { ...call('seed.computed', contenders.seed, 'computed'), count: seedN, note: `first ${seedN.toLocaleString('en')} deltas (empty store)` },
    { ...call('seed.warm', contenders.seed, 'objects'), count: seedWarmN, warm: true, note: `${seedWarmN} deltas into the full totals (all keys)` },
    call('bareMap.objects', contenders.bareMap, 'objects'),
    call('bareMap.computed', contenders.bareMap, 'computed'),
    call('numericMap.batch', contenders.numericMap, 'batch'),
    { ...call('legend.objects', contenders.legend, 'objects'), ...prefix(legendN) },
    { ...call('legend.computed', contenders.legend, 'computed'), ...prefix(legendN) },
    call('preact.objects', contenders.preact, 'objects'),
    call('preact.computed', contenders.preact, 'computed'),
    call('lmCall.objects', contenders.lmCall, 'objects'),
    call('lmCall.computed', contenders.lmCall, 'computed'),
    call('lmCallFrame.objects', contenders.lmCall, 'objects', { notify: 'frame' }, "livemetrics per-call, notify: 'frame'"),
    call('lmCallFrame.computed', contenders.lmCall, 'computed', { notify: 'frame' }, "livemetrics per-call, notify: 'frame'"),
    call('lmBatch.rows', contenders.lmBatch, 'batch', { rows: batchRows }, `livemetrics batch (${batchRows.toLocaleString('en')} rows/call)`),
    call('lmBatch.one', contenders.lmBatch, 'batch', { rows: n }, 'livemetrics batch (one call)'),
  ];
}

const SHAPES = { objects: 'ingestObjects', computed: 'ingestComputed', batch: 'ingestBatch' };

export async function runIngest({ size, runs, log = () => {} }) {
  const codes = livemetricsCodes();
  const s = makeStream({ n: size.n, entities: size.entities, seed: SEEDS.ingest, codes });
  const full = totals(s);
  const tasks = taskList(size);
  const errors = [];
  const expectedFor = new Map();
  const timed = tasks.map((t) => ({
    id: t.id,
    run(round) {
      const inst = t.contender.create({ ...t.opts, codes });
      if (t.warm) inst.load(full);
      // Warm-up round: a tenth of the stream (the seed: a tenth of its N).
      const count = round < 0 ? Math.max(1, Math.floor(t.count / 10)) : t.count;
      const t0 = now();
      inst[SHAPES[t.shape]](s, 0, count);
      const ms = now() - t0;
      if (round >= 0) {
        const key = `${t.warm ? 'w' : ''}${count}`;
        if (!expectedFor.has(key)) {
          const e = totals(s, count);
          if (t.warm) for (let k = 0; k < e.length; k++) e[k] += full[k];
          expectedFor.set(key, e);
        }
        const err = verify(t.id, expectedFor.get(key), inst.get);
        if (err && !errors.includes(err)) errors.push(err);
      }
      return { ms, ops: count };
    },
  }));
  const samples = await rounds(timed, runs, { onRound: (r) => log(`ingest: round ${r + 1}/${runs}`) });

  const floorOf = (t) => (t.shape === 'batch' ? 'numericMap.batch' : `bareMap.${t.shape}`);
  const seedOf = (t) => (t.shape === 'computed' ? 'seed.computed' : 'seed.objects');
  const rows = tasks.map((t) => ({
    id: t.id,
    label: t.label,
    shape: t.shape,
    note: t.note,
    ...summary(samples[t.id]),
    vsSeed: pairedRatio(samples[seedOf(t)], samples[t.id]),
    vsSeedWarm: pairedRatio(samples['seed.warm'], samples[t.id]),
    floor: floorOf(t),
    vsFloor: pairedRatio(samples[floorOf(t)], samples[t.id]),
    vsBareMap: pairedRatio(samples[t.shape === 'computed' ? 'bareMap.computed' : 'bareMap.objects'], samples[t.id]),
    vsNumericMap: pairedRatio(samples['numericMap.batch'], samples[t.id]),
  }));
  return { n: size.n, entities: size.entities, keys: size.entities * 5, rows, errors, checksum: full.reduce((a, b) => a + b, 0) };
}
