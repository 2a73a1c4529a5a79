/** The engine's HTTP API (same origin; `npm run dev` proxies it). */
import type { EntityId, MetricType } from 'livemetrics';
import { METRICS, isEntityType, type EntityType } from './metrics.ts';

export type Metrics = Partial<Record<MetricType, number>>;

export interface FeedItem {
  entityType: EntityType;
  /** A number (`42`), or a string for projects (`'project-3'`). */
  entityId: EntityId;
  title: string;
  author: string;
  /** The last `seq` the metrics include (read atomically with them). */
  version: number;
  metrics: Metrics;
  /** Projects: when the counts last changed (ms, the engine's clock). */
  timestamp?: number;
}

/** Fault probabilities (0..1) the engine applies to deliveries. */
export interface Faults {
  replay: number;
  gap: number;
  reorder: number;
}

export interface EngineStatus extends Faults, MutationFaults, MutationCounts {
  rate: number;
  paused: boolean;
  emitted: number;
  snapshots: number;
  connections: number;
  topics: number;
  /** Faults that actually happened. */
  replayed: number;
  dropped: number;
  reordered: number;
}

/** Faults the engine injects into mutation requests (votes, comments, shares, views). */
export interface MutationFaults {
  /** Chance a request gets 503 and nothing is applied. */
  fail5xx: number;
  /** Chance an applied request's response is held for `lostResponseMs`. */
  loseResponse: number;
  lostResponseMs: number;
  /** Every response waits this long (plus up to 50%). */
  latencyMs: number;
}

/** What happened to mutation requests so far. */
export interface MutationCounts {
  /** Applied (one event each). */
  mutations: number;
  /** Retries answered from the idempotency store: nothing applied twice. */
  idempotentReplays: number;
  failed5xx: number;
  lostResponses: number;
}

export type ControlPatch = Partial<Faults & MutationFaults & { rate: number; paused: boolean }>;

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: init?.body ? { 'content-type': 'application/json' } : undefined,
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${text}`.trim());
  }
  return (await response.json()) as T;
}

interface RawItem {
  entityType?: unknown;
  entityId?: unknown;
  title?: unknown;
  author?: unknown;
  version?: unknown;
  metrics?: Record<string, unknown>;
  timestamp?: unknown;
}

const isId = (v: unknown): v is EntityId => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && v !== '');
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The feed, with every card's metrics filled in (missing ones as 0), so each
 * card's base object has exactly the keys it displays.
 */
export async function fetchFeed(signal?: AbortSignal): Promise<FeedItem[]> {
  const body = await request<{ items?: RawItem[] }>('/api/feed', { signal });
  const items: FeedItem[] = [];
  for (const raw of body.items ?? []) {
    if (!isEntityType(raw.entityType) || !isId(raw.entityId)) continue;
    const metrics: Metrics = {};
    for (const { key } of METRICS[raw.entityType]) {
      const value = raw.metrics?.[key];
      metrics[key] = finite(value) ? value : 0;
    }
    items.push({
      entityType: raw.entityType,
      entityId: raw.entityId,
      title: String(raw.title ?? ''),
      author: String(raw.author ?? ''),
      version: finite(raw.version) ? raw.version : 0,
      metrics,
      ...(finite(raw.timestamp) ? { timestamp: raw.timestamp } : {}),
    });
  }
  return items;
}

/** One entity's counts with the version (or, for projects, timestamp) they include. */
export interface EntityMetrics {
  version: number;
  metrics: Record<string, unknown>;
  timestamp?: number;
}

export function fetchEntity(entityType: string, entityId: EntityId): Promise<EntityMetrics> {
  return request<EntityMetrics>(`/api/metrics/${encodeURIComponent(entityType)}/${encodeURIComponent(String(entityId))}`);
}

/** Applies a delta on the engine; the change comes back over the socket. */
export function postEvent(entityType: EntityType, entityId: EntityId, updates: Metrics): Promise<unknown> {
  return request('/api/events', { method: 'POST', body: JSON.stringify({ entityType, entityId, updates }) });
}

export function getControl(): Promise<EngineStatus> {
  return request<EngineStatus>('/api/control');
}

export function setControl(patch: ControlPatch): Promise<EngineStatus> {
  return request<EngineStatus>('/api/control', { method: 'POST', body: JSON.stringify(patch) });
}
