/** What a `MetricSubscriptionProvider` tells the hooks below it. */
import { createContext, useContext } from 'react';
import type { EntityId, MetricEntityType } from '../types.js';

export interface MetricSubscriptionContextValue {
  /** The entity's topic is held (the card is in or near the viewport). */
  isSubscribed: boolean;
  entityType?: MetricEntityType;
  entityId?: EntityId;
}

export const MetricSubscriptionContext = createContext<MetricSubscriptionContextValue>({ isSubscribed: false });

export function useMetricSubscriptionContext(): MetricSubscriptionContextValue {
  return useContext(MetricSubscriptionContext);
}
