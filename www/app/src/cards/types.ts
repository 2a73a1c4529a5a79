import type { Metrics } from '../api.ts';

/** What every card takes (`id` is what `withMetricSubscription` subscribes by). */
export interface CardProps {
  id: number;
  title: string;
  author: string;
  /** Base values from `/api/feed`; live deltas are added on top. */
  metrics: Metrics;
  /** The last `seq` the base includes: deltas up to it are never counted again. */
  version: number;
}

/** A project: string id, counts that travel as timestamped snapshots. */
export interface ProjectCardProps {
  id: string;
  title: string;
  author: string;
  /** Counts from `/api/feed`, as of `timestamp`. */
  metrics: Metrics;
  /** When those counts last changed (ms, the engine's clock). */
  timestamp?: number;
}
