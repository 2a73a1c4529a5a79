/**
 * Errors that name the field and the reason. Every reason is worded by the
 * one message table (`src/core/error.rs`, generated into `abi/`), whether
 * the core rejected the input or this layer did (a JS type the core can't
 * see); `code` says which reason, for programs.
 */
import { decodeError, errorCode, errorName, render, type ErrorName } from '../abi/protocol.js';

export class LiveMetricsError extends Error {
  override name = 'LiveMetricsError';
  /** The API call that rejected its input, e.g. `applyDelta`. */
  readonly method: string;
  /** The offending field, e.g. `updates.likeCount` or `entityId`. */
  readonly field: string;
  /** Why, e.g. `must be a finite number (got NaN)`. */
  readonly reason: string;
  /** Which reason, e.g. `'NotFinite'`. */
  readonly code: ErrorName;

  constructor(method: string, field: string, reason: string, code: ErrorName = 'Malformed') {
    super(`livemetrics ${method}: ${field} ${reason}`);
    this.method = method;
    this.field = field;
    this.reason = reason;
    this.code = code;
  }
}

/** An error of this layer, worded from the table (`text` fills `{text}`). */
export function invalid(method: string, field: string, code: ErrorName, text = '', a = 0, b = 0): LiveMetricsError {
  return new LiveMetricsError(method, field, render(errorCode(code), a, b, text), code);
}

/** A core error (`[code, field, a, b, text]`) as ours; anything else is rethrown as is. */
export function rethrow(method: string, error: unknown): never {
  if (error instanceof LiveMetricsError) throw error;
  const coded = decodeError(error);
  if (coded) throw new LiveMetricsError(method, coded.field, render(coded.code, coded.a, coded.b, coded.text), errorName(coded.code));
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
