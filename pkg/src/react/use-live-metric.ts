/** `baseValue + delta` for one metric; re-renders only when that key changes. */
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import { useKeyDelta } from './use-key-delta.js';
import { useAutoMetricSignal } from './use-metric-signal.js';

export interface LiveMetricOptions {
  /**
   * Hold the entity's topic while mounted. Default: yes, unless a
   * `MetricSubscriptionProvider` for the same entity manages it.
   */
  subscribe?: boolean;
}

export function useLiveMetric(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  metricType: MetricType | MetricAlias,
  baseValue: number = 0,
  options: LiveMetricOptions = {},
): number {
  const store = useMetricSignalsStoreApi();
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  return baseValue + useKeyDelta(store, entityType, entityId, metricType);
}
