/**
 * Topic subscription while mounted: `metrics:{entityType}:{entityId}` is
 * held (refcounted in the store) and released on unmount or id change.
 * Deltas themselves arrive through the connected transport
 * (`useMetricSignalsListener`), whichever component holds the topic.
 */
import { useEffect } from 'react';
import { isMissingId } from '../store/entity-id.js';
import type { EntityId, MetricEntityType } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import { useMetricSubscriptionContext } from './subscription-context.js';

export function useMetricSignal(entityType: MetricEntityType, entityId: EntityId | null | undefined): void {
  const store = useMetricSignalsStoreApi();
  useEffect(() => {
    if (isMissingId(entityId) || entityId === '') return undefined;
    return store.acquireTopic(entityType, entityId);
  }, [store, entityType, entityId]);
}

/**
 * The site's name for it: holds the entity's topic while mounted, with no
 * DOM observer — callers decide visibility by where they mount it.
 */
export const useMetricSubscription: (entityType: MetricEntityType, entityId: EntityId | null | undefined) => void = useMetricSignal;

/**
 * Hooks that read metrics hold the topic themselves unless a
 * `MetricSubscriptionProvider` for the same entity decides (by visibility),
 * or the caller says otherwise.
 */
export function useAutoMetricSignal(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  subscribe: boolean | undefined,
): void {
  const ctx = useMetricSubscriptionContext();
  const managed = ctx.entityType === entityType && ctx.entityId === entityId;
  useMetricSignal(entityType, (subscribe ?? !managed) ? entityId : undefined);
}
