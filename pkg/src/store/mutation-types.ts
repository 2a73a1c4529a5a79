/** Types of optimistic mutations. */
import type { MutationStateName } from '../abi/protocol.js';
import type { EntityId, MetricEntityType, MetricUpdates } from '../types.js';

/** How a mutation retries (defaults from seed 001). */
export interface RetryOptions {
  /** First backoff (ms, default 1000). */
  baseMs?: number;
  /** Growth per retry (default 2). */
  factor?: number;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** Per-attempt timeout (ms, default 15000): the request's `signal` aborts then. */
  timeoutMs?: number;
  /** Longest wait (ms, default 30000). */
  capMs?: number;
  /** Full jitter (default true). */
  jitter?: boolean;
}

/** What `mutationFn` gets: pass `signal` to `fetch` and send `mutationId` as the idempotency key. */
export interface MutationContext {
  signal: AbortSignal;
  mutationId: string;
  /** 1 for the first attempt. */
  attempt: number;
}

export type MutationFn<R = unknown> = (ctx: MutationContext) => Promise<R>;
export type NamedMutationFn<V = unknown, R = unknown> = (variables: V, ctx: MutationContext) => Promise<R>;

export interface MutateOptions<R = unknown> {
  entityType: MetricEntityType;
  entityId: EntityId;
  /** Relative deltas shown at once: `{ upvotes: 1 }`. */
  updates: MetricUpdates;
  /**
   * Performs the request. Throw (or return a non-ok `Response`) on failure:
   * an error with a numeric `status` (and optional `retryAfterMs`) is an HTTP
   * failure; a `TypeError` a network failure. A returned `Response` is read as
   * JSON; `{ version, metrics }` in it retire the optimistic delta exactly.
   */
  mutationFn?: MutationFn<R>;
  /** A function registered with `registerMutation`: such mutations survive a reload. */
  mutation?: string;
  /** The registered function's input (JSON-serialisable). */
  variables?: unknown;
  retry?: RetryOptions | false;
  /** Shorthand for `retry.timeoutMs`. */
  timeoutMs?: number;
  /** The mutation id (default: a random UUID). */
  id?: string;
}

export type MutationState = MutationStateName;

export interface PendingMutation {
  id: string;
  entityType: MetricEntityType;
  entityId: EntityId;
  updates: Record<string, number>;
  state: MutationState;
  attempts: number;
  nextAttemptAt?: number;
  lastError?: string;
}

/** Rejects `mutate` when a mutation was rolled back. */
export class MutationError extends Error {
  override name = 'MutationError';
  constructor(
    readonly mutationId: string,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`livemetrics: mutation ${mutationId} failed after ${attempts} attempt(s) and was rolled back: ${lastError}`);
  }
}
