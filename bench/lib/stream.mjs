// The seeded delta stream every contender consumes: typed arrays built
// before any timing, plus the reference totals the checksums compare with.
import { ENTITY_TYPE, METRICS } from '../config.mjs';

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The distinct deltas the stream uses: −1, +1 and +k (k = 2…10). */
export const DELTA_VALUES = [-1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * `n` single-metric deltas over `entities` × 5 metrics: 60 % +1, 30 % −1,
 * 10 % +k (k = 2…10); entity and metric uniform. `codes` are livemetrics'
 * codes (`{ type, metrics: [5] }`) so the batch columns are ready to send.
 */
export function makeStream({ n, entities, seed, codes }) {
  const rand = prng(seed);
  const entityId = new Float64Array(n);
  const metricIdx = new Uint8Array(n);
  const delta = new Float64Array(n);
  const prebuiltIdx = new Uint16Array(n);
  const typeCode = new Uint16Array(n).fill(codes.type);
  const metricCode = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const id = Math.floor(rand() * entities);
    const m = Math.floor(rand() * METRICS.length);
    const r = rand();
    const d = r < 0.6 ? 1 : r < 0.9 ? -1 : 2 + Math.floor(rand() * 9);
    entityId[i] = id;
    metricIdx[i] = m;
    delta[i] = d;
    metricCode[i] = codes.metrics[m];
    prebuiltIdx[i] = m * DELTA_VALUES.length + DELTA_VALUES.indexOf(d);
  }
  // (a) one updates object per distinct (metric, delta) pair, reused like a literal at a call site
  const prebuilt = [];
  for (const name of METRICS) for (const d of DELTA_VALUES) prebuilt.push({ [name]: d });
  return { n, entities, type: ENTITY_TYPE, metrics: METRICS, codes, entityId, metricIdx, delta, typeCode, metricCode, prebuiltIdx, prebuilt };
}

/** Totals per key (index `id * 5 + metric`) of the first `count` deltas. */
export function totals(s, count = s.n) {
  const t = new Float64Array(s.entities * METRICS.length);
  for (let i = 0; i < count; i++) t[s.entityId[i] * METRICS.length + s.metricIdx[i]] += s.delta[i];
  return t;
}

/**
 * Compares what a contender holds with the reference totals: every key is
 * read through `get(id, metricIdx)`. Returns null when equal, else a message.
 */
export function verify(label, expected, get) {
  const M = METRICS.length;
  let bad = 0;
  let first = '';
  let sum = 0;
  for (let k = 0; k < expected.length; k++) {
    const got = get(Math.floor(k / M), k % M);
    sum += got;
    if (got !== expected[k]) {
      if (!bad) first = `${ENTITY_TYPE}:${Math.floor(k / M)}:${METRICS[k % M]} holds ${got}, expected ${expected[k]}`;
      bad++;
    }
  }
  return bad ? `${label}: ${bad} keys differ (first: ${first}; sum ${sum})` : null;
}

/** A page of `count` distinct entity ids in feed order (a seeded shuffle). */
export function pageIds(entities, count, seed) {
  const rand = prng(seed);
  const ids = Array.from({ length: entities }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return Float64Array.from(ids.slice(0, Math.min(count, entities)));
}
