/** Entity ids cross as numbers (fast path) or strings; anything else is an error here. */
import { describe, LiveMetricsError } from './errors.js';

export function badEntityId(method: string, id: unknown): LiveMetricsError {
  return new LiveMetricsError(method, 'entityId', `must be a number or a string (got ${describe(id)})`);
}

/** True when the id is absent (the seed's hooks accept `undefined` and render the base). */
export function isMissingId(id: unknown): id is null | undefined {
  return id === undefined || id === null;
}
