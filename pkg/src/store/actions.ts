/**
 * The state's actions: the seed store's `applyDelta`, `getDelta`,
 * `clearDelta`, plus `applySignal(s)` for remote payloads and `getStats`.
 * App calls are strict (a bad field throws and changes nothing); remote
 * payloads are lenient (dropped and counted, never thrown).
 */
import type { MetricSignalsState, MetricSignalsStats } from '../types.js';
import { badEntityId } from './entity-id.js';
import { rethrow } from './errors.js';
import { toPlainPayload } from './plain-payload.js';
import type { StoreRuntime } from './runtime.js';

export type Actions = Omit<MetricSignalsState, 'deltas'>;

/** `applySignal` returns the effect in bits 0–1 and "accepted" in bit 2. */
const ACCEPTED = 4;
const EFFECT_MASK = 3;

export function createActions(rt: StoreRuntime): Actions {
  const { core, vocab, notifier, encoder } = rt;

  const applyDelta: Actions['applyDelta'] = (entityType, entityId, updates) => {
    const method = 'applyDelta';
    const tc = rt.typeCode(method, entityType);
    const n = encoder.encode(method, vocab, updates);
    let effect: number;
    try {
      if (typeof entityId === 'number') {
        effect = n === 1 ? core.applyOne(tc, entityId, encoder.code0, encoder.value0) : core.applyMany(tc, entityId, encoder.pairs(n));
      } else if (typeof entityId === 'string') {
        effect =
          n === 1 ? core.applyOneStr(tc, entityId, encoder.code0, encoder.value0) : core.applyManyStr(tc, entityId, encoder.pairs(n));
      } else {
        throw badEntityId(method, entityId);
      }
    } catch (error) {
      rethrow(method, error);
    }
    notifier.changed(effect);
  };

  const getDelta: Actions['getDelta'] = (entityType, entityId, metricType) => {
    const method = 'getDelta';
    const tc = vocab.typeCode(entityType);
    const mc = vocab.metricCode(metricType);
    const tracker = notifier.tracker;
    if (tc === undefined || mc === undefined || tracker) {
      const cell = rt.cellIfKnown(method, entityType, entityId, metricType);
      if (cell < 0) return 0;
      tracker?.track(cell);
      return core.cellDelta(cell);
    }
    try {
      if (typeof entityId === 'number') return core.delta(tc, entityId, mc);
      if (typeof entityId === 'string') return core.deltaStr(tc, entityId, mc);
    } catch (error) {
      rethrow(method, error);
    }
    throw badEntityId(method, entityId);
  };

  const clearDelta: Actions['clearDelta'] = (entityType, entityId, metricType) => {
    const method = 'clearDelta';
    const tc = rt.typeCode(method, entityType);
    const mc = metricType === undefined ? -1 : rt.metricCode(method, metricType);
    let effect: number;
    try {
      if (typeof entityId === 'number') effect = core.clear(tc, entityId, mc);
      else if (typeof entityId === 'string') effect = core.clearStr(tc, entityId, mc);
      else throw badEntityId(method, entityId);
    } catch (error) {
      rethrow(method, error);
    }
    notifier.changed(effect);
  };

  const applySignal: Actions['applySignal'] = (payload) => {
    const result = core.applySignal(toPlainPayload(payload));
    notifier.changed(result & EFFECT_MASK);
    return (result & ACCEPTED) !== 0;
  };

  const applySignals: Actions['applySignals'] = (payloads) => {
    if (!Array.isArray(payloads)) {
      applySignal(payloads);
      return;
    }
    notifier.changed(core.applySignals(payloads.map(toPlainPayload)));
  };

  const getStats: Actions['getStats'] = () => {
    notifier.tracker?.trackAll();
    const s = core.stats();
    const stats: MetricSignalsStats = {
      signalsApplied: s[0] ?? 0,
      signalsRejected: s[1] ?? 0,
      fieldsDropped: s[2] ?? 0,
      deltasApplied: s[3] ?? 0,
      keys: s[4] ?? 0,
      entities: s[5] ?? 0,
    };
    return stats;
  };

  return { applyDelta, getDelta, clearDelta, applySignal, applySignals, getStats };
}

