import type { Metrics } from '../api.ts';

/** What every card takes (`id` is what `withMetricSubscription` subscribes by). */
export interface CardProps {
  id: number;
  title: string;
  author: string;
  /** Base values from `/api/feed`; live deltas are added on top. */
  metrics: Metrics;
}
