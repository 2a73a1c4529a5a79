/**
 * One metric with optimistic writes, for any card: `value` shows base +
 * confirmed + pending deltas; `mutate(delta)` applies at once and runs the
 * request through the store (retries, idempotency key, rollback of only
 * this write). Unmounting never cancels a write.
 */
import { useCallback, useRef } from 'react';
import type { MutationContext, RetryOptions } from '../store/mutation-types.js';
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import { useLiveMetric, type LiveMetricOptions } from './use-live-metric.js';
import { useStore } from './use-store.js';

export interface OptimisticMetricOptions extends LiveMetricOptions {
  /** Sends the change; pass `ctx.signal` to fetch and `ctx.mutationId` as the idempotency key. */
  mutationFn: (delta: number, ctx: MutationContext) => Promise<unknown>;
  retry?: RetryOptions | false;
  timeoutMs?: number;
}

export interface OptimisticMetric {
  value: number;
  /** Applies `delta` (default 1) now; resolves true once the server has it, false if rolled back. */
  mutate: (delta?: number) => Promise<boolean>;
  /** A write to this metric is waiting for the server. */
  isUpdating: boolean;
}

export function useOptimisticMetric(
  entityType: MetricEntityType,
  entityId: EntityId,
  metricType: MetricType | MetricAlias,
  baseValue: number,
  options: OptimisticMetricOptions,
): OptimisticMetric {
  const store = useMetricSignalsStoreApi();
  const value = useLiveMetric(entityType, entityId, metricType, baseValue, options);
  const isUpdating = useStore(store, (s) => s.isUpdating(entityType, entityId, metricType));
  const latest = useRef(options);
  latest.current = options;
  const mutate = useCallback(
    (delta = 1) =>
      store
        .getState()
        .mutate({
          entityType,
          entityId,
          updates: { [metricType]: delta } as never,
          mutationFn: (ctx) => latest.current.mutationFn(delta, ctx),
          retry: latest.current.retry,
          timeoutMs: latest.current.timeoutMs,
        })
        .then(
          () => true,
          () => false,
        ),
    [store, entityType, entityId, metricType],
  );
  return { value, mutate, isUpdating };
}
