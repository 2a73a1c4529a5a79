/**
 * One key's delta via `useSyncExternalStore`, subscribed to that key only.
 * Names the store doesn't know read as 0 (the seed's cards pass such keys).
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { listener } from '../notify/notifier.js';
import type { MetricSignalsStoreApi } from '../store/api-types.js';
import { isMissingId } from '../store/entity-id.js';
import { internalsOf } from '../store/internals.js';
import type { StoreRuntime } from '../store/runtime.js';
import type { EntityId } from '../types.js';

/** Cells of the given metric names (-1 for unknown names or a missing id). */
export function useCells(
  method: string,
  api: MetricSignalsStoreApi,
  entityType: string,
  entityId: EntityId | null | undefined,
  metricNames: readonly string[],
): readonly number[] {
  const rt = internalsOf(api);
  const signature = metricNames.join('\u0000');
  return useMemo(
    () => metricNames.map((m) => (isMissingId(entityId) ? -1 : rt.cellIfKnown(method, entityType, entityId, m))),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the signature stands for metricNames
    [rt, method, entityType, entityId, signature],
  );
}

/** A `useSyncExternalStore` subscribe function for a set of cells. */
export function useCellsSubscription(rt: StoreRuntime, cells: readonly number[]): (onChange: () => void) => () => void {
  return useCallback(
    (onChange: () => void) => {
      const l = listener(onChange);
      for (const cell of cells) if (cell >= 0) rt.notifier.addCell(cell, l);
      return () => {
        for (const cell of cells) if (cell >= 0) rt.notifier.removeCell(cell, l);
      };
    },
    [rt, cells],
  );
}

export function useKeyDelta(
  api: MetricSignalsStoreApi,
  entityType: string,
  entityId: EntityId | null | undefined,
  metricType: string,
): number {
  const rt = internalsOf(api);
  const cells = useCells('useLiveMetric', api, entityType, entityId, [metricType]);
  const subscribe = useCellsSubscription(rt, cells);
  const cell = cells[0] ?? -1;
  const getSnapshot = () => (cell < 0 ? 0 : rt.core.cellDelta(cell));
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
