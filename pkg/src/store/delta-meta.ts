/**
 * `applyDelta`'s fourth argument — `{ seq?, eventId?, mutationId? }`, the
 * meta a remote payload carries — merged with the same fields found among
 * the updates (the site's handler passes the whole payload). `undefined`
 * fields are absent; any other option is an error, never ignored.
 */
import { describe, invalid } from './errors.js';
import type { DeltaMeta } from '../types.js';

const ALLOWED = ['seq', 'eventId', 'mutationId'] as const;

/** The meta as the core takes it (NaN: absent). */
export interface WireMeta {
  seq: number;
  eventNumber: number;
  eventText: string | undefined;
  mutationId: string | undefined;
}

export function deltaMeta(method: string, fromFields: DeltaMeta | undefined, given: unknown): WireMeta {
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw invalid(method, 'meta', 'NotAnObject', describe(given));
  }
  const options = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined && !(ALLOWED as readonly string[]).includes(key)) {
      throw invalid(method, `meta.${key}`, 'UnknownOption', ALLOWED.join(', '));
    }
  }
  const pick = (key: (typeof ALLOWED)[number]): unknown => options[key] ?? fromFields?.[key];
  const seq = pick('seq');
  const eventId = pick('eventId');
  const mutationId = pick('mutationId');
  if (seq !== undefined && typeof seq !== 'number') throw invalid(method, 'meta.seq', 'NotANumber', describe(seq));
  if (typeof seq === 'number' && Number.isNaN(seq)) throw invalid(method, 'meta.seq', 'NotFinite', '', seq);
  if (eventId !== undefined && typeof eventId !== 'number' && typeof eventId !== 'string') throw invalid(method, 'meta.eventId', 'NotAnId', describe(eventId));
  if (mutationId !== undefined && typeof mutationId !== 'string') throw invalid(method, 'meta.mutationId', 'NotAString', describe(mutationId));
  return {
    seq: seq ?? NaN,
    eventNumber: typeof eventId === 'number' ? eventId : NaN,
    eventText: typeof eventId === 'string' ? eventId : undefined,
    mutationId,
  };
}
