/**
 * The requests behind `useRealTimeMetrics` (seed 001's Expose Corner API).
 * Every write sends the mutation id as its `Idempotency-Key`, so a retry
 * never counts twice. Sites pass their own `endpoints` where paths differ.
 */
import type { MutationContext } from '../store/mutation-types.js';
import type { EntityId } from '../types.js';

export type VoteType = 'upvote' | 'downvote';

export interface ExposeEndpoints {
  vote(exposeId: EntityId, voteType: VoteType, ctx: MutationContext): Promise<unknown>;
  view(exposeId: EntityId, sessionId: string, ctx: MutationContext): Promise<unknown>;
  share(exposeId: EntityId, ctx: MutationContext): Promise<unknown>;
  comment(exposeId: EntityId, increment: number, ctx: MutationContext): Promise<unknown>;
  /** Current metrics, with the version they were read at when the server has one. */
  metrics(exposeId: EntityId): Promise<{ metrics: Record<string, unknown>; version?: number | null }>;
}

function post(path: string, body: object, ctx: MutationContext): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': ctx.mutationId },
    body: JSON.stringify(body),
    signal: ctx.signal,
  });
}

export const defaultExposeEndpoints: ExposeEndpoints = {
  vote: (exposeId, voteType, ctx) => post('/api/expose/vote', { exposeId, voteType }, ctx),
  view: (exposeId, sessionId, ctx) => post('/api/expose/view', { exposeId, sessionId }, ctx),
  share: (exposeId, ctx) => post('/api/expose/share', { exposeId }, ctx),
  comment: (exposeId, increment, ctx) => post('/api/expose/comment', { exposeId, increment }, ctx),
  metrics: async (exposeId) => {
    const response = await fetch(`/api/metrics/Expose/${encodeURIComponent(String(exposeId))}`);
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
    return (await response.json()) as { metrics: Record<string, unknown>; version?: number };
  },
};

const SESSION_KEY = 'livemetrics:session';

/** A per-browser-session id (sessionStorage), for view dedupe. */
export function sessionId(): string {
  try {
    const s = sessionStorage;
    let id = s.getItem(SESSION_KEY);
    if (!id) {
      id = globalThis.crypto?.randomUUID?.() ?? `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      s.setItem(SESSION_KEY, id);
    }
    return id;
  } catch {
    return 'no-session-storage';
  }
}

/** Counts a view once per entity per browser session; true if this is the first. */
export function firstViewThisSession(exposeId: EntityId): boolean {
  const key = `livemetrics:viewed:Expose:${String(exposeId)}`;
  try {
    if (sessionStorage.getItem(key)) return false;
    sessionStorage.setItem(key, '1');
    return true;
  } catch {
    return true;
  }
}
