/**
 * When a remote change last reached an entity (`getLastUpdated`), kept
 * current through `onSnapshot`: the card re-renders when its own snapshot
 * lands, not on every change in the store.
 */
import type { EntityId, MetricEntityType } from 'livemetrics';
import { useMetricSignalsStoreApi } from 'livemetrics/react';
import { useCallback, useSyncExternalStore } from 'react';

export function useLastUpdated(entityType: MetricEntityType, entityId: EntityId): number | undefined {
  const store = useMetricSignalsStoreApi();
  const subscribe = useCallback(
    (onChange: () => void) =>
      store.onSnapshot((e) => {
        if (e.entityType === entityType && String(e.entityId) === String(entityId)) onChange();
      }),
    [store, entityType, entityId],
  );
  const read = () => store.getState().getLastUpdated(entityType, entityId);
  return useSyncExternalStore(subscribe, read, read);
}
