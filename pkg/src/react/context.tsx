/**
 * Which store the hooks use: the nearest `LiveMetricsProvider`'s, or the
 * default `useMetricSignalsStore` (so seed call sites need no provider).
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useMetricSignalsStore } from '../default-store.js';
import type { MetricSignalsStoreApi } from '../store/api-types.js';

const StoreContext = createContext<MetricSignalsStoreApi | null>(null);

export function LiveMetricsProvider({ store, children }: { store: MetricSignalsStoreApi; children?: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store the hooks below this point use. */
export function useMetricSignalsStoreApi(): MetricSignalsStoreApi {
  return useContext(StoreContext) ?? useMetricSignalsStore;
}
