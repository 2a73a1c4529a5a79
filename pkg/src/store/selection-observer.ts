/**
 * `SelectionObserver`: a selector over the store as a subscribable,
 * cached value — what `useStore(selector)` adapts to React. The selector's
 * reads are tracked, so it listens to the keys it read and nothing else
 * (zustand runs every selector on every write); its value is re-computed
 * only when one of those keys changed or the selector itself changed.
 */
import { TrackedSelection } from '../notify/tracked-selection.js';
import type { MetricSignalsState } from '../types.js';
import type { MetricSignalsStoreApi } from './api-types.js';
import { internalsOf } from './internals.js';
import type { StoreRuntime } from './runtime.js';

export class SelectionObserver<U> {
  private readonly rt: StoreRuntime;
  private readonly selection: TrackedSelection;
  private value: U | undefined;
  private hasValue = false;
  private dirty = true;
  private computedAt = -1;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: MetricSignalsStoreApi,
    private selector: (state: MetricSignalsState) => U,
    private equalityFn?: (a: U, b: U) => boolean,
  ) {
    this.rt = internalsOf(store);
    this.selection = new TrackedSelection(this.rt.notifier);
  }

  /** A new selector runs on the next read (selectors are often inline functions). */
  setSelector(selector: (state: MetricSignalsState) => U, equalityFn?: (a: U, b: U) => boolean): void {
    if (selector !== this.selector) {
      this.selector = selector;
      this.dirty = true;
    }
    this.equalityFn = equalityFn;
  }

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    if (this.listeners.size === 1) {
      this.selection.attach(() => {
        this.dirty = true;
        for (const l of [...this.listeners]) l();
      });
    }
    if (this.computedAt !== this.rt.notifier.revision) this.dirty = true;
    return () => {
      if (this.listeners.delete(onChange) && this.listeners.size === 0) this.selection.detach();
    };
  };

  /** The selected value: cached until a key it read (or the selector) changes. */
  getSnapshot = (): U => {
    // Subscribed, a change marks it dirty; unsubscribed, any change to the store might matter.
    const fresh = !this.dirty && (this.listeners.size > 0 || this.computedAt === this.rt.notifier.revision);
    if (fresh && this.hasValue) return this.value as U;
    const state = this.store.getState();
    const next = this.selection.run(() => this.selector(state), state);
    if (!(this.hasValue && this.equalityFn?.(this.value as U, next))) this.value = next;
    this.hasValue = true;
    this.dirty = false;
    this.computedAt = this.rt.notifier.revision;
    return this.value as U;
  };
}
