// Read: a page of cards (cards × 5 metrics = `getDelta` calls per frame)
// read `frames` times, after every contender holds the full ingest totals.
// The sums must agree across contenders and with the reference.
import { METRICS, SEEDS } from '../config.mjs';
import { contenders, livemetricsCodes } from '../contenders/index.mjs';
import { now, pairedRatio, rounds, summary } from '../lib/measure.mjs';
import { makeStream, pageIds, totals } from '../lib/stream.mjs';

const TASKS = [
  ['seed', 'seed store: getState().getDelta'],
  ['bareMap', 'bare Map: get(`${type}:${id}:${metric}`)'],
  ['numericMap', 'numeric Map: get(number key)'],
  ['legend', 'Legend-State: peek()'],
  ['preact', '@preact/signals-core: peek()'],
  ['lmCall', 'livemetrics: getState().getDelta'],
];

/** The ingest stream's final totals: the state every read/fan-out contender starts from. */
export function ingestTotals(ingestSize, codes) {
  return totals(makeStream({ n: ingestSize.n, entities: ingestSize.entities, seed: SEEDS.ingest, codes }));
}

export async function runRead({ size, ingestSize, runs, log = () => {} }) {
  const codes = livemetricsCodes();
  const full = ingestTotals(ingestSize, codes);
  const ids = pageIds(ingestSize.entities, size.cards, SEEDS.page);
  let expected = 0;
  for (const id of ids) for (let m = 0; m < METRICS.length; m++) expected += full[id * 5 + m];
  expected *= size.frames;
  const ops = ids.length * METRICS.length * size.frames;
  const errors = [];
  const tasks = TASKS.map(([id]) => {
    const inst = contenders[id].create({ codes });
    inst.load(full);
    return {
      id,
      run(round) {
        const frames = round < 0 ? Math.max(1, size.frames / 10) : size.frames;
        const t0 = now();
        const sum = inst.readPage(ids, frames);
        const ms = now() - t0;
        if (round >= 0 && sum !== expected) errors.push(`read ${id}: sum ${sum}, expected ${expected}`);
        return { ms, ops };
      },
    };
  });
  const samples = await rounds(tasks, runs, { onRound: (r) => log(`read: round ${r + 1}/${runs}`) });
  const rows = TASKS.map(([id, label]) => ({
    id,
    label,
    ...summary(samples[id]),
    vsSeed: pairedRatio(samples.seed, samples[id]),
    vsBareMap: pairedRatio(samples.bareMap, samples[id]),
    vsNumericMap: pairedRatio(samples.numericMap, samples[id]),
  }));
  return { cards: ids.length, frames: size.frames, getsPerFrame: ids.length * METRICS.length, rows, errors: [...new Set(errors)] };
}
