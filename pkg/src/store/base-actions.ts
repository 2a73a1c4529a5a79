/**
 * The state's watermark actions: `setBase`, `markRefetch`, `getValue`,
 * `applySnapshot`, `getLastUpdated`, `getActivity`, `isStale`.
 */
import type {
  ActivityEvent,
  BaseMeta,
  BaseResult,
  EntityId,
  MetricEntityType,
  MetricSignalsState,
  MetricType,
  SnapshotEvent,
} from '../types.js';
import { decodeActivity, decodeBaseOutcome, effectOf, needsResync } from '../abi/protocol.js';
import { rethrow } from './errors.js';
import { baseMeta, snapshotMeta } from './meta.js';
import type { StoreRuntime } from './runtime.js';
import { encodeValues } from './values-encoder.js';

export type BaseActions = Pick<
  MetricSignalsState,
  'getValue' | 'setBase' | 'markRefetch' | 'applySnapshot' | 'getLastUpdated' | 'getActivity' | 'isStale'
>;

/** The core's outcome → what the app sees; notifies. */
function finish(rt: StoreRuntime, codes: Uint32Array): BaseResult {
  const { status, applied, changed } = decodeBaseOutcome(codes);
  rt.notifier.changed(effectOf(status));
  if (needsResync(status)) rt.resync.schedule();
  return { applied, changedFields: changed.map((c) => rt.vocab.metricName(c) as MetricType) };
}

export function createBaseActions(rt: StoreRuntime): BaseActions & {
  applyFetchedBase: (entityType: MetricEntityType, entityId: EntityId, values: unknown, meta: BaseMeta) => void;
} {
  const { core, vocab, notifier, ids } = rt;

  const setBaseWith = (method: string, lenient: boolean, entityType: unknown, entityId: unknown, values: unknown, meta: unknown): BaseResult => {
    const tc = rt.typeCode(method, entityType);
    const id = ids.of(method, entityId);
    const { pairs } = encodeValues(method, 'values', vocab, values, lenient, rt.learn);
    const [kind, value, asOf] = baseMeta(method, meta as never);
    let codes: Uint32Array;
    rt.events.emit('base/set', () => ({ entityType, entityId, values, meta }));
    try {
      codes = core.setBase(tc, id, pairs, kind, value, asOf);
    } catch (error) {
      rethrow(method, error);
    }
    return finish(rt, codes);
  };

  return {
    setBase: (entityType, entityId, values, meta) => setBaseWith('setBase', false, entityType, entityId, values, meta),

    applyFetchedBase: (entityType, entityId, values, meta) => {
      setBaseWith('refetch', true, entityType, entityId, values, meta);
    },

    markRefetch: (entityType, entityId) => {
      const method = 'markRefetch';
      const tc = rt.typeCode(method, entityType);
      try {
        return core.markRefetch(tc, ids.of(method, entityId));
      } catch (error) {
        rethrow(method, error);
      }
    },

    getValue: (entityType, entityId, metricType) => {
      const method = 'getValue';
      const cell = rt.cellIfKnown(method, entityType, entityId, metricType);
      if (cell < 0) return undefined;
      notifier.tracker?.track(cell);
      return core.cellValue(cell);
    },

    applySnapshot: (entityType, entityId, values, meta) => {
      const method = 'applySnapshot';
      const tc = rt.typeCode(method, entityType);
      const id = ids.of(method, entityId);
      const { pairs, dropped } = encodeValues(method, 'values', vocab, values, true, rt.learn);
      const [kind, value] = snapshotMeta(method, meta);
      let codes: Uint32Array;
      try {
        codes = core.applySnapshot(tc, id, pairs, kind, value, Date.now());
      } catch (error) {
        rethrow(method, error);
      }
      rt.droppedSnapshotFields += dropped;
      rt.events.emit('remote/snapshot', () => ({ entityType, entityId, values, meta }));
      const result = finish(rt, codes);
      if (result.applied) {
        const event: SnapshotEvent = { entityType, entityId: entityId as EntityId, ...result };
        for (const l of rt.snapshotListeners) rt.deferred(() => l(event));
      }
      return result;
    },

    getLastUpdated: (entityType, entityId) => {
      const method = 'getLastUpdated';
      const tc = vocab.typeCode(entityType);
      if (tc === undefined) return undefined;
      notifier.tracker?.trackAll();
      try {
        return core.lastUpdated(tc, ids.of(method, entityId));
      } catch (error) {
        rethrow(method, error);
      }
    },

    getActivity: () => {
      notifier.tracker?.trackAll();
      return decodeActivity(core.activity()).map(
        (e): ActivityEvent => ({
          kind: e.kind,
          entityType: vocab.typeName(e.typeCode) as MetricEntityType,
          entityId: e.entityId,
          changedFields: e.changed.map((c) => vocab.metricName(c) as MetricType),
          at: e.at,
        }),
      );
    },

    isStale: (entityType, entityId) => {
      const method = 'isStale';
      const tc = vocab.typeCode(entityType);
      if (tc === undefined) return false;
      try {
        return core.isStale(tc, ids.of(method, entityId));
      } catch (error) {
        rethrow(method, error);
      }
    },
  };
}
