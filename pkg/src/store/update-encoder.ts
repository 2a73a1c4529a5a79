/**
 * Encodes an `updates` object as metric codes + deltas, so the wasm call
 * carries numbers only. This layer checks only what the core can't see
 * (JS types and names); the core validates the numbers themselves, for the
 * whole update before it touches anything.
 */
import { describe, invalid, type LiveMetricsError } from './errors.js';
import type { VocabMirror } from './vocab.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** Cold path: the error for a bad field (kept out of the hot loop). */
function badField(method: string, key: string, value: unknown): LiveMetricsError {
  const field = `updates.${key}`;
  return typeof value !== 'number' ? invalid(method, field, 'NotANumber', describe(value)) : invalid(method, field, 'UnknownMetric', key);
}

export class UpdateEncoder {
  /** `[code, delta, code, delta, …]` from the second field on, reused across calls. */
  private flat = new Float64Array(32);
  code0 = 0;
  value0 = 0;

  /** Returns the number of non-zero fields; the first is in code0/value0. */
  encode(method: string, vocab: VocabMirror, updates: unknown): number {
    if (updates === null || typeof updates !== 'object' || Array.isArray(updates)) {
      throw invalid(method, 'updates', 'NotUpdates', describe(updates));
    }
    const record = updates as Record<string, unknown>;
    let n = 0;
    for (const key in record) {
      if (!hasOwn.call(record, key)) continue;
      const value = record[key];
      const code = vocab.metricCode(key);
      if (typeof value !== 'number' || code === undefined) throw badField(method, key, value);
      if (value === 0) continue;
      if (n === 0) {
        this.code0 = code;
        this.value0 = value;
      } else {
        // Several fields: the pairs travel as one array (rare on the hot path).
        if (n === 1) {
          this.flat[0] = this.code0;
          this.flat[1] = this.value0;
        }
        if (2 * n + 2 > this.flat.length) {
          const grown = new Float64Array(this.flat.length * 2);
          grown.set(this.flat);
          this.flat = grown;
        }
        this.flat[2 * n] = code;
        this.flat[2 * n + 1] = value;
      }
      n++;
    }
    return n;
  }

  /** The encoded pairs of the last `encode` call (n ≥ 2, or rebuilt for n = 1). */
  pairs(n: number): Float64Array {
    if (n === 1) {
      this.flat[0] = this.code0;
      this.flat[1] = this.value0;
    }
    return this.flat.subarray(0, 2 * n);
  }
}
