// Seed 000, step 10, verbatim but for import paths.
import { useMemo } from 'react';
import { useMetricSignalsStore } from '~/store/metric-signals.store';
import type { MetricEntityType, MetricType } from './metric-signals.types';

type MetricsInput = Partial<Record<MetricType, number>>;

export function useLiveMetrics<T extends MetricsInput>(
  entityType: MetricEntityType,
  entityId: number | undefined,
  baseMetrics: T
): T {
  const deltas = useMetricSignalsStore((state) => {
    if (!entityId) return {};
    const result: Partial<Record<MetricType, number>> = {};
    for (const metricType of Object.keys(baseMetrics) as MetricType[]) {
      result[metricType] = state.getDelta(entityType, entityId, metricType);
    }
    return result;
  });

  return useMemo(() => {
    const result = { ...baseMetrics };
    for (const [key, baseValue] of Object.entries(baseMetrics)) {
      const delta = deltas[key as MetricType] || 0;
      (result as any)[key] = (baseValue || 0) + delta;
    }
    return result;
  }, [baseMetrics, deltas]);
}
