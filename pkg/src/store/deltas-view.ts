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
  private readonly keys: (string | undefined)[] = [];

  constructor(private readonly core: CoreStore) {}

  build(): DeltasRecord {
    const cells = this.core.entryCells();
    if (cells.length === 0) return EMPTY_DELTAS;
    const values = this.core.entryValues();
    const out = Object.create(null) as Record<string, number>;
    for (let i = 0; i < cells.length; i++) out[this.keyOf(cells[i] as number)] = values[i] as number;
    return Object.freeze(out) as DeltasRecord;
  }

  keyOf(cell: number): string {
    return (this.keys[cell] ??= this.core.cellKey(cell) ?? `#${cell}`);
  }

  /** Every present key with its value, to restore after a failed replace. */
  entries(): [string, number][] {
    const record = this.build() as Record<string, number>;
    return Object.keys(record).map((k) => [k, record[k] as number]);
  }
}
