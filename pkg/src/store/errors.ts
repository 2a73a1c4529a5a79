/** Errors that name the field and the reason. */

export class LiveMetricsError extends Error {
  override name = 'LiveMetricsError';
  /** The API call that rejected its input, e.g. `applyDelta`. */
  readonly method: string;
  /** The offending field, e.g. `updates.likeCount` or `entityId`. */
  readonly field: string;
  /** Why, e.g. `must be a finite number (got NaN)`. */
  readonly reason: string;

  constructor(method: string, field: string, reason: string) {
    super(`livemetrics ${method}: ${field} ${reason}`);
    this.method = method;
    this.field = field;
    this.reason = reason;
  }
}

/** What the core's status-returning writes (`applyOne`, …) return on failure; the error waits in `takeError()`. */
export const FAILED = 0xffffffff;

/** Rethrows an error from the wasm core (which carries field/reason) as ours. */
export function rethrow(method: string, error: unknown): never {
  if (error instanceof LiveMetricsError) throw error;
  const e = error as { field?: unknown; reason?: unknown; message?: unknown } | null;
  if (e && typeof e.field === 'string' && typeof e.reason === 'string') {
    throw new LiveMetricsError(method, e.field, e.reason);
  }
  throw error;
}

/** A short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
