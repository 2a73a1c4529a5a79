/**
 * Store-wide state for the site's panels: the topics held right now
 * ("registered topics"), and whether live metrics are on (the feature flag
 * the store's `enabled` switch serves). Both re-render only when they change.
 */
import { useSyncExternalStore } from 'react';
import { useMetricSignalsStoreApi } from './context.js';

export function useTopics(): readonly string[] {
  const store = useMetricSignalsStoreApi();
  return useSyncExternalStore(store.subscribeTopics, store.getTopics, store.getTopics);
}

export function useLiveMetricsEnabled(): boolean {
  const store = useMetricSignalsStoreApi();
  return useSyncExternalStore(store.subscribeTopics, store.isEnabled, store.isEnabled);
}
