/**
 * Seed 002's user figures, live: `useUserMetrics(userId, base?)` →
 * `{ followerCount, followingCount, uploadCount, modelCount, postCount,
 * imageCount, engagementScore, rank }`. The base is what the server said
 * (with its watermark, if any); the live part comes from follows, uploads
 * and the deltas of the content the user owns (`setOwner`), derived in the
 * core in the same call as the delta that moved them. `rank` is among the
 * users the store holds.
 */
import { useCallback, useMemo } from 'react';
import type { MetricSignalsState } from '../types.js';
import { useMetricSignalsStoreApi } from './context.js';
import type { LiveMetricOptions } from './use-live-metric.js';
import { useLiveMetrics } from './use-live-metrics.js';
import { useStore } from './use-store.js';

export interface UserMetrics {
  followerCount: number;
  followingCount: number;
  uploadCount: number;
  modelCount: number;
  postCount: number;
  imageCount: number;
  engagementScore: number;
  rank: number;
}

export type UserMetricsBase = Partial<Omit<UserMetrics, 'rank'>>;

export function useUserMetrics(userId: number | null | undefined, base: UserMetricsBase = {}, options: LiveMetricOptions = {}): UserMetrics {
  const store = useMetricSignalsStoreApi();
  const live = useLiveMetrics(
    'User',
    userId,
    {
      followerCount: base.followerCount ?? 0,
      followingCount: base.followingCount ?? 0,
      uploadCount: base.uploadCount ?? 0,
      modelCount: base.modelCount ?? 0,
      postCount: base.postCount ?? 0,
      imageCount: base.imageCount ?? 0,
      engagementScore: base.engagementScore ?? 0,
    },
    options,
  );
  const rank = useStore(
    store,
    useCallback((s: MetricSignalsState) => (userId === null || userId === undefined ? 0 : s.getUserRank(userId)), [userId]),
  );
  return useMemo(() => ({ ...live, rank }), [live, rank]);
}
