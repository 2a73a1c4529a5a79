/**
 * `useStore(api, selector, equalityFn?)` on `useSyncExternalStore`. The
 * selector's reads are tracked, so the component subscribes to the keys it
 * read and nothing else: a delta to card A never runs card B's selector.
 */
import { useCallback, useDebugValue, useRef, useSyncExternalStore } from 'react';
import { TrackedSelection } from '../notify/tracked-selection.js';
import type { MetricSignalsStoreApi } from '../store/api-types.js';
import { internalsOf } from '../store/internals.js';
import type { MetricSignalsState } from '../types.js';

interface SnapshotCache<U> {
  api: MetricSignalsStoreApi;
  selection: TrackedSelection;
  revision: number;
  selector: unknown;
  value: U | undefined;
  hasValue: boolean;
}

const identity = <T,>(x: T): T => x;

export function useStore<U = MetricSignalsState>(
  api: MetricSignalsStoreApi,
  selector: (state: MetricSignalsState) => U = identity as (state: MetricSignalsState) => U,
  equalityFn?: (a: U, b: U) => boolean,
): U {
  const { notifier } = internalsOf(api);
  const ref = useRef<SnapshotCache<U> | null>(null);
  if (ref.current === null || ref.current.api !== api) {
    ref.current = { api, selection: new TrackedSelection(notifier), revision: -1, selector: null, value: undefined, hasValue: false };
  }
  const cache = ref.current;

  const subscribe = useCallback(
    (onChange: () => void) => {
      cache.selection.attach(onChange);
      return () => cache.selection.detach();
    },
    [cache],
  );

  // Cached per store revision and selector, so selectors that build a new
  // object each call (as the seed's do) neither loop nor re-render spuriously.
  const getSnapshot = (): U => {
    if (cache.hasValue && cache.revision === notifier.revision && cache.selector === selector) return cache.value as U;
    const state = api.getState();
    const next = cache.selection.run(() => selector(state), state);
    if (!(cache.hasValue && equalityFn?.(cache.value as U, next))) cache.value = next;
    cache.hasValue = true;
    cache.revision = notifier.revision;
    cache.selector = selector;
    return cache.value as U;
  };

  const value = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  useDebugValue(value);
  return value;
}
