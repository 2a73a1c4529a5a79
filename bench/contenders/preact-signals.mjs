// Contender 5: @preact/signals-core — a signal per key, created lazily,
// written with `value = peek() + d`; a subscriber is `signal.subscribe`
// (an effect; its first, immediate call is not counted).
import { signal } from '@preact/signals-core';
import { METRICS } from '../config.mjs';

export default {
  id: 'preact',
  label: '@preact/signals-core (signal per key)',
  ingest: ['objects', 'computed'],
  create() {
    const sigs = new Map();
    const cell = (key) => {
      let s = sigs.get(key);
      if (!s) sigs.set(key, (s = signal(0)));
      return s;
    };
    const applyDelta = (type, id, updates) => {
      for (const metric in updates) {
        const d = updates[metric];
        if (d === 0) continue;
        const s = cell(`${type}:${id}:${metric}`);
        s.value = s.peek() + d;
      }
    };
    const getDelta = (type, id, metric) => sigs.get(`${type}:${id}:${metric}`)?.peek() ?? 0;
    return {
      ingestObjects(s, from, to) {
        const { type, entityId, prebuilt, prebuiltIdx } = s;
        for (let i = from; i < to; i++) applyDelta(type, entityId[i], prebuilt[prebuiltIdx[i]]);
      },
      ingestComputed(s, from, to) {
        const { type, entityId, metrics, metricIdx, delta } = s;
        for (let i = from; i < to; i++) applyDelta(type, entityId[i], { [metrics[metricIdx[i]]]: delta[i] });
      },
      get: (id, m) => getDelta('Image', id, METRICS[m]),
      load(totals) {
        for (let k = 0; k < totals.length; k++) if (totals[k]) applyDelta('Image', Math.floor(k / 5), { [METRICS[k % 5]]: totals[k] });
      },
      readPage(ids, frames) {
        let sum = 0;
        for (let f = 0; f < frames; f++)
          for (let c = 0; c < ids.length; c++) for (let m = 0; m < 5; m++) sum += getDelta('Image', ids[c], METRICS[m]);
        return sum;
      },
      subscribeCards(ids, count) {
        const offs = [];
        for (let c = 0; c < ids.length; c++) {
          let first = true;
          offs.push(cell(`Image:${ids[c]}:${METRICS[c % 5]}`).subscribe(() => (first ? (first = false) : count.listener++)));
        }
        return () => offs.forEach((off) => off());
      },
      fanout(s, from, to) {
        this.ingestObjects(s, from, to);
      },
    };
  },
};
