// Contender 4: Legend-State (@legendapp/state 2.1.15, the current release).
// Its fastest way to hold ~50k counters, measured: one primitive
// `observable(0)` per key, created lazily, written with `set(peek() + d)`
// (one `observable({})` indexed per key took ~1.7× longer in a probe);
// a subscriber is `onChange` on its key's observable.
import { observable } from '@legendapp/state';
import { METRICS } from '../config.mjs';

export default {
  id: 'legend',
  label: 'Legend-State (observable per key)',
  ingest: ['objects', 'computed'],
  create() {
    const obs = new Map();
    const cell = (key) => {
      let o = obs.get(key);
      if (!o) obs.set(key, (o = observable(0)));
      return o;
    };
    const applyDelta = (type, id, updates) => {
      for (const metric in updates) {
        const d = updates[metric];
        if (d === 0) continue;
        const o = cell(`${type}:${id}:${metric}`);
        o.set(o.peek() + d);
      }
    };
    const getDelta = (type, id, metric) => obs.get(`${type}:${id}:${metric}`)?.peek() ?? 0;
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
        for (let c = 0; c < ids.length; c++) offs.push(cell(`Image:${ids[c]}:${METRICS[c % 5]}`).onChange(() => count.listener++));
        return () => offs.forEach((off) => off());
      },
      fanout(s, from, to) {
        this.ingestObjects(s, from, to);
      },
    };
  },
};
