/**
 * `baseMetrics` with live deltas added (see `useLiveMetric` for watermarks).
 * The result object is stable: the same object is returned while every
 * value is unchanged (even when the caller passes a fresh literal each
 * render), and the component re-renders only when one of *its* keys changes.
 */
import { useRef, useSyncExternalStore } from 'react';
import { isMissingId } from '../store/entity-id.js';
import { internalsOf } from '../store/internals.js';
import { optionalBaseMeta } from '../store/meta.js';
import type { EntityId, MetricEntityType, MetricType } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import { shownValue, useBaseSync, useCells, useCellsSubscription } from './use-key-delta.js';
import type { LiveMetricOptions } from './use-live-metric.js';
import { useAutoMetricSignal } from './use-metric-signal.js';

type MetricsInput = Partial<Record<MetricType, number>>;

export function useLiveMetrics<T extends MetricsInput>(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  baseMetrics: T,
  options: LiveMetricOptions = {},
): T {
  const store = useMetricSignalsStoreApi();
  const rt = internalsOf(store);
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  const [kind, meta] = optionalBaseMeta('useLiveMetrics', options.version, options.asOf);
  const names = Object.keys(baseMetrics);
  const cells = useCells('useLiveMetrics', store, entityType, entityId, names);
  const subscribe = useCellsSubscription(rt, cells);
  useBaseSync(rt, entityType, entityId, baseMetrics, kind, meta);
  const cache = useRef<T | null>(null);

  const getSnapshot = (): T => {
    const previous = cache.current as Record<string, number> | null;
    const base = baseMetrics as Record<string, number | undefined>;
    let same = previous !== null && Object.keys(previous).length === names.length;
    const next: Record<string, number> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const b = base[name] || 0;
      const value = isMissingId(entityId) ? b : shownValue(rt, cells[i] ?? -1, entityType, entityId, name, b, kind, meta);
      next[name] = value;
      if (same && !Object.is(previous?.[name], value)) same = false;
    }
    if (!same) cache.current = next as T;
    return cache.current as T;
  };

  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
