/** The engine's HTTP API (same origin; `npm run dev` proxies it). */
import type { MetricType } from 'livemetrics';
import { METRICS, isEntityType, type EntityType } from './metrics.ts';

export type Metrics = Partial<Record<MetricType, number>>;

export interface FeedItem {
  entityType: EntityType;
  entityId: number;
  title: string;
  author: string;
  metrics: Metrics;
}

export interface EngineStatus {
  rate: number;
  paused: boolean;
  emitted: number;
  connections: number;
  topics: number;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
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
  metrics?: Record<string, unknown>;
}

/**
 * The feed, with every card's metrics filled in (missing ones as 0), so each
 * card's base object has exactly the keys it displays.
 */
export async function fetchFeed(signal?: AbortSignal): Promise<FeedItem[]> {
  const body = await request<{ items?: RawItem[] }>('/api/feed', { signal });
  const items: FeedItem[] = [];
  for (const raw of body.items ?? []) {
    if (!isEntityType(raw.entityType) || typeof raw.entityId !== 'number') continue;
    const metrics: Metrics = {};
    for (const { key } of METRICS[raw.entityType]) {
      const value = raw.metrics?.[key];
      metrics[key] = typeof value === 'number' && Number.isFinite(value) ? value : 0;
    }
    items.push({
      entityType: raw.entityType,
      entityId: raw.entityId,
      title: String(raw.title ?? ''),
      author: String(raw.author ?? ''),
      metrics,
    });
  }
  return items;
}

/** Applies a delta on the engine; the change comes back over the socket. */
export function postEvent(entityType: EntityType, entityId: number, updates: Metrics): Promise<unknown> {
  return request('/api/events', { method: 'POST', body: JSON.stringify({ entityType, entityId, updates }) });
}

export function getControl(): Promise<EngineStatus> {
  return request<EngineStatus>('/api/control');
}

export function setControl(patch: { rate?: number; paused?: boolean }): Promise<EngineStatus> {
  return request<EngineStatus>('/api/control', { method: 'POST', body: JSON.stringify(patch) });
}
