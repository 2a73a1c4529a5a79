/** Which of an expose's counts have a write waiting for the server: `'upvotes shares'`. */
import { useMetricSignalsStoreApi, useStore } from 'livemetrics/react';

const METRICS = ['views', 'comments', 'upvotes', 'downvotes', 'shares'] as const;

export function usePendingMetrics(id: number): string {
  const store = useMetricSignalsStoreApi();
  return useStore(store, (s) => METRICS.filter((m) => s.isUpdating('Expose', id, m)).join(' '));
}
