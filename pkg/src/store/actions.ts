/**
 * The state's actions: the seed store's `applyDelta`, `getDelta`,
 * `clearDelta`, plus `applySignal(s)` for remote payloads and `getStats`.
 * App calls are strict (a bad field throws and changes nothing); remote
 * payloads are lenient (dropped and counted, never thrown).
 */
import type { DeltaBatch, MetricSignalsState, MetricSignalsStats } from '../types.js';
import { badEntityId } from './entity-id.js';
import { describe, FAILED, LiveMetricsError, rethrow } from './errors.js';
import { jsonOf } from './json-of.js';
import { memoryBytes } from '../wasm/load.js';
import type { StoreRuntime } from './runtime.js';

import { createBaseActions } from './base-actions.js';
import { createMutationActions } from './mutation-actions.js';

export type Actions = Omit<MetricSignalsState, 'deltas'>;

/** Signal results: effect in bits 0–1, "accepted" in bit 2, "entities became stale" in bit 3. */
const ACCEPTED = 4;
const RESYNC = 8;
const EFFECT_MASK = 3;

export function createActions(rt: StoreRuntime): Actions {
  const baseActions = createBaseActions(rt);
  const { core, vocab, notifier, encoder } = rt;

  // A one-entry cache: call sites usually repeat one entity type.
  let lastType: unknown;
  let lastTypeCode = 0;

  const applyDelta: Actions['applyDelta'] = (entityType, entityId, updates) => {
    const method = 'applyDelta';
    let tc = lastTypeCode;
    if (entityType !== lastType) {
      tc = rt.typeCode(method, entityType);
      lastType = entityType;
      lastTypeCode = tc;
    }
    const n = encoder.encode(method, vocab, updates);
    let effect: number;
    if (typeof entityId === 'number') {
      effect = n === 1 ? core.applyOne(tc, entityId, encoder.code0, encoder.value0) : core.applyMany(tc, entityId, encoder.pairs(n));
    } else if (typeof entityId === 'string') {
      effect = n === 1 ? core.applyOneStr(tc, entityId, encoder.code0, encoder.value0) : core.applyManyStr(tc, entityId, encoder.pairs(n));
    } else {
      throw badEntityId(method, entityId);
    }
    if (effect === FAILED) rethrow(method, core.takeError());
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

  const applyDeltas: Actions['applyDeltas'] = (batch) => {
    const method = 'applyDeltas';
    if (!batch || typeof batch !== 'object') throw new LiveMetricsError(method, 'batch', `must be { entityType, entityId, metric, delta } (got ${describe(batch)})`);
    const column = <T extends Uint16Array | Float64Array>(name: keyof DeltaBatch, Typed: { new (n: number): T; from(a: ArrayLike<number>): T }): T => {
      const v = batch[name];
      if (v instanceof Typed) return v as T;
      if (v && typeof v === 'object' && typeof (v as ArrayLike<number>).length === 'number') return Typed.from(v as ArrayLike<number>);
      throw new LiveMetricsError(method, name, `must be an array of numbers (got ${describe(v)})`);
    };
    let effect: number;
    try {
      effect = core.applyBatch(column('entityType', Uint16Array), column('entityId', Float64Array), column('metric', Uint16Array), column('delta', Float64Array));
    } catch (error) {
      rethrow(method, error);
    }
    notifier.changed(effect);
  };

  const signalResult = (result: number): boolean => {
    notifier.changed(result & EFFECT_MASK);
    if (result & RESYNC) rt.resync.schedule();
    return (result & ACCEPTED) !== 0;
  };

  const applySignal: Actions['applySignal'] = (payload) => signalResult(core.applySignal(jsonOf(payload), Date.now()));

  const applySignals: Actions['applySignals'] = (payloads) => {
    if (!Array.isArray(payloads)) {
      applySignal(payloads);
      return;
    }
    signalResult(core.applySignals(jsonOf(payloads), Date.now()));
  };

  const getStats: Actions['getStats'] = () => {
    notifier.tracker?.trackAll();
    const s = core.stats();
    const stats: MetricSignalsStats = {
      signalsApplied: s[0] ?? 0,
      signalsRejected: s[1] ?? 0,
      fieldsDropped: (s[2] ?? 0) + rt.droppedSnapshotFields,
      deltasApplied: s[3] ?? 0,
      keys: s[4] ?? 0,
      entities: s[5] ?? 0,
      duplicatesDropped: s[7] ?? 0,
      coveredDropped: s[8] ?? 0,
      gapsDetected: s[9] ?? 0,
      staleBasesIgnored: s[10] ?? 0,
      entitiesEvicted: s[11] ?? 0,
      wasmMemoryBytes: memoryBytes(),
    };
    return stats;
  };

  const { applyFetchedBase, ...watermarkActions } = baseActions;
  rt.setBaseLenient = applyFetchedBase as StoreRuntime['setBaseLenient'];
  const mutationActions = createMutationActions(rt, rt.mutations);
  rt.attachResync(
    { markRefetch: baseActions.markRefetch, applyFetchedBase, isStale: baseActions.isStale },
    rt.options.refetch ?? null,
  );
  return { applyDelta, getDelta, clearDelta, applySignal, applySignals, applyDeltas, getStats, ...watermarkActions, ...mutationActions };
}

