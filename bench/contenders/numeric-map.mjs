// Contender 3: a JS Map keyed by one number, typeCode · 2^36 + id · 64 +
// metricCode, fed from the same typed arrays as livemetrics' batch API —
// the true JS floor for batches. Fan-out: keyed listeners on the same keys.
import { METRICS } from '../config.mjs';

const TYPE_SHIFT = 2 ** 36;

export default {
  id: 'numericMap',
  label: 'numeric Map (typed arrays)',
  ingest: ['batch'],
  create({ listeners = false, codes } = {}) {
    const map = new Map();
    const subs = new Map();
    const keyOf = (id, m) => codes.type * TYPE_SHIFT + id * 64 + codes.metrics[m];
    const ingest = (s, from, to) => {
      const { typeCode, entityId, metricCode, delta } = s;
      for (let i = from; i < to; i++) {
        const key = typeCode[i] * TYPE_SHIFT + entityId[i] * 64 + metricCode[i];
        map.set(key, (map.get(key) || 0) + delta[i]);
      }
    };
    const ingestNotify = (s, from, to) => {
      const { typeCode, entityId, metricCode, delta } = s;
      for (let i = from; i < to; i++) {
        const key = typeCode[i] * TYPE_SHIFT + entityId[i] * 64 + metricCode[i];
        const prev = map.get(key) || 0;
        map.set(key, prev + delta[i]);
        const fns = subs.get(key);
        if (fns) for (let j = 0; j < fns.length; j++) fns[j](prev + delta[i], prev);
      }
    };
    return {
      ingestBatch: ingest,
      get: (id, m) => map.get(keyOf(id, m)) || 0,
      load(totals) {
        for (let k = 0; k < totals.length; k++) if (totals[k]) map.set(keyOf(Math.floor(k / 5), k % 5), totals[k]);
      },
      readPage(ids, frames) {
        let sum = 0;
        const base = codes.type * TYPE_SHIFT;
        const mc = codes.metrics;
        for (let f = 0; f < frames; f++)
          for (let c = 0; c < ids.length; c++) {
            const row = base + ids[c] * 64;
            for (let m = 0; m < 5; m++) sum += map.get(row + mc[m]) || 0;
          }
        return sum;
      },
      subscribeCards(ids, count) {
        for (let c = 0; c < ids.length; c++) {
          const key = keyOf(ids[c], c % 5);
          let fns = subs.get(key);
          if (!fns) subs.set(key, (fns = []));
          fns.push(() => count.listener++);
        }
        return () => subs.clear();
      },
      fanout: listeners ? ingestNotify : ingest,
    };
  },
};
