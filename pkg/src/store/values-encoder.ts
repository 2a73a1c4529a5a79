/**
 * Encodes `{ metric: value }` objects (bases, snapshots) as `[code, value, …]`.
 * Strict for the app's own bases (a bad field throws); lenient for remote
 * snapshots (unknown names, non-numbers and non-finite numbers are skipped
 * and counted). Strict values' finiteness is the core's to check.
 */
import { describe, invalid, type LiveMetricsError } from './errors.js';
import type { VocabMirror } from './vocab.js';

const hasOwn = Object.prototype.hasOwnProperty;

export interface EncodedValues {
  pairs: Float64Array;
  dropped: number;
}

function badValue(method: string, field: string, key: string, value: unknown, code: number | undefined): LiveMetricsError {
  return code === undefined ? invalid(method, field, 'UnknownMetric', key) : invalid(method, field, 'NotANumber', describe(value));
}

export function encodeValues(method: string, field: string, vocab: VocabMirror, values: unknown, lenient: boolean): EncodedValues {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw invalid(method, field, 'NotValues', describe(values));
  }
  const record = values as Record<string, unknown>;
  const flat: number[] = [];
  let dropped = 0;
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const value = record[key];
    const code = vocab.metricCode(key);
    if (code !== undefined && typeof value === 'number' && (!lenient || Number.isFinite(value))) {
      flat.push(code, value);
    } else if (lenient) {
      dropped++;
    } else {
      throw badValue(method, `${field}.${key}`, key, value, code);
    }
  }
  return { pairs: Float64Array.from(flat), dropped };
}
