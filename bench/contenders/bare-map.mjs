// Contender 2: a JS Map with the seed's string keys `${type}:${id}:${metric}`
// and the seed's call shape `applyDelta(type, id, { [metric]: d })` — the JS
// floor for the per-call API. For fan-out it gets the cheapest keyed
// listeners (key → array of functions), checked on every write.
import { METRICS } from '../config.mjs';

function plain() {
  const map = new Map();
  const applyDelta = (type, id, updates) => {
    for (const metric in updates) {
      const d = updates[metric];
      if (d === 0) continue;
      const key = `${type}:${id}:${metric}`;
      map.set(key, (map.get(key) || 0) + d);
    }
  };
  const getDelta = (type, id, metric) => map.get(`${type}:${id}:${metric}`) || 0;
  return { map, applyDelta, getDelta };
}

function withListeners() {
  const map = new Map();
  const listeners = new Map();
  const applyDelta = (type, id, updates) => {
    for (const metric in updates) {
      const d = updates[metric];
      if (d === 0) continue;
      const key = `${type}:${id}:${metric}`;
      const prev = map.get(key) || 0;
      map.set(key, prev + d);
      const fns = listeners.get(key);
      if (fns) for (let i = 0; i < fns.length; i++) fns[i](prev + d, prev);
    }
  };
  const getDelta = (type, id, metric) => map.get(`${type}:${id}:${metric}`) || 0;
  const subscribeKey = (type, id, metric, fn) => {
    const key = `${type}:${id}:${metric}`;
    let fns = listeners.get(key);
    if (!fns) listeners.set(key, (fns = []));
    fns.push(fn);
    return () => fns.splice(fns.indexOf(fn), 1);
  };
  return { map, applyDelta, getDelta, subscribeKey };
}

export default {
  id: 'bareMap',
  label: 'bare Map (string keys)',
  ingest: ['objects', 'computed'],
  create({ listeners = false } = {}) {
    const { applyDelta, getDelta, subscribeKey } = listeners ? withListeners() : plain();
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
        for (let c = 0; c < ids.length; c++) offs.push(subscribeKey('Image', ids[c], METRICS[c % 5], () => count.listener++));
        return () => offs.forEach((off) => off());
      },
      fanout(s, from, to) {
        const { type, entityId, prebuilt, prebuiltIdx } = s;
        for (let i = from; i < to; i++) applyDelta(type, entityId[i], prebuilt[prebuiltIdx[i]]);
      },
    };
  },
};
