/**
 * `previousState.deltas` without copying per change. While whole-store
 * listeners exist the core journals each key's old value; a superseded
 * state builds its record on first read as "current values with this
 * window's changes reverted". Guaranteed for the `previousState` handed to
 * listeners (until the next notification); older states fall back to the
 * values current when first read.
 */
import type { CoreStore } from '../wasm/load.js';
import type { DeltasRecord, DeltasView } from './deltas-view.js';

const STRIDE = 4; // revision, cell, old value, was present

export class DeltasHistory {
  private entries: number[] = [];
  /** Entries cover every change after this revision. */
  private floor = Number.POSITIVE_INFINITY;
  private listeners = 0;

  constructor(
    private readonly core: CoreStore,
    private readonly view: DeltasView,
  ) {}

  addListener(): void {
    if (this.listeners++ === 0) {
      this.core.setJournaling(true);
      this.floor = this.core.revision();
    }
  }

  removeListener(): void {
    if (--this.listeners > 0) return;
    this.core.setJournaling(false);
    this.entries = [];
    this.floor = Number.POSITIVE_INFINITY;
  }

  /** Before a round of listeners: keep only what states at or after `revision` need. */
  round(revision: number): void {
    this.pull();
    if (revision <= this.floor) return;
    let keep = 0;
    while (keep < this.entries.length && (this.entries[keep] as number) <= revision) keep += STRIDE;
    this.entries = this.entries.slice(keep);
    this.floor = revision;
  }

  /** The record as it was at `revision`, or null if the journal no longer reaches it. */
  at(revision: number): DeltasRecord | null {
    this.pull();
    if (revision < this.floor) return null;
    const out = Object.assign(Object.create(null) as Record<string, number>, this.view.build());
    for (let i = this.entries.length - STRIDE; i >= 0; i -= STRIDE) {
      if ((this.entries[i] as number) <= revision) break;
      const key = this.view.keyOf(this.entries[i + 1] as number);
      if (key === undefined) continue;
      if (this.entries[i + 3] === 1) out[key] = this.entries[i + 2] as number;
      else delete out[key];
    }
    return Object.freeze(out) as DeltasRecord;
  }

  private pull(): void {
    if (this.listeners === 0) return;
    const fresh = this.core.drainJournal();
    for (let i = 0; i < fresh.length; i++) this.entries.push(fresh[i] as number);
  }
}
