/**
 * Read-only diagnostics for the browser tests, on `window.__livemetrics`:
 * the store's counters, and how many rendered entities wait for a fresh base.
 */
import type { MetricSignalsStats } from 'livemetrics';
import type { FeedItem } from './api.ts';
import { store } from './store.ts';

export interface Diagnostics {
  stats(): MetricSignalsStats;
  /** Rendered entities whose counts the store can't trust yet (`isStale`). */
  staleCount(): number;
  /** Which ones: `['Image:5', 'Project:project-3']`. */
  staleEntities(): string[];
}

declare global {
  interface Window {
    readonly __livemetrics?: Diagnostics;
  }
}

let rendered: readonly FeedItem[] = [];

/** The feed items on screen now (the ones `staleCount` checks). */
export function setRenderedItems(items: readonly FeedItem[]): void {
  rendered = items;
}

/** Rendered entities with `isStale()` true. */
export function staleEntities(): string[] {
  const state = store.getState();
  return rendered.filter((item) => state.isStale(item.entityType, item.entityId)).map((item) => `${item.entityType}:${item.entityId}`);
}

export const staleCount = (): number => staleEntities().length;

const diagnostics: Diagnostics = Object.freeze({
  stats: () => store.getState().getStats(),
  staleCount,
  staleEntities,
});

Object.defineProperty(window, '__livemetrics', { value: diagnostics, enumerable: false, configurable: true, writable: false });
