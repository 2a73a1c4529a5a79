/**
 * The state's derived-user-metric actions (seed 002): who owns which
 * content, uploads, follows, and ranks. An owned entity's counted deltas
 * move its owner's `engagementScore`, `reactionCount`, `downloadCount`, …
 * in the same call, so both show in the same frame.
 */
import { effectOf, isFailure } from '../abi/protocol.js';
import type { EntityId, MetricEntityType, MetricSignalsState } from '../types.js';
import { describe, invalid, rethrow } from './errors.js';
import type { StoreRuntime } from './runtime.js';

export type DerivedActions = Pick<MetricSignalsState, 'setOwner' | 'setOwners' | 'recordUpload' | 'applyFollow' | 'getUserRank'>;

function userId(method: string, field: string, v: unknown): number {
  if (typeof v === 'number' && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  throw invalid(method, field, 'NotASize', describe(v));
}

export function createDerivedActions(rt: StoreRuntime): DerivedActions {
  const { core, ids, notifier } = rt;
  const finish = (method: string, status: number) => {
    if (isFailure(status)) rethrow(method, core.takeError());
    notifier.changed(effectOf(status));
  };

  const setOwners: DerivedActions['setOwners'] = (entityType, owners) => {
    const method = 'setOwners';
    const tc = rt.typeCode(method, entityType);
    const entries: [EntityId, unknown][] = Array.isArray(owners) ? (owners as [EntityId, unknown][]) : (Object.entries(owners ?? {}) as [EntityId, unknown][]);
    if (!Array.isArray(owners) && (owners === null || typeof owners !== 'object')) throw invalid(method, 'owners', 'NotAnObject', describe(owners));
    const wire = Float64Array.from(entries.map(([id]) => ids.of(method, id)));
    const users = Float64Array.from(entries.map(([, u], i) => userId(method, `owners[${i}]`, u)));
    finish(method, core.setOwners(tc, wire, users));
  };

  return {
    setOwner: (entityType, entityId, owner) => setOwners(entityType, [[entityId, owner]]),
    setOwners,
    recordUpload: (entityType, entityId, owner) => {
      const method = 'recordUpload';
      const tc = rt.typeCode(method, entityType);
      finish(method, core.recordUpload(tc, ids.of(method, entityId), userId(method, 'userId', owner), Date.now()));
    },
    applyFollow: (followerId, followeeId, delta = 1, meta) => {
      const method = 'applyFollow';
      if (typeof delta !== 'number') throw invalid(method, 'delta', 'NotANumber', describe(delta));
      const eventId = meta?.eventId;
      if (eventId !== undefined && typeof eventId !== 'number' && typeof eventId !== 'string') throw invalid(method, 'meta.eventId', 'NotAnId', describe(eventId));
      const status = core.applyFollow(
        userId(method, 'followerId', followerId),
        userId(method, 'userId', followeeId),
        delta,
        typeof eventId === 'number' ? eventId : NaN,
        typeof eventId === 'string' ? eventId : undefined,
        Date.now(),
      );
      finish(method, status);
    },
    getUserRank: (owner) => {
      notifier.tracker?.trackAll();
      try {
        return core.userRank(userId('getUserRank', 'userId', owner));
      } catch (error) {
        rethrow('getUserRank', error);
      }
    },
  };
}

/** The engagement weights option → `[code, weight, …]` and the weight of every other metric. */
export function engagementWeights(rt: StoreRuntime, weights: Readonly<Record<string, number>>): void {
  const method = 'createMetricSignalsStore';
  const flat: number[] = [];
  let other = 0.1;
  for (const [name, w] of Object.entries(weights)) {
    if (typeof w !== 'number') throw invalid(method, `engagementWeights.${name}`, 'NotANumber', describe(w));
    if (name === 'other') other = w;
    else flat.push(rt.metricCode(method, name, `engagementWeights.${name}`), w);
  }
  try {
    rt.core.setEngagementWeights(Float64Array.from(flat), other);
  } catch (error) {
    rethrow(method, error);
  }
}
