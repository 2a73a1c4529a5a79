/** The state's mutation actions, over the driver and the core's records. */
import { decodeMutations } from '../abi/protocol.js';
import type { EntityId, MetricEntityType, MetricSignalsState, MetricType } from '../types.js';
import { rethrow } from './errors.js';
import type { MutationDriver } from './mutation-driver.js';
import type { PendingMutation } from './mutation-types.js';
import type { StoreRuntime } from './runtime.js';

export type MutationActions = Pick<MetricSignalsState, 'mutate' | 'getPending' | 'hasOptimisticUpdates' | 'isUpdating'>;

export function createMutationActions(rt: StoreRuntime, driver: MutationDriver): MutationActions {
  const { core, vocab, notifier, ids } = rt;
  const records = (method: string, entityType?: unknown, entityId?: unknown): PendingMutation[] => {
    const tc = entityType === undefined ? undefined : vocab.typeCode(entityType);
    if (entityType !== undefined && tc === undefined) return [];
    notifier.tracker?.trackAll();
    const wire = entityId === undefined || entityId === null ? NaN : ids.of(method, entityId);
    let flat: unknown[];
    try {
      flat = core.mutations(tc, wire);
    } catch (error) {
      rethrow(method, error);
    }
    return decodeMutations(flat).map(
      (m): PendingMutation => ({
        id: m.id,
        entityType: vocab.typeName(m.typeCode) as MetricEntityType,
        entityId: m.entityId as EntityId,
        updates: Object.fromEntries(m.deltas.map(([code, d]) => [vocab.metricName(code), d])),
        state: m.state,
        attempts: m.attempts,
        nextAttemptAt: m.nextAttemptAt,
        lastError: m.lastError,
      }),
    );
  };
  return {
    mutate: (options) => driver.mutate(options),
    getPending: (entityType, entityId) => records('getPending', entityType, entityId),
    hasOptimisticUpdates: (entityType, entityId) =>
      records('hasOptimisticUpdates', entityType, entityId).some((m) => m.state === 'pending' || m.state === 'inflight' || m.state === 'retrying'),
    isUpdating: (entityType, entityId, metricType) => {
      const method = 'isUpdating';
      const tc = vocab.typeCode(entityType);
      if (tc === undefined) return false;
      const mc = metricType === undefined ? -1 : rt.metricCode(method, metricType);
      if (mc >= 0) {
        const cell = rt.cellIfKnown(method, entityType, entityId, metricType as MetricType);
        if (cell >= 0) notifier.tracker?.track(cell);
      } else {
        notifier.tracker?.trackAll();
      }
      try {
        return core.isUpdating(tc, ids.of(method, entityId), mc);
      } catch (error) {
        rethrow(method, error);
      }
    },
  };
}
