/**
 * The state's watermark actions: `setBase`, `markRefetch`, `getValue`,
 * `applySnapshot`, `getLastUpdated`, `getActivity`, `isStale`.
 */
import type {
  ActivityEvent,
  BaseResult,
  EntityId,
  MetricEntityType,
  MetricSignalsState,
  MetricType,
  SnapshotEvent,
} from '../types.js';
import { badEntityId } from './entity-id.js';
import { rethrow } from './errors.js';
import { baseMeta, snapshotMeta } from './meta.js';
import type { StoreRuntime } from './runtime.js';
import { encodeValues } from './values-encoder.js';

export type BaseActions = Pick<
  MetricSignalsState,
  'getValue' | 'setBase' | 'markRefetch' | 'applySnapshot' | 'getLastUpdated' | 'getActivity' | 'isStale'
>;

const APPLIED = 4;
const RESYNC = 8;
const EFFECT_MASK = 3;

function checkId(method: string, id: unknown): EntityId {
  if (typeof id === 'number' || typeof id === 'string') return id;
  throw badEntityId(method, id);
}

/** `[flags, changedCode…]` from the core → what the app sees; notifies. */
function finish(rt: StoreRuntime, codes: Uint32Array): BaseResult {
  const flags = codes[0] ?? 0;
  rt.notifier.changed(flags & EFFECT_MASK);
  if (flags & RESYNC) rt.resync.schedule();
  const changedFields: MetricType[] = [];
  for (let i = 1; i < codes.length; i++) changedFields.push(rt.vocab.metricTypes()[codes[i] as number] as MetricType);
  return { applied: (flags & APPLIED) !== 0, changedFields };
}

export function createBaseActions(rt: StoreRuntime): BaseActions & {
  applyFetchedBase: (entityType: MetricEntityType, entityId: EntityId, values: unknown, meta: { version: number } | { asOf: number }) => void;
} {
  const { core, vocab, notifier } = rt;

  const setBaseWith = (method: string, lenient: boolean, entityType: unknown, entityId: unknown, values: unknown, meta: unknown): BaseResult => {
    const tc = rt.typeCode(method, entityType);
    const id = checkId(method, entityId);
    const { pairs } = encodeValues(method, 'values', vocab, values, lenient);
    const [kind, value] = baseMeta(method, meta as never);
    let codes: Uint32Array;
    try {
      codes = core.setBase(tc, id, pairs, kind, value);
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
        return core.markRefetch(tc, checkId(method, entityId));
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
      const id = checkId(method, entityId);
      const { pairs, dropped } = encodeValues(method, 'values', vocab, values, true);
      const [kind, value] = snapshotMeta(method, meta);
      let codes: Uint32Array;
      try {
        codes = core.applySnapshot(tc, id, pairs, kind, value, Date.now());
      } catch (error) {
        rethrow(method, error);
      }
      rt.droppedSnapshotFields += dropped;
      const result = finish(rt, codes);
      if (result.applied) {
        const event: SnapshotEvent = { entityType: entityType, entityId: id, ...result };
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
        return core.lastUpdated(tc, checkId(method, entityId));
      } catch (error) {
        rethrow(method, error);
      }
    },

    getActivity: () => {
      notifier.tracker?.trackAll();
      return core.activity() as ActivityEvent[];
    },

    isStale: (entityType, entityId) => {
      const method = 'isStale';
      const tc = vocab.typeCode(entityType);
      if (tc === undefined) return false;
      try {
        return core.isStale(tc, checkId(method, entityId));
      } catch (error) {
        rethrow(method, error);
      }
    },
  };
}
