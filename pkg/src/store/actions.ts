/**
 * The state's actions: the seed store's `applyDelta`, `getDelta`,
 * `clearDelta`, plus `applySignal(s)` for remote payloads and `getStats`.
 * App calls are strict (a bad field throws and changes nothing); remote
 * payloads are lenient (dropped and counted, never thrown).
 */
import { decodeStats, effectOf, hasMessages, isAccepted, isFailure, needsResync } from '../abi/protocol.js';
import type { TransportMessage } from '../transports/types.js';
import type { DeltaBatch, MetricSignalsState, MetricSignalsStats } from '../types.js';
import { describe, invalid, rethrow } from './errors.js';
import { deltaMeta } from './delta-meta.js';
import { explainKey } from './explain.js';
import { jsonOf } from './json-of.js';
import { memoryBytes } from '../wasm/load.js';
import type { StoreRuntime } from './runtime.js';

import { createBaseActions } from './base-actions.js';
import { createMutationActions } from './mutation-actions.js';
import { createDerivedActions, engagementWeights } from './derived-actions.js';

export type Actions = Omit<MetricSignalsState, 'deltas'>;

export function createActions(rt: StoreRuntime): Actions {
  const baseActions = createBaseActions(rt);
  const { core, vocab, notifier, encoder, ids } = rt;

  // A one-entry cache: call sites usually repeat one entity type.
  let lastType: unknown;
  let lastTypeCode = 0;

  const applyDelta: Actions['applyDelta'] = (entityType, entityId, updates, meta) => {
    const method = 'applyDelta';
    let tc = lastTypeCode;
    if (entityType !== lastType) {
      tc = rt.typeCode(method, entityType);
      lastType = entityType;
      lastTypeCode = tc;
    }
    const n = encoder.encode(method, vocab, updates, rt.learn);
    const id = ids.of(method, entityId);
    let status: number;
    if (meta === undefined && encoder.meta === undefined) {
      status = n === 1 ? core.applyOne(tc, id, encoder.code0, encoder.value0) : core.applyMany(tc, id, encoder.pairs(n));
    } else {
      // A payload's meta: counted like a signal (replays dropped, echoes matched).
      const m = deltaMeta(method, encoder.meta, meta);
      status = core.applyWithMeta(tc, id, encoder.pairs(n), m.seq, m.eventNumber, m.eventText, m.mutationId, Date.now());
    }
    if (isFailure(status)) rethrow(method, core.takeError());
    notifier.changed(effectOf(status));
    if (needsResync(status)) rt.resync.schedule();
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
    const delta = core.delta(tc, ids.of(method, entityId), mc);
    if (Number.isNaN(delta)) rethrow(method, core.takeError());
    return delta;
  };

  const clearDelta: Actions['clearDelta'] = (entityType, entityId, metricType) => {
    const method = 'clearDelta';
    const tc = rt.typeCode(method, entityType);
    const mc = metricType === undefined ? -1 : rt.metricCode(method, metricType);
    const status = core.clear(tc, ids.of(method, entityId), mc);
    if (isFailure(status)) rethrow(method, core.takeError());
    notifier.changed(effectOf(status));
  };

  const applyDeltas: Actions['applyDeltas'] = (batch) => {
    const method = 'applyDeltas';
    if (!batch || typeof batch !== 'object') throw invalid(method, 'batch', 'NotABatch', describe(batch));
    const column = <T extends Uint16Array | Float64Array>(name: keyof DeltaBatch, Typed: { new (n: number): T; from(a: ArrayLike<number>): T }): T => {
      const v = batch[name];
      if (v instanceof Typed) return v as T;
      if (v && typeof v === 'object' && typeof (v as ArrayLike<number>).length === 'number') return Typed.from(v as ArrayLike<number>);
      throw invalid(method, name, 'NotAColumn', describe(v));
    };
    const status = core.applyBatch(column('entityType', Uint16Array), column('entityId', Float64Array), column('metric', Uint16Array), column('delta', Float64Array));
    if (isFailure(status)) rethrow(method, core.takeError());
    notifier.changed(effectOf(status));
  };

  const signalResult = (status: number): boolean => {
    rt.afterRemote(status);
    rt.events.emit('remote/delta', () => ({ accepted: isAccepted(status) }));
    notifier.changed(effectOf(status));
    if (needsResync(status)) rt.resync.schedule();
    return isAccepted(status);
  };

  const applySignal: Actions['applySignal'] = (payload) => signalResult(core.applySignal(jsonOf(payload), Date.now()));

  const applySignals: Actions['applySignals'] = (payloads) => {
    if (!Array.isArray(payloads)) {
      applySignal(payloads);
      return;
    }
    signalResult(core.applySignals(jsonOf(payloads), Date.now()));
  };

  const applyFrames: Actions['applyFrames'] = (frames, keepOthers = false) => {
    const text = typeof frames === 'string' ? frames : Array.isArray(frames) ? frames.filter((f) => typeof f === 'string').join('\n') : '';
    const status = core.applyFrames(text, Date.now(), keepOthers);
    signalResult(status);
    if (!hasMessages(status)) return [];
    const out: TransportMessage[] = [];
    for (const raw of core.takeMessages()) {
      try {
        out.push(JSON.parse(raw) as TransportMessage);
      } catch {
        // The core read it as JSON; nothing to do if JS can't.
      }
    }
    return out;
  };

  const getStats: Actions['getStats'] = () => {
    notifier.tracker?.trackAll();
    const { cells: _cells, ...s } = decodeStats(core.stats());
    const stats: MetricSignalsStats = { ...s, fieldsDropped: s.fieldsDropped + rt.droppedSnapshotFields, wasmMemoryBytes: memoryBytes() };
    return stats;
  };

  const explain: Actions['explain'] = (entityType, entityId, metricType) => explainKey(rt, entityType, entityId, metricType);

  const { applyFetchedBase, ...watermarkActions } = baseActions;
  rt.setBaseLenient = applyFetchedBase as StoreRuntime['setBaseLenient'];
  const mutationActions = createMutationActions(rt, rt.mutations);
  rt.attachResync(
    { markRefetch: baseActions.markRefetch, applyFetchedBase, isStale: baseActions.isStale },
    rt.options.refetch ?? null,
  );
  if (rt.options.engagementWeights) engagementWeights(rt, rt.options.engagementWeights);
  const derivedActions = createDerivedActions(rt);
  return { applyDelta, getDelta, clearDelta, applySignal, applySignals, applyFrames, applyDeltas, getStats, explain, ...watermarkActions, ...mutationActions, ...derivedActions };
}

