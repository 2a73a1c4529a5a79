/**
 * `baseMetrics` with live deltas added (see `useLiveMetric` for watermarks).
 * The result object is stable: the same object is returned while every
 * value is unchanged (even when the caller passes a fresh literal each
 * render), and the component re-renders only when one of *its* keys changes.
 */
import type { EntityId, MetricEntityType, MetricType } from '../types.js';
import type { LiveMetricOptions } from './use-live-metric.js';
import { useKeyObserver } from './use-key-observer.js';
import { useAutoMetricSignal } from './use-metric-signal.js';

type MetricsInput = Partial<Record<MetricType, number>>;

export function useLiveMetrics<T extends MetricsInput>(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  baseMetrics: T,
  options: LiveMetricOptions = {},
): T {
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  return useKeyObserver<T & Record<string, number>>(entityType, entityId, baseMetrics as Record<string, number | undefined>, options);
}
