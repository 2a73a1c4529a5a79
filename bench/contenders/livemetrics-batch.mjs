// Contender 7: livemetrics' batch API — `getState().applyDeltas({ entityType:
// Uint16Array, entityId: Float64Array, metric: Uint16Array, delta:
// Float64Array })` with codes from `store.codes`, `rows` rows per call
// (zero-copy `subarray` views of the stream's columns).
import { createMetricSignalsStore } from 'livemetrics';
import { METRICS } from '../config.mjs';
import { livemetricsMethods } from './livemetrics-call.mjs';

export function sendBatches(store, s, from, to, rows) {
  const { applyDeltas } = store.getState();
  for (let a = from; a < to; a += rows) {
    const b = Math.min(a + rows, to);
    applyDeltas({
      entityType: s.typeCode.subarray(a, b),
      entityId: s.entityId.subarray(a, b),
      metric: s.metricCode.subarray(a, b),
      delta: s.delta.subarray(a, b),
    });
  }
}

export default {
  id: 'lmBatch',
  label: 'livemetrics batch',
  ingest: ['batch'],
  create({ notify = 'sync', rows = 1000 } = {}) {
    const store = createMetricSignalsStore({ notify });
    const common = livemetricsMethods(store, notify);
    const ingestBatch = (s, from, to) => {
      sendBatches(store, s, from, to, rows);
      common.settle();
    };
    return {
      ...common,
      ingestBatch,
      load(totals) {
        const n = totals.length;
        const col = { entityType: new Uint16Array(n), entityId: new Float64Array(n), metric: new Uint16Array(n), delta: new Float64Array(n) };
        const type = store.codes.entityType('Image');
        const codes = METRICS.map((m) => store.codes.metric(m));
        for (let k = 0; k < n; k++) {
          col.entityType[k] = type;
          col.entityId[k] = Math.floor(k / 5);
          col.metric[k] = codes[k % 5];
          col.delta[k] = totals[k];
        }
        sendBatches(store, { typeCode: col.entityType, entityId: col.entityId, metricCode: col.metric, delta: col.delta }, 0, n, rows);
      },
      fanout: ingestBatch,
    };
  },
};
