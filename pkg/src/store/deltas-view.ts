/**
 * The seed-compatible `deltas` record, built only when read: a frozen,
 * prototype-free object keyed `Type:id:metric`. Key strings are cached per
 * cell, so a rebuild costs one pass over the present keys.
 */
import type { CoreStore } from '../wasm/load.js';
import type { MetricKey } from '../types.js';

export type DeltasRecord = Readonly<Record<MetricKey, number>>;

export const EMPTY_DELTAS: DeltasRecord = Object.freeze(Object.create(null) as Record<MetricKey, number>);

export class DeltasView {
  /** Key strings by cell handle; dropped when keys are evicted (handles die). */
  private readonly keys = new Map<number, string>();
  private evictions = 0;

  constructor(private readonly core: CoreStore) {}

  build(): DeltasRecord {
    const evictions = this.core.evictions();
    if (evictions !== this.evictions) {
      this.keys.clear();
      this.evictions = evictions;
    }
    const cells = this.core.entryCells();
    if (cells.length === 0) return EMPTY_DELTAS;
    const values = this.core.entryValues();
    const out = Object.create(null) as Record<string, number>;
    for (let i = 0; i < cells.length; i++) {
      const key = this.keyOf(cells[i] as number);
      if (key !== undefined) out[key] = values[i] as number;
    }
    return Object.freeze(out) as DeltasRecord;
  }

  /** `Type:id:metric` of a cell, or undefined if its key no longer exists. */
  keyOf(cell: number): string | undefined {
    let key = this.keys.get(cell);
    if (key === undefined) {
      key = this.core.cellKey(cell);
      if (key !== undefined) this.keys.set(cell, key);
    }
    return key;
  }

  /** Every present key with its value, to restore after a failed replace. */
  entries(): [string, number][] {
    const record = this.build() as Record<string, number>;
    return Object.keys(record).map((k) => [k, record[k] as number]);
  }
}
