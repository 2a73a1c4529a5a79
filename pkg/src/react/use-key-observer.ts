/**
 * A `KeyObserver` for a component: the entity, base and watermark follow
 * the props each render (cheap when unchanged); the watermarked base is
 * handed to the store after commit; the value comes through
 * `useSyncExternalStore`, subscribed to the component's own keys only.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { KeyObserver, type MetricValues, type Watermark } from '../store/key-observer.js';
import type { EntityId, MetricEntityType } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';

/** The component's observer, configured from this render's props. */
export function useKeyObserverOf<T extends MetricValues>(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  base: Readonly<Record<string, number | undefined>>,
  watermark: Watermark,
): { observer: KeyObserver<T>; values: T } {
  const store = useMetricSignalsStoreApi();
  const observer = useMemo(() => new KeyObserver<T>(store, { entityType, entityId }), [store]); // eslint-disable-line react-hooks/exhaustive-deps -- the target is handed over below
  observer.setTarget({ entityType, entityId });
  observer.setBase(base, watermark);
  const { version, asOf } = watermark;
  const signature = JSON.stringify(base);
  useEffect(() => observer.shareBase(), [observer, entityType, entityId, version, asOf, signature]);
  const values = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
  return { observer, values };
}

export function useKeyObserver<T extends MetricValues>(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  base: Readonly<Record<string, number | undefined>>,
  watermark: Watermark,
): T {
  return useKeyObserverOf<T>(entityType, entityId, base, watermark).values;
}
