/** Base and snapshot watermarks → the `(kind, value)` pair the core takes. */
import { META } from '../abi/protocol.js';
import type { BaseMeta, SnapshotMeta } from '../types.js';
import { describe, invalid } from './errors.js';

/** The one key of an options object, ignoring keys whose value is `undefined`. */
function soleKey(meta: object): string | undefined {
  const keys = Object.keys(meta).filter((k) => (meta as Record<string, unknown>)[k] !== undefined);
  return keys.length === 1 ? keys[0] : undefined;
}

/** `[kind, value, asOf]`: `asOf` is NaN unless a version comes with the refetch's token. */
export function baseMeta(method: string, meta: BaseMeta | undefined): [number, number, number] {
  if (meta && typeof meta === 'object') {
    const m = meta as { version?: unknown; asOf?: unknown };
    const keys = Object.keys(meta).filter((k) => (meta as Record<string, unknown>)[k] !== undefined);
    const only = (...want: string[]) => keys.length === want.length && want.every((k) => keys.includes(k));
    if (only('version')) return [META.VERSION, number(method, 'meta.version', m.version), NaN];
    if (only('asOf')) return [META.AS_OF, number(method, 'meta.asOf', m.asOf), NaN];
    if (only('version', 'asOf')) return [META.VERSION, number(method, 'meta.version', m.version), number(method, 'meta.asOf', m.asOf)];
  }
  throw invalid(method, 'meta', 'NotBaseMeta', describe(meta));
}

/** Hooks pass optional watermarks; none means "the seed's semantics". */
export function optionalBaseMeta(method: string, version: unknown, asOf: unknown): [number, number] {
  if (version !== undefined && version !== null) return [META.VERSION, number(method, 'version', version)];
  if (asOf !== undefined && asOf !== null) return [META.AS_OF, number(method, 'asOf', asOf)];
  return [META.NONE, 0];
}

export function snapshotMeta(method: string, meta: SnapshotMeta | undefined): [number, number] {
  if (meta && typeof meta === 'object') {
    const key = soleKey(meta);
    if (key === 'version') return [META.VERSION, number(method, 'meta.version', (meta as { version: unknown }).version)];
    if (key === 'timestamp') return [META.TIMESTAMP, timestamp(method, (meta as { timestamp: unknown }).timestamp)];
  }
  throw invalid(method, 'meta', 'NotSnapshotMeta', describe(meta));
}

/** A watermark as a base's `(kind, value)` pair for hooks and refetch. */
export function metaOf(kind: number, value: number): BaseMeta | null {
  if (kind === META.VERSION) return { version: value };
  if (kind === META.AS_OF) return { asOf: value };
  return null;
}

export const NO_META = META.NONE;

function number(method: string, field: string, v: unknown): number {
  if (typeof v !== 'number') throw invalid(method, field, 'NotANumber', describe(v));
  return v;
}

/** Milliseconds from a number, an ISO string or a Date. */
function timestamp(method: string, v: unknown): number {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
  if (!Number.isFinite(ms)) throw invalid(method, 'meta.timestamp', 'NotATimestamp', describe(v));
  return ms;
}
