/**
 * Keyed notification. The core reports which *watched* cells changed; only
 * the listeners of those cells run, each at most once per flush, after the
 * wasm call has returned (so a listener may call the store again).
 */
import { isWatchedChange, NO_EFFECT } from '../abi/protocol.js';
import type { CoreStore } from '../wasm/load.js';
import type { NotifyMode } from '../types.js';
import { ReadTracker } from './read-tracker.js';

/** A registered callback; `epoch` dedupes it within one flush. */
export interface Listener {
  run: () => void;
  epoch: number;
}

export function listener(run: () => void): Listener {
  return { run, epoch: -1 };
}

const MAX_ROUNDS = 100;

export const NOTIFY_MODES: readonly NotifyMode[] = ['auto', 'sync', 'microtask', 'frame'];

/**
 * `'auto'`, decided at each schedule (a test framework may set its flag after
 * the store exists): one flush per animation frame in a page; immediate where
 * frames don't exist, and under React's `act()` (Testing Library sets
 * `IS_REACT_ACT_ENVIRONMENT`), where tests assert right after a write.
 */
function autoMode(): 'sync' | 'frame' {
  if (typeof requestAnimationFrame !== 'function') return 'sync';
  return (globalThis as { IS_REACT_ACT_ENVIRONMENT?: unknown }).IS_REACT_ACT_ENVIRONMENT === true ? 'sync' : 'frame';
}

export class Notifier {
  /** Moves on every visible change; snapshot caches compare against it. */
  revision = 0;
  /** The tracker of the selector being run, if any. */
  tracker: ReadTracker | null = null;
  /** Runs before each round of whole-store listeners. */
  beforeGlobals: (() => void) | null = null;
  /** Runs on every change, before listeners (persistence schedules its write). */
  afterChange: (() => void) | null = null;

  private readonly cells = new Map<number, Set<Listener>>();
  private readonly globals = new Set<Listener>();
  private pendingWatched = false;
  private pendingGlobal = false;
  /** A store-wide change (enabled or disabled): every listener runs. */
  private pendingAll = false;
  private flushing = false;
  private scheduled = false;
  private batchDepth = 0;
  private epoch = 0;

  constructor(
    private readonly core: CoreStore,
    private readonly mode: NotifyMode,
  ) {}

  /**
   * Records the effect of a core write and schedules listeners. `now`: run
   * them at once whatever the mode — for the user's own writes (an
   * optimistic click shows in the event that caused it; coalescing is for
   * streams).
   */
  changed(effect: number, now = false): void {
    if (effect === NO_EFFECT) return;
    this.revision++;
    this.afterChange?.();
    this.pendingGlobal = true;
    if (isWatchedChange(effect)) this.pendingWatched = true;
    if (now && this.batchDepth === 0 && !this.flushing) this.flush();
    else this.schedule();
  }

  /** Every listener runs at the next flush (what the store shows changed everywhere). */
  touchAll(): void {
    this.revision++;
    this.pendingAll = this.pendingGlobal = true;
    this.schedule();
  }

  /** Runs `fn` with notifications held until it returns (one flush). */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.schedule();
    }
  }

  /**
   * Registers a key listener. False if the cell's key was evicted since its
   * handle was resolved: the caller must resolve it again.
   */
  addCell(cell: number, l: Listener): boolean {
    let set = this.cells.get(cell);
    if (!set) {
      if (!this.core.watch(cell)) return false;
      set = new Set();
      this.cells.set(cell, set);
    }
    set.add(l);
    return true;
  }

  removeCell(cell: number, l: Listener): void {
    const set = this.cells.get(cell);
    if (!set || !set.delete(l)) return;
    if (set.size === 0) {
      this.cells.delete(cell);
      this.core.unwatch(cell);
    }
  }

  addGlobal(l: Listener): void {
    this.globals.add(l);
  }

  removeGlobal(l: Listener): void {
    this.globals.delete(l);
  }

  /** Number of keys with listeners (for stats and tests). */
  watchedKeys(): number {
    return this.cells.size;
  }

  private schedule(): void {
    // Nobody to tell: the common case of a write to keys no card watches.
    if (!this.pendingWatched && !this.pendingAll && this.globals.size === 0) this.pendingGlobal = false;
    if (this.batchDepth > 0 || this.flushing || !(this.pendingGlobal || this.pendingWatched)) return;
    const mode = this.mode === 'auto' ? autoMode() : this.mode;
    if (mode === 'sync') {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      const run = () => {
        this.scheduled = false;
        this.flush();
      };
      if (mode === 'frame' && typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
      else if (mode === 'frame') setTimeout(run, 16);
      else queueMicrotask(run);
    }
  }

  /** Runs every pending listener now (also used by tests in deferred modes). */
  flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    let firstError: unknown = null;
    let failed = false;
    try {
      for (let round = 0; this.pendingWatched || this.pendingGlobal; round++) {
        if (round >= MAX_ROUNDS) {
          this.pendingWatched = this.pendingGlobal = false;
          throw new Error(`livemetrics: listeners kept writing to the store for ${MAX_ROUNDS} rounds; stopped`);
        }
        for (const l of this.collect()) {
          try {
            l.run();
          } catch (error) {
            if (!failed) [failed, firstError] = [true, error];
          }
        }
      }
    } finally {
      this.flushing = false;
    }
    // Every listener ran; the first failure still reaches the caller.
    if (failed) throw firstError;
  }

  private collect(): Listener[] {
    const epoch = ++this.epoch;
    const queue: Listener[] = [];
    const take = (l: Listener) => {
      if (l.epoch !== epoch) {
        l.epoch = epoch;
        queue.push(l);
      }
    };
    if (this.pendingWatched) {
      this.pendingWatched = false;
      for (const cell of this.core.drainChanges()) this.cells.get(cell)?.forEach(take);
    }
    if (this.pendingAll) {
      this.pendingAll = false;
      for (const set of this.cells.values()) set.forEach(take);
    }
    if (this.pendingGlobal) {
      this.pendingGlobal = false;
      if (this.globals.size > 0) this.beforeGlobals?.();
      this.globals.forEach(take);
    }
    return queue;
  }
}
