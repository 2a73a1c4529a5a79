// Seed 000's `useLiveMetrics` (step 7) against a given seed store. One change
// is required by zustand 5: a selector returning a fresh object each call
// loops forever under useSyncExternalStore, so it is wrapped in `useShallow`
// (zustand 5's documented fix). `useMetricSignal` (topic subscription) is left
// out: no socket here, and it does nothing with the store.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';

export function useSeedLiveMetrics(useMetricSignalsStore, entityType, entityId, baseMetrics) {
  // Get all relevant deltas
  const deltas = useMetricSignalsStore(
    useShallow((state) => {
      if (!entityId) return {};
      const result = {};
      for (const metricType of Object.keys(baseMetrics)) {
        result[metricType] = state.getDelta(entityType, entityId, metricType);
      }
      return result;
    }),
  );

  // Apply deltas to base metrics
  return useMemo(() => {
    const result = { ...baseMetrics };
    for (const [key, baseValue] of Object.entries(baseMetrics)) {
      const delta = deltas[key] || 0;
      result[key] = (baseValue || 0) + delta;
    }
    return result;
  }, [baseMetrics, deltas]);
}
