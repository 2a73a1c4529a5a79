/**
 * One metric with its last live change, for counts that animate when they
 * move (the site rolls digits and floats a "+N"): `changedAt` is when the
 * value last changed live — a delta, a snapshot, a write settling — never
 * because the base, the entity or the store's switch changed; `delta` is
 * by how much. Re-renders only when this key changes.
 */
import { useMemo } from 'react';
import type { MetricChange } from '../store/key-observer.js';
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import type { LiveMetricOptions } from './use-live-metric.js';
import { useKeyObserverOf } from './use-key-observer.js';
import { useAutoMetricSignal } from './use-metric-signal.js';

export interface LiveMetricChange {
  value: number;
  /** The value before the last live change (`value` if none yet). */
  previous: number;
  /** `value - previous` of the last live change (0 if none yet). */
  delta: number;
  /** When it changed (ms since epoch), or undefined if it hasn't since mount. */
  changedAt: number | undefined;
}

export function useMetricChange(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  metricType: MetricType | MetricAlias,
  baseValue: number = 0,
  options: LiveMetricOptions = {},
): LiveMetricChange {
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  const { observer, values } = useKeyObserverOf(entityType, entityId, { [metricType]: baseValue }, options);
  const value = values[metricType] ?? baseValue;
  const change: MetricChange | undefined = observer.changeOf(metricType);
  return change ? { value, previous: change.previous, delta: change.delta, changedAt: change.changedAt } : { value, previous: value, delta: 0, changedAt: undefined };
}

/**
 * `useLiveMetrics` with each metric's last live change, from the same one
 * observer (a card passes `changes[name]` to its counts instead of each
 * count observing its key again).
 */
export function useMetricChanges<T extends Partial<Record<MetricType, number>>>(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  baseMetrics: T,
  options: LiveMetricOptions = {},
): { metrics: T; changes: Readonly<Partial<Record<keyof T & string, MetricChange>>> } {
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  const { observer, values } = useKeyObserverOf<T & Record<string, number>>(entityType, entityId, baseMetrics as Record<string, number | undefined>, options);
  return useMemo(() => {
    const changes: Partial<Record<string, MetricChange>> = {};
    for (const name of Object.keys(values)) {
      const c = observer.changeOf(name);
      if (c) changes[name] = c;
    }
    return { metrics: values, changes: changes as Partial<Record<keyof T & string, MetricChange>> };
  }, [observer, values]);
}
