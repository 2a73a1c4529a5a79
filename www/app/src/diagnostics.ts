/**
 * Diagnostics for the browser tests, on `window.__livemetrics`: the store's
 * counters, which rendered entities wait for a fresh base, the optimistic
 * writes of the rendered entities, and `flush()`. None changes the counts.
 */
import type { EntityId, MetricEntityType, MetricSignalsStats, MutationState } from 'livemetrics';
import { store } from './store.ts';

/** What a page renders a card for. */
export interface RenderedEntity {
  entityType: MetricEntityType;
  entityId: EntityId;
}

/** One write's record, as the store keeps it. */
export interface WriteRecord {
  id: string;
  /** `Expose:3` */
  entity: string;
  updates: Record<string, number>;
  state: MutationState;
  attempts: number;
  lastError?: string;
}

export interface Diagnostics {
  stats(): MetricSignalsStats;
  /** Rendered entities whose counts the store can't trust yet (`isStale`). */
  staleCount(): number;
  /** Which ones: `['Image:5', 'Project:project-3']`. */
  staleEntities(): string[];
  /** Writes to rendered entities still waiting for the server (pending, in flight or retrying). */
  openWrites(): number;
  /** Every write to a rendered entity the store remembers (the last 1024), oldest first per entity. */
  writes(): WriteRecord[];
  /**
   * Runs the store's pending listeners now: the store notifies once per
   * animation frame, so the page may be up to a frame behind what it holds.
   */
  flush(): void;
}

declare global {
  interface Window {
    readonly __livemetrics?: Diagnostics;
  }
}

let rendered: readonly RenderedEntity[] = [];

/** The items on screen now (the ones the checks below look at). */
export function setRenderedItems(items: readonly RenderedEntity[]): void {
  rendered = items;
}

const name = (item: RenderedEntity) => `${item.entityType}:${item.entityId}`;

/** Rendered entities with `isStale()` true. */
export function staleEntities(): string[] {
  const state = store.getState();
  return rendered.filter((item) => state.isStale(item.entityType, item.entityId)).map(name);
}

export const staleCount = (): number => staleEntities().length;

export function writes(): WriteRecord[] {
  const state = store.getState();
  return rendered.flatMap((item) =>
    state.getPending(item.entityType, item.entityId).map(({ id, updates, state: s, attempts, lastError }) => ({
      id,
      entity: name(item),
      updates,
      state: s,
      attempts,
      ...(lastError === undefined ? {} : { lastError }),
    })),
  );
}

const OPEN: readonly MutationState[] = ['pending', 'inflight', 'retrying'];

export const openWrites = (): number => writes().filter((w) => OPEN.includes(w.state)).length;

const diagnostics: Diagnostics = Object.freeze({
  stats: () => store.getState().getStats(),
  staleCount,
  staleEntities,
  openWrites,
  writes,
  flush: () => store.flush(),
});

Object.defineProperty(window, '__livemetrics', { value: diagnostics, enumerable: false, configurable: true, writable: false });
