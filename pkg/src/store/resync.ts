/**
 * Resync: entities whose counts can't be trusted (a gap in `seq`, a
 * reconnect) are reported to `onResync` listeners after the call returns,
 * and refetched through the store's `refetch` function — one fetch per
 * entity at a time, retried with backoff while the entity stays stale.
 */
import { decodeResync } from '../abi/protocol.js';
import type { BaseMeta, EntityId, MetricEntityType, RefetchResult, ResyncRequest } from '../types.js';
import type { CoreStore } from '../wasm/load.js';
import type { VocabMirror } from './vocab.js';

type Refetch = (entityType: MetricEntityType, entityId: EntityId) => Promise<RefetchResult>;

/** What the dispatcher needs from the store. */
export interface ResyncTarget {
  markRefetch(entityType: MetricEntityType, entityId: EntityId): number;
  /** Lenient: fields that aren't known metrics are skipped. */
  applyFetchedBase(entityType: MetricEntityType, entityId: EntityId, values: unknown, meta: BaseMeta): void;
  isStale(entityType: MetricEntityType, entityId: EntityId): boolean;
}

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export class ResyncDispatcher {
  refetch: Refetch | null = null;
  /** Told of every batch of requests (development tools). */
  onRequests: ((requests: ResyncRequest[]) => void) | null = null;
  private readonly listeners = new Set<(requests: ResyncRequest[]) => void>();
  private readonly inflight = new Set<string>();
  private readonly again = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly core: CoreStore,
    private readonly vocab: VocabMirror,
    private readonly target: ResyncTarget,
  ) {}

  listen(listener: (requests: ResyncRequest[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  flush(): void {
    const drained = decodeResync(this.core.drainResync());
    if (drained.length === 0) return;
    const requests: ResyncRequest[] = drained.map((r) => ({
      entityType: this.vocab.typeName(r.typeCode) as MetricEntityType,
      entityId: r.entityId,
      reason: r.reason,
    }));
    this.onRequests?.(requests);
    for (const listener of this.listeners) {
      try {
        listener(requests);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    for (const r of requests) void this.refetchOne(r.entityType, r.entityId, RETRY_FIRST_MS);
  }

  private async refetchOne(entityType: MetricEntityType, entityId: EntityId, retryMs: number): Promise<void> {
    const refetch = this.refetch;
    const key = `${entityType}:${entityId}`;
    if (!refetch) return;
    if (this.inflight.has(key)) {
      // A newer gap than the fetch in flight can cover: fetch again after it.
      this.again.add(key);
      return;
    }
    this.inflight.add(key);
    this.again.delete(key);
    let landed = false;
    try {
      const token = this.target.markRefetch(entityType, entityId);
      const result = await refetch(entityType, entityId);
      // Both watermarks when the server has versions: the base also has every
      // write acknowledged before the fetch began (confirmed without a version).
      const meta = typeof result.version === 'number' ? { version: result.version, asOf: token } : { asOf: token };
      this.target.applyFetchedBase(entityType, entityId, result.values, meta);
      landed = true;
    } catch {
      // Still stale: try again later (the entity may also heal by itself).
      setTimeout(() => {
        if (this.target.isStale(entityType, entityId)) void this.refetchOne(entityType, entityId, Math.min(retryMs * 2, RETRY_MAX_MS));
      }, retryMs);
    } finally {
      this.inflight.delete(key);
    }
    if (!landed) return;
    // A newer gap arrived while the fetch was in flight: fetch again now.
    if (this.again.delete(key)) {
      queueMicrotask(() => {
        if (this.target.isStale(entityType, entityId)) void this.refetchOne(entityType, entityId, retryMs);
      });
      return;
    }
    // The base landed yet didn't clear the mark (it predates what we have seen):
    // the server hasn't caught up, so back off rather than hammer it.
    if (this.target.isStale(entityType, entityId)) {
      setTimeout(() => {
        if (this.target.isStale(entityType, entityId)) void this.refetchOne(entityType, entityId, Math.min(retryMs * 2, RETRY_MAX_MS));
      }, retryMs);
    }
  }
}
