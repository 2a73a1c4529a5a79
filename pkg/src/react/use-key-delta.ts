/**
 * The values hooks show, via `useSyncExternalStore`, subscribed to their
 * own keys only. Names the store doesn't know read as the base (the seed's
 * cards pass such keys).
 */
import { useCallback, useEffect, useMemo } from 'react';
import { listener } from '../notify/notifier.js';
import type { MetricSignalsStoreApi } from '../store/api-types.js';
import { isMissingId } from '../store/entity-id.js';
import { internalsOf } from '../store/internals.js';
import { metaOf, NO_META } from '../store/meta.js';
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
  // Handles of evicted keys go stale: resolve again after evictions.
  const evictions = rt.core.evictions();
  return useMemo(
    () => metricNames.map((m) => (isMissingId(entityId) ? -1 : rt.cellIfKnown(method, entityType, entityId, m))),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the signature stands for metricNames
    [rt, method, entityType, entityId, signature, evictions],
  );
}

/** A `useSyncExternalStore` subscribe function for a set of cells. */
export function useCellsSubscription(rt: StoreRuntime, cells: readonly number[]): (onChange: () => void) => () => void {
  return useCallback(
    (onChange: () => void) => {
      const l = listener(onChange);
      let stale = false;
      for (const cell of cells) if (cell >= 0 && !rt.notifier.addCell(cell, l)) stale = true;
      // Evicted between render and subscribe: re-render to resolve again.
      if (stale) queueMicrotask(onChange);
      return () => {
        for (const cell of cells) if (cell >= 0) rt.notifier.removeCell(cell, l);
      };
    },
    [rt, cells],
  );
}

/**
 * What a card shows for one key: its base plus the deltas that base does
 * not include (per its watermark), or the store's newer base + deltas.
 */
export function shownValue(
  rt: StoreRuntime,
  cell: number,
  entityType: string,
  entityId: EntityId,
  metric: string,
  base: number,
  kind: number,
  meta: number,
): number {
  if (cell < 0) return base;
  if (kind === NO_META) return rt.core.cellValue(cell) ?? base + rt.core.cellDelta(cell);
  const tc = rt.vocab.typeCode(entityType) as number;
  const mc = rt.vocab.metricCode(metric) as number;
  return rt.core.projected(tc, rt.ids.of('useLiveMetrics', entityId), mc, base, kind, meta);
}

/** Hands a watermarked base to the store once it is committed (never during render). */
export function useBaseSync(
  rt: StoreRuntime,
  entityType: string,
  entityId: EntityId | null | undefined,
  base: Readonly<Record<string, unknown>>,
  kind: number,
  meta: number,
): void {
  const signature = JSON.stringify(base);
  useEffect(() => {
    const watermark = metaOf(kind, meta);
    if (watermark === null || isMissingId(entityId)) return;
    rt.setBaseLenient(entityType, entityId, JSON.parse(signature), watermark);
  }, [rt, entityType, entityId, kind, meta, signature]);
}
