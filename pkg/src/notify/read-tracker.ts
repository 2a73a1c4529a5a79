/**
 * Records which keys a selector reads, so a selector subscription (and the
 * `useStore(selector)` hook) re-runs only when one of *its* keys changes —
 * instead of running every selector on every write, as zustand does.
 */
export class ReadTracker {
  readonly cells: number[] = [];
  /** The selector read something broad (`deltas`, `getStats`): any change counts. */
  all = false;

  track(cell: number): void {
    if (!this.cells.includes(cell)) this.cells.push(cell);
  }

  trackAll(): void {
    this.all = true;
  }
}
