/**
 * A selector whose dependencies are the keys it read on its last run.
 * Attached, it listens to exactly those keys (or to everything, if the
 * selector read something broad); the dependency set follows each run.
 */
import { listener, type Listener, type Notifier } from './notifier.js';
import { ReadTracker } from './read-tracker.js';

export class TrackedSelection {
  private cells: readonly number[] = [];
  private all = false;
  private attached: Listener | null = null;

  constructor(private readonly notifier: Notifier) {}

  /**
   * Runs `select` with read tracking and adopts what it read. A selector
   * that returns the whole `state` depends on everything.
   */
  run<T>(select: () => T, state?: unknown): T {
    const tracker = new ReadTracker();
    const outer = this.notifier.tracker;
    this.notifier.tracker = tracker;
    let value: T;
    try {
      value = select();
    } finally {
      this.notifier.tracker = outer;
    }
    this.setDeps(tracker.cells, tracker.all || (state !== undefined && (value as unknown) === state));
    return value;
  }

  /** Calls `onChange` whenever a dependency changes, until `detach`. */
  attach(onChange: () => void): void {
    this.detach();
    this.attached = listener(onChange);
    this.register(this.attached, this.cells, this.all);
  }

  detach(): void {
    if (!this.attached) return;
    this.unregister(this.attached, this.cells, this.all);
    this.attached = null;
  }

  private setDeps(cells: readonly number[], all: boolean): void {
    const l = this.attached;
    if (l && (all !== this.all || !sameCells(cells, this.cells))) {
      this.unregister(l, this.cells, this.all);
      this.register(l, cells, all);
    }
    this.cells = cells;
    this.all = all;
  }

  private register(l: Listener, cells: readonly number[], all: boolean): void {
    if (all) this.notifier.addGlobal(l);
    let stale = false;
    for (const cell of cells) if (!this.notifier.addCell(cell, l)) stale = true;
    // A key read by the selector was evicted before we could pin it: run
    // again (the selector resolves its keys afresh).
    if (stale) queueMicrotask(() => this.attached === l && l.run());
  }

  private unregister(l: Listener, cells: readonly number[], all: boolean): void {
    if (all) this.notifier.removeGlobal(l);
    for (const cell of cells) this.notifier.removeCell(cell, l);
  }
}

function sameCells(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
