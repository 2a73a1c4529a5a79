// Seed 000, step 4, verbatim but for import paths.
import { useEffect } from 'react';
import { useSignalTopic, SignalTopic } from './signals-provider';
import { useMetricSignalsStore } from '~/store/metric-signals.store';
import type { MetricEntityType, MetricType, MetricUpdatePayload } from './metric-signals.types';

export function useMetricSignal(entityType: MetricEntityType, entityId: number | undefined) {
  const topic = entityId ? `${SignalTopic.Metric}:${entityType}:${entityId}` : undefined;
  const applyDelta = useMetricSignalsStore((state) => state.applyDelta);

  useSignalTopic(topic);

  useEffect(() => {
    if (!entityId) return;

    const handler = (data: { entityType: string; entityId: number; updates: MetricUpdatePayload }) => {
      if (data.entityType === entityType && data.entityId === entityId) {
        applyDelta(entityType, entityId, data.updates);
      }
    };
    void handler;
  }, [entityType, entityId, applyDelta]);
}

export function useLiveMetric(
  entityType: MetricEntityType,
  entityId: number | undefined,
  metricType: MetricType,
  baseValue: number = 0
): number {
  const delta = useMetricSignalsStore((state) =>
    entityId ? state.getDelta(entityType, entityId, metricType) : 0
  );
  return baseValue + delta;
}
