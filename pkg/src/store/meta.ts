/** Base and snapshot watermarks → the `(kind, value)` pair the core takes. */
import type { BaseMeta, SnapshotMeta } from '../types.js';
import { describe, LiveMetricsError } from './errors.js';

export const META_VERSION = 0;
export const META_AS_OF = 1;
export const META_TIMESTAMP = 2;
export const META_NONE = 3;

function only(meta: object, key: string): boolean {
  const keys = Object.keys(meta);
  return keys.length === 1 && keys[0] === key;
}

export function baseMeta(method: string, meta: BaseMeta | undefined): [number, number] {
  if (meta && typeof meta === 'object') {
    if (only(meta, 'version')) return [META_VERSION, number(method, 'meta.version', (meta as { version: unknown }).version)];
    if (only(meta, 'asOf')) return [META_AS_OF, number(method, 'meta.asOf', (meta as { asOf: unknown }).asOf)];
  }
  throw new LiveMetricsError(method, 'meta', `must be { version } or { asOf } (got ${describe(meta)})`);
}

/** Hooks pass optional watermarks; none means "the seed's semantics". */
export function optionalBaseMeta(method: string, version: unknown, asOf: unknown): [number, number] {
  if (version !== undefined && version !== null) return [META_VERSION, number(method, 'version', version)];
  if (asOf !== undefined && asOf !== null) return [META_AS_OF, number(method, 'asOf', asOf)];
  return [META_NONE, 0];
}

export function snapshotMeta(method: string, meta: SnapshotMeta | undefined): [number, number] {
  if (meta && typeof meta === 'object') {
    if (only(meta, 'version')) return [META_VERSION, number(method, 'meta.version', (meta as { version: unknown }).version)];
    if (only(meta, 'timestamp')) return [META_TIMESTAMP, timestamp(method, (meta as { timestamp: unknown }).timestamp)];
  }
  throw new LiveMetricsError(method, 'meta', `must be { version } or { timestamp } (got ${describe(meta)})`);
}

function number(method: string, field: string, v: unknown): number {
  if (typeof v !== 'number') throw new LiveMetricsError(method, field, `must be a number (got ${describe(v)})`);
  return v;
}

/** Milliseconds from a number, an ISO string or a Date. */
function timestamp(method: string, v: unknown): number {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
  if (!Number.isFinite(ms)) {
    throw new LiveMetricsError(method, 'meta.timestamp', `must be a finite number, a date string or a Date (got ${describe(v)})`);
  }
  return ms;
}
