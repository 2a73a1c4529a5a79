// Contender 1: exactly seed 000's zustand store (step 3 of the plan), with
// zustand 5.1.0 — `applyDelta` copies the whole `deltas` object per call —
// and the seed's selector per subscriber (`state.getDelta(…)`).
import { create } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { METRICS } from '../config.mjs';

/** The seed's store, verbatim but for the TypeScript types. */
export function createSeedStore() {
  return create(
    subscribeWithSelector((set, get) => ({
      deltas: {},

      applyDelta: (entityType, entityId, updates) => {
        set((state) => {
          const newDeltas = { ...state.deltas };
          for (const [metricType, delta] of Object.entries(updates)) {
            if (delta === 0) continue;
            const key = `${entityType}:${entityId}:${metricType}`;
            newDeltas[key] = (newDeltas[key] || 0) + delta;
          }
          return { deltas: newDeltas };
        });
      },

      getDelta: (entityType, entityId, metricType) => {
        const key = `${entityType}:${entityId}:${metricType}`;
        return get().deltas[key] || 0;
      },

      clearDelta: (entityType, entityId, metricType) => {
        set((state) => {
          const newDeltas = { ...state.deltas };
          if (metricType) {
            const key = `${entityType}:${entityId}:${metricType}`;
            delete newDeltas[key];
          } else {
            // Clear all deltas for this entity
            const prefix = `${entityType}:${entityId}:`;
            for (const key of Object.keys(newDeltas)) {
              if (key.startsWith(prefix)) {
                delete newDeltas[key];
              }
            }
          }
          return { deltas: newDeltas };
        });
      },
    })),
  );
}

export default {
  id: 'seed',
  label: 'seed store (zustand 5.1.0)',
  ingest: ['objects', 'computed'],
  create() {
    const store = createSeedStore();
    return {
      store,
      ingestObjects(s, from, to) {
        const { applyDelta } = store.getState();
        const { type, entityId, prebuilt, prebuiltIdx } = s;
        for (let i = from; i < to; i++) applyDelta(type, entityId[i], prebuilt[prebuiltIdx[i]]);
      },
      ingestComputed(s, from, to) {
        const { applyDelta } = store.getState();
        const { type, entityId, metrics, metricIdx, delta } = s;
        for (let i = from; i < to; i++) applyDelta(type, entityId[i], { [metrics[metricIdx[i]]]: delta[i] });
      },
      get: (id, m) => store.getState().getDelta('Image', id, METRICS[m]),
      /** Hydrates the totals in one `setState` (applyDelta per key would be O(n²)). */
      load(totals) {
        const deltas = {};
        for (let k = 0; k < totals.length; k++) if (totals[k]) deltas[`Image:${Math.floor(k / 5)}:${METRICS[k % 5]}`] = totals[k];
        store.setState({ deltas });
      },
      readPage(ids, frames) {
        let sum = 0;
        for (let f = 0; f < frames; f++) {
          const { getDelta } = store.getState();
          for (let c = 0; c < ids.length; c++) for (let m = 0; m < 5; m++) sum += getDelta('Image', ids[c], METRICS[m]);
        }
        return sum;
      },
      /** One `subscribe(selector, listener)` per card, the seed's selector. */
      subscribeCards(ids, count) {
        const offs = [];
        for (let c = 0; c < ids.length; c++) {
          const id = ids[c];
          const metric = METRICS[c % 5];
          offs.push(store.subscribe((state) => (count.selector++, state.getDelta('Image', id, metric)), () => count.listener++));
        }
        return () => offs.forEach((off) => off());
      },
      fanout(s, from, to) {
        this.ingestObjects(s, from, to);
      },
    };
  },
};
