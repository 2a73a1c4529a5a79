/**
 * A project's feed counts are a snapshot too (as of the item's `timestamp`).
 * Once the store holds counts for the project (live snapshots, a reload from
 * sessionStorage), a refetched feed item goes through `applySnapshot`, so
 * whichever is newer wins. Until then the card simply shows the feed's counts.
 */
import { useMetricSignalsStoreApi } from 'livemetrics/react';
import { useEffect } from 'react';
import type { Metrics } from '../api.ts';

export function useFeedSnapshot(id: string, metrics: Metrics, timestamp: number | undefined): void {
  const store = useMetricSignalsStoreApi();
  const signature = JSON.stringify(metrics);
  useEffect(() => {
    if (timestamp === undefined) return;
    const state = store.getState();
    if (state.getValue('Project', id, 'imageCount') === undefined) return;
    state.applySnapshot('Project', id, JSON.parse(signature) as Metrics, { timestamp });
  }, [store, id, signature, timestamp]);
}
