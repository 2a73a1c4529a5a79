// Contender 6: livemetrics through the seed's per-call API —
// `createMetricSignalsStore()` → `getState().applyDelta(type, id, { [metric]: d })`,
// `getDelta`, `subscribeKey` (or the `subscribe(selector, listener)` form).
// `notify: 'frame'` defers listeners; the timed region ends with `flush()`.
import { createMetricSignalsStore } from 'livemetrics';
import { METRICS } from '../config.mjs';

export function livemetricsMethods(store, notify) {
  const settle = notify === 'sync' ? () => {} : () => store.flush();
  return {
    store,
    get: (id, m) => store.getState().getDelta('Image', id, METRICS[m]),
    readPage(ids, frames) {
      let sum = 0;
      for (let f = 0; f < frames; f++) {
        const { getDelta } = store.getState();
        for (let c = 0; c < ids.length; c++) for (let m = 0; m < 5; m++) sum += getDelta('Image', ids[c], METRICS[m]);
      }
      return sum;
    },
    /** `subscribe: 'key'` → subscribeKey per card; `'selector'` → subscribe(selector, listener). */
    subscribeCards(ids, count, subscribe = 'key') {
      const offs = [];
      for (let c = 0; c < ids.length; c++) {
        const id = ids[c];
        const metric = METRICS[c % 5];
        offs.push(
          subscribe === 'key'
            ? store.subscribeKey('Image', id, metric, () => count.listener++)
            : store.subscribe((state) => (count.selector++, state.getDelta('Image', id, metric)), () => count.listener++),
        );
      }
      return () => offs.forEach((off) => off());
    },
    settle,
    stats: () => store.getState().getStats(),
  };
}

export default {
  id: 'lmCall',
  label: 'livemetrics per-call',
  ingest: ['objects', 'computed'],
  create({ notify = 'sync' } = {}) {
    const store = createMetricSignalsStore({ notify });
    const common = livemetricsMethods(store, notify);
    const ingestObjects = (s, from, to) => {
      const { applyDelta } = store.getState();
      const { type, entityId, prebuilt, prebuiltIdx } = s;
      for (let i = from; i < to; i++) applyDelta(type, entityId[i], prebuilt[prebuiltIdx[i]]);
      common.settle();
    };
    return {
      ...common,
      ingestObjects,
      ingestComputed(s, from, to) {
        const { applyDelta } = store.getState();
        const { type, entityId, metrics, metricIdx, delta } = s;
        for (let i = from; i < to; i++) applyDelta(type, entityId[i], { [metrics[metricIdx[i]]]: delta[i] });
        common.settle();
      },
      load(totals) {
        const { applyDelta } = store.getState();
        for (let k = 0; k < totals.length; k++) if (totals[k]) applyDelta('Image', Math.floor(k / 5), { [METRICS[k % 5]]: totals[k] });
        common.settle();
      },
      fanout: ingestObjects,
    };
  },
};
