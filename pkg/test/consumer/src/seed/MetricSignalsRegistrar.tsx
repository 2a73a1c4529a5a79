// Seed 000, step 5, verbatim but for import paths.
import { useCallback } from 'react';
import { useSignalConnection, SignalMessages } from './signals-provider';
import { useMetricSignalsStore } from '~/store/metric-signals.store';
import type { MetricEntityType, MetricUpdatePayload } from './metric-signals.types';

interface MetricSignalPayload {
  entityType: MetricEntityType;
  entityId: number;
  updates: MetricUpdatePayload;
}

export function useMetricSignalsListener() {
  const applyDelta = useMetricSignalsStore((state) => state.applyDelta);

  const handleMetricUpdate = useCallback(
    (payload: MetricSignalPayload) => {
      applyDelta(payload.entityType, payload.entityId, payload.updates);
    },
    [applyDelta]
  );

  useSignalConnection(SignalMessages.MetricUpdate, handleMetricUpdate);
}
