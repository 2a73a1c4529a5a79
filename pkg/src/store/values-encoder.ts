/**
 * Encodes `{ metric: value }` objects (bases, snapshots) as `[code, value, …]`.
 * Strict for the app's own bases (a bad value throws); lenient for remote
 * snapshots (non-numbers and non-finite numbers are skipped and counted).
 * Either way `undefined` is absent, and a name the store doesn't know is
 * learned when it holds a number (`learn`; null in a strict store, where
 * an app call throws instead). Strict values' finiteness is the core's to check.
 */
import { describe, invalid } from './errors.js';
import type { LearnMetric } from './update-encoder.js';
import type { VocabMirror } from './vocab.js';

const hasOwn = Object.prototype.hasOwnProperty;

export interface EncodedValues {
  pairs: Float64Array;
  dropped: number;
}

export function encodeValues(
  method: string,
  field: string,
  vocab: VocabMirror,
  values: unknown,
  lenient: boolean,
  learn: LearnMetric | null,
): EncodedValues {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw invalid(method, field, 'NotValues', describe(values));
  }
  const record = values as Record<string, unknown>;
  const flat: number[] = [];
  let dropped = 0;
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const value = record[key];
    if (value === undefined) continue;
    const isNumber = typeof value === 'number' && (!lenient || Number.isFinite(value));
    let code = vocab.metricCode(key);
    if (code === undefined && isNumber && learn) code = learn(key);
    if (code !== undefined && isNumber) {
      flat.push(code, value as number);
    } else if (lenient) {
      dropped++;
    } else if (code !== undefined) {
      throw invalid(method, `${field}.${key}`, 'NotANumber', describe(value));
    } else if (!learn) {
      throw invalid(method, `${field}.${key}`, 'UnknownMetric', key);
    }
    // Else: not a metric (a non-number under a name the store doesn't know).
  }
  return { pairs: Float64Array.from(flat), dropped };
}
