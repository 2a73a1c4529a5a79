/**
 * Seed 001's `useRealTimeMetrics`, done right: votes, comments, views and
 * shares are optimistic relative deltas in the store (rapid clicks never
 * lose one; downvotes count as downvotes), each with its own record and
 * retries under one idempotency key; `netVotes` is derived; views count once
 * per entity per browser session; refresh runs only when nothing is pending
 * and never wipes in-flight records; unmounting never cancels a write, and
 * writes survive a reload (they're registered by name).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { MetricSignalsStoreApi } from '../store/api-types.js';
import type { RetryOptions } from '../store/mutation-types.js';
import type { EntityId } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import { defaultExposeEndpoints, firstViewThisSession, sessionId, type ExposeEndpoints, type VoteType } from './expose-endpoints.js';
import { useLiveMetrics } from './use-live-metrics.js';
import { useStore } from './use-store.js';

export interface ExposeMetrics {
  views: number;
  comments: number;
  upvotes: number;
  downvotes: number;
  netVotes: number;
  shares: number;
}

export interface UseRealTimeMetricsOptions {
  exposeId: EntityId;
  initialMetrics: Partial<ExposeMetrics>;
  /** The version `initialMetrics` were read at, when the server reports one. */
  version?: number | null;
  endpoints?: Partial<ExposeEndpoints>;
  /** Refresh period (default 30 s; 0 turns it off); skipped while writes are pending. */
  refreshIntervalMs?: number;
  /** How writes retry (default: seed 001's 1 s / ×2 / 3 retries / 15 s per attempt). */
  retry?: RetryOptions | false;
  /** Per-attempt timeout (ms). */
  timeoutMs?: number;
  onMetricsChange?: (metrics: ExposeMetrics) => void;
}

export interface UseRealTimeMetricsReturn {
  metrics: ExposeMetrics;
  isUpdating: boolean;
  updateVote: (voteType: VoteType) => Promise<boolean>;
  updateComment: (increment: number) => Promise<boolean>;
  updateView: () => Promise<boolean>;
  updateShare: () => Promise<boolean>;
  refreshMetrics: () => Promise<void>;
  hasOptimisticUpdates: boolean;
}

const TYPE = 'Expose';
const METRICS = ['views', 'comments', 'upvotes', 'downvotes', 'shares'] as const;
/** Each store's endpoints: the named writes read them when they run. */
const storeEndpoints = new WeakMap<object, { current: ExposeEndpoints }>();

/** Registers the Expose vocabulary and the named writes (so they resume after a reload). */
function prepare(store: MetricSignalsStoreApi, current: ExposeEndpoints): void {
  const known = storeEndpoints.get(store);
  if (known) {
    known.current = current;
    return;
  }
  const endpoints = { current };
  storeEndpoints.set(store, endpoints);
  store.register({ entityTypes: [TYPE], metricTypes: [...METRICS] });
  type V = { exposeId: EntityId; voteType?: VoteType; increment?: number; sessionId?: string };
  store.registerMutation<V>('livemetrics/expose/vote', (v, ctx) => endpoints.current.vote(v.exposeId, v.voteType ?? 'upvote', ctx));
  store.registerMutation<V>('livemetrics/expose/comment', (v, ctx) => endpoints.current.comment(v.exposeId, v.increment ?? 1, ctx));
  store.registerMutation<V>('livemetrics/expose/view', (v, ctx) => endpoints.current.view(v.exposeId, v.sessionId ?? sessionId(), ctx));
  store.registerMutation<V>('livemetrics/expose/share', (v, ctx) => endpoints.current.share(v.exposeId, ctx));
}

export function useRealTimeMetrics(options: UseRealTimeMetricsOptions): UseRealTimeMetricsReturn {
  const { exposeId, initialMetrics, version, refreshIntervalMs = 30_000 } = options;
  const store = useMetricSignalsStoreApi();
  const endpoints = useRef<ExposeEndpoints>(defaultExposeEndpoints);
  endpoints.current = { ...defaultExposeEndpoints, ...options.endpoints };
  prepare(store, endpoints.current);

  const base = {
    views: initialMetrics.views ?? 0,
    comments: initialMetrics.comments ?? 0,
    upvotes: initialMetrics.upvotes ?? 0,
    downvotes: initialMetrics.downvotes ?? 0,
    shares: initialMetrics.shares ?? 0,
  };
  const live = useLiveMetrics(TYPE as never, exposeId, base as never, { version }) as unknown as typeof base;
  const metrics = useMemo<ExposeMetrics>(() => ({ ...live, netVotes: live.upvotes - live.downvotes }), [live]);
  const isUpdating = useStore(store, (s) => METRICS.some((m) => s.isUpdating(TYPE as never, exposeId, m as never)));

  const { retry, timeoutMs } = options;
  const write = useCallback(
    (mutation: string, updates: Record<string, number>, variables: object) =>
      store
        .getState()
        .mutate({
          entityType: TYPE as never,
          entityId: exposeId,
          updates: updates as never,
          mutation,
          variables: { exposeId, ...variables },
          retry,
          timeoutMs,
        })
        .then(
          () => true,
          () => false,
        ),
    [store, exposeId, retry, timeoutMs],
  );

  const refreshMetrics = useCallback(async () => {
    const state = store.getState();
    const token = state.markRefetch(TYPE as never, exposeId);
    const r = await endpoints.current.metrics(exposeId);
    const values = Object.fromEntries(METRICS.filter((m) => typeof r.metrics[m] === 'number').map((m) => [m, r.metrics[m]]));
    store.getState().setBase(TYPE as never, exposeId, values as never, typeof r.version === 'number' ? { version: r.version, asOf: token } : { asOf: token });
  }, [store, exposeId]);

  useEffect(() => {
    if (!refreshIntervalMs) return undefined;
    const timer = setInterval(() => {
      if (!store.getState().hasOptimisticUpdates(TYPE as never, exposeId)) void refreshMetrics().catch(() => {});
    }, refreshIntervalMs);
    return () => clearInterval(timer);
  }, [store, exposeId, refreshIntervalMs, refreshMetrics]);

  const onChange = options.onMetricsChange;
  useEffect(() => onChange?.(metrics), [metrics, onChange]);

  return {
    metrics,
    isUpdating,
    hasOptimisticUpdates: isUpdating,
    refreshMetrics,
    updateVote: (voteType) =>
      write('livemetrics/expose/vote', voteType === 'downvote' ? { downvotes: 1 } : { upvotes: 1 }, { voteType }),
    updateComment: (increment) => write('livemetrics/expose/comment', { comments: increment }, { increment }),
    updateShare: () => write('livemetrics/expose/share', { shares: 1 }, {}),
    updateView: () =>
      firstViewThisSession(exposeId) ? write('livemetrics/expose/view', { views: 1 }, { sessionId: sessionId() }) : Promise.resolve(true),
  };
}
