/**
 * `createMetricSignalsStore`: a zustand-style bound hook. Call it in
 * components (`useMetricSignalsStore(selector, equalityFn?)`) or use its
 * store API (`.getState()`, `.subscribe()`, …) anywhere.
 */
import { useStore } from './react/use-store.js';
import type { MetricSignalsStoreApi } from './store/api-types.js';
import { createStore } from './store/create-store.js';
import { internalsOf, setInternals } from './store/internals.js';
import type { MetricSignalsState, MetricSignalsStoreOptions } from './types.js';

export type UseMetricSignalsStore = {
  (): MetricSignalsState;
  <U>(selector: (state: MetricSignalsState) => U, equalityFn?: (a: U, b: U) => boolean): U;
} & MetricSignalsStoreApi;

export function createMetricSignalsStore(options: MetricSignalsStoreOptions = {}): UseMetricSignalsStore {
  const api = createStore(options);
  const useBoundStore = <U,>(selector?: (state: MetricSignalsState) => U, equalityFn?: (a: U, b: U) => boolean) =>
    useStore(api, selector as (state: MetricSignalsState) => U, equalityFn);
  Object.assign(useBoundStore, api);
  setInternals(useBoundStore, internalsOf(api));
  return useBoundStore as UseMetricSignalsStore;
}
