/**
 * Encodes an `updates` object as metric codes + deltas, so the wasm call
 * carries numbers only. It sorts out what the site's handlers pass — the
 * whole payload minus the entity: `undefined` values are absent, payload
 * fields (`userId`, `timestamp`, …) are not metrics, `seq`/`eventId`/
 * `mutationId` are the write's meta, a metric name the store does not know
 * yet is learned (or, in a strict store, an error). This layer checks only
 * what the core can't see (JS types and names); the core validates the
 * numbers, for the whole update before it touches anything.
 */
import { OBJECT_MEMBERS, PAYLOAD_FIELDS } from '../abi/protocol.js';
import { describe, invalid, type LiveMetricsError } from './errors.js';
import type { DeltaMeta } from '../types.js';
import type { VocabMirror } from './vocab.js';

const hasOwn = Object.prototype.hasOwnProperty;
const META_FIELDS = new Set(['seq', 'eventId', 'mutationId']);
const NOT_METRICS = new Set<string>(PAYLOAD_FIELDS);
const BUGS = new Set<string>([...OBJECT_MEMBERS, '__proto__']);


/** How the encoder learns names it doesn't know: their code, or undefined to ignore the field. */
export type LearnMetric = (name: string) => number | undefined;

export class UpdateEncoder {
  /** `[code, delta, code, delta, …]` from the second field on, reused across calls. */
  private flat = new Float64Array(32);
  code0 = 0;
  value0 = 0;
  /** Meta found among the fields of the last update (undefined when none). */
  meta: DeltaMeta | undefined;

  /**
   * Returns the number of non-zero fields; the first is in code0/value0.
   * `learn` is called for names the vocabulary lacks (null: strict).
   */
  encode(method: string, vocab: VocabMirror, updates: unknown, learn: LearnMetric | null): number {
    if (updates === null || typeof updates !== 'object' || Array.isArray(updates)) {
      throw invalid(method, 'updates', 'NotUpdates', describe(updates));
    }
    this.meta = undefined;
    const record = updates as Record<string, unknown>;
    let n = 0;
    for (const key in record) {
      if (!hasOwn.call(record, key)) continue;
      const value = record[key];
      let code = vocab.metricCode(key);
      if (typeof value !== 'number' || code === undefined) {
        // The rare fields, out of the hot loop.
        code = this.unusual(method, vocab, key, value, code, learn);
        if (code === undefined) continue;
      }
      if (value === 0) continue;
      n = this.push(n, code, value as number);
    }
    return n;
  }

  /** A field that is not a known metric with a number: its code, or undefined to skip it. */
  private unusual(method: string, vocab: VocabMirror, key: string, value: unknown, code: number | undefined, learn: LearnMetric | null): number | undefined {
    if (value === undefined) return undefined;
    if (code !== undefined) throw fieldError(method, key, value);
    if (META_FIELDS.has(key)) {
      (this.meta ??= {})[key as keyof DeltaMeta] = value as never;
      return undefined;
    }
    if (NOT_METRICS.has(key)) return undefined;
    if (BUGS.has(key)) throw invalid(method, `updates.${key}`, 'ReservedName', key);
    if (learn === null) throw invalid(method, `updates.${key}`, 'UnknownMetric', key);
    // Not a number under a name the store doesn't know: not a metric (a
    // field the hub added, say); a number: a metric the app keeps.
    if (typeof value !== 'number') return undefined;
    return learn(key) ?? vocab.metricCode(key);
  }

  private push(n: number, code: number, value: number): number {
    if (n === 0) {
      this.code0 = code;
      this.value0 = value;
      return 1;
    }
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
    return n + 1;
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

/** A known metric with a value that is not a number. */
function fieldError(method: string, key: string, value: unknown): LiveMetricsError {
  return invalid(method, `updates.${key}`, 'NotANumber', describe(value));
}
