/**
 * Encodes `{ metric: value }` objects (bases, snapshots) as `[code, value, …]`.
 * Strict for the app's own bases (a bad field throws); lenient for remote
 * snapshots (unknown names and non-numbers are skipped and counted).
 */
import { describe, LiveMetricsError } from './errors.js';
import type { VocabMirror } from './vocab.js';

const hasOwn = Object.prototype.hasOwnProperty;

export interface EncodedValues {
  pairs: Float64Array;
  dropped: number;
}

export function encodeValues(method: string, field: string, vocab: VocabMirror, values: unknown, lenient: boolean): EncodedValues {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new LiveMetricsError(method, field, `must be an object of { metricType: value } (got ${describe(values)})`);
  }
  const record = values as Record<string, unknown>;
  const flat: number[] = [];
  let dropped = 0;
  for (const key in record) {
    if (!hasOwn.call(record, key)) continue;
    const value = record[key];
    const code = vocab.metricCode(key);
    const problem =
      code === undefined
        ? `unknown metric type ${JSON.stringify(key)} (register it with registerMetricType)`
        : typeof value !== 'number'
          ? `must be a number (got ${describe(value)})`
          : !Number.isFinite(value)
            ? `must be a finite number (got ${value})`
            : null;
    if (problem === null) {
      flat.push(code as number, value as number);
    } else if (lenient) {
      dropped++;
    } else {
      throw new LiveMetricsError(method, `${field}.${key}`, problem);
    }
  }
  return { pairs: Float64Array.from(flat), dropped };
}
