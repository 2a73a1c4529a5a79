/**
 * `useStore(api, selector, equalityFn?)`: a `SelectionObserver` on
 * `useSyncExternalStore`. The selector's reads are tracked, so the
 * component subscribes to the keys it read and nothing else: a delta to
 * card A never runs card B's selector.
 */
import { useDebugValue, useMemo, useSyncExternalStore } from 'react';
import type { MetricSignalsStoreApi } from '../store/api-types.js';
import { SelectionObserver } from '../store/selection-observer.js';
import type { MetricSignalsState } from '../types.js';

const identity = <T,>(x: T): T => x;

export function useStore<U = MetricSignalsState>(
  api: MetricSignalsStoreApi,
  selector: (state: MetricSignalsState) => U = identity as (state: MetricSignalsState) => U,
  equalityFn?: (a: U, b: U) => boolean,
): U {
  const observer = useMemo(() => new SelectionObserver(api, selector, equalityFn), [api]); // eslint-disable-line react-hooks/exhaustive-deps -- the selector is handed over below
  observer.setSelector(selector, equalityFn);
  const value = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getSnapshot);
  useDebugValue(value);
  return value;
}
