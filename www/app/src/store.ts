/**
 * The demo's one store: the built-in names plus the image-analysis
 * dashboard's `Project` counters and the voting feed's `Expose` counters
 * (`useRealTimeMetrics` registers those too; naming them here lets a reload
 * restore them before the first card renders), persisted for the tab's session, with a
 * `refetch` the store calls by itself for entities it can no longer trust
 * (a gap in `seq`, a heartbeat ahead of what arrived, a reconnect).
 */
import { createMetricSignalsStore, type EntityId, type MetricEntityType, type RefetchResult } from 'livemetrics';
import { fetchEntity } from './api.ts';

declare module 'livemetrics' {
  interface RegisteredEntityTypes {
    Project: true;
    Expose: true;
  }
  interface RegisteredMetricTypes {
    imageCount: true;
    segmentedCount: true;
    pendingCount: true;
    failedCount: true;
    views: true;
    comments: true;
    upvotes: true;
    downvotes: true;
    shares: true;
  }
}

async function refetch(entityType: MetricEntityType, entityId: EntityId): Promise<RefetchResult> {
  const json = await fetchEntity(entityType, entityId);
  if (entityType === 'Project' && typeof json.timestamp === 'number') {
    // Projects are ordered by timestamp, not by version: a fetch that raced a
    // newer snapshot must not win, so the counts go in as a snapshot. The
    // empty base only tells the store the entity is trustworthy again.
    store.getState().applySnapshot('Project', entityId, json.metrics, { timestamp: json.timestamp });
    return { values: {} };
  }
  return { values: json.metrics, version: json.version };
}

export const store = createMetricSignalsStore({
  entityTypes: ['Project', 'Expose'],
  metricTypes: ['imageCount', 'segmentedCount', 'pendingCount', 'failedCount', 'views', 'comments', 'upvotes', 'downvotes', 'shares'],
  persist: 'session',
  refetch,
});

