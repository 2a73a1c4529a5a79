/**
 * One metric as a card shows it: `baseValue + delta`. With the base's
 * watermark (`version` or `asOf`), deltas the base already includes are not
 * counted again, and the base is handed to the store after commit, so a
 * refetched card never double counts. Re-renders only when its key changes.
 */
import { useSyncExternalStore } from 'react';
import { isMissingId } from '../store/entity-id.js';
import { internalsOf } from '../store/internals.js';
import { optionalBaseMeta } from '../store/meta.js';
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import { shownValue, useBaseSync, useCells, useCellsSubscription } from './use-key-delta.js';
import { useAutoMetricSignal } from './use-metric-signal.js';

export interface LiveMetricOptions {
  /**
   * Hold the entity's topic while mounted. Default: yes, unless a
   * `MetricSubscriptionProvider` for the same entity manages it.
   */
  subscribe?: boolean;
  /** The base's version: the last `seq` it includes (exact). */
  version?: number | null;
  /** The base's `markRefetch` token. */
  asOf?: number | null;
}

export function useLiveMetric(
  entityType: MetricEntityType,
  entityId: EntityId | null | undefined,
  metricType: MetricType | MetricAlias,
  baseValue: number = 0,
  options: LiveMetricOptions = {},
): number {
  const store = useMetricSignalsStoreApi();
  const rt = internalsOf(store);
  useAutoMetricSignal(entityType, entityId, options.subscribe);
  const [kind, meta] = optionalBaseMeta('useLiveMetric', options.version, options.asOf);
  const cells = useCells('useLiveMetric', store, entityType, entityId, [metricType]);
  const subscribe = useCellsSubscription(rt, cells);
  useBaseSync(rt, entityType, entityId, { [metricType]: baseValue }, kind, meta);
  const cell = cells[0] ?? -1;
  const getSnapshot = () =>
    isMissingId(entityId) ? baseValue : shownValue(rt, cell, entityType, entityId, metricType, baseValue, kind, meta);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
