/**
 * One metric as a card shows it: `baseValue + delta`. With the base's
 * watermark (`version` or `asOf`), deltas the base already includes are not
 * counted again, and the base is handed to the store after commit, so a
 * refetched card never double counts. Re-renders only when its key changes.
 */
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import { useKeyObserver } from './use-key-observer.js';
import { useAutoMetricSignal } from './use-metric-signal.js';

export interface LiveMetricOptions {
  /**
   * Hold the entity's topic while mounted. Default: yes, unless a
   * `MetricSubscriptionProvider` for the same entity manages it.
   */
  subscribe?: boolean;
  /** The base's version: the last `seq` it includes (exact). */
  version?: number | null;
  /** The base's `markRefetch` token. */
  asOf?: number | null;
}

export function useLiveMetric(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  metricType: MetricType | MetricAlias,
  baseValue: number = 0,
  options: LiveMetricOptions = {},
): number {
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  const values = useKeyObserver(entityType, entityId, { [metricType]: baseValue }, options);
  return values[metricType] ?? baseValue;
}
