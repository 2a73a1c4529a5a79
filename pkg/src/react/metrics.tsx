/**
 * `<Metrics entityType entityId initial useLive>{(metrics) => …}</Metrics>`,
 * the site's render-prop card wrapper: live, it holds the entity's topic and
 * hands its children `initial` with live deltas; with `useLive={false}` it
 * renders `initial` unchanged and holds no topic (the site passes
 * `useLive={inView !== false}` for cards scrolled out of view).
 */
import type { ReactNode } from 'react';
import type { EntityId, MetricEntityType, MetricType } from '../types.js';
import { useLiveMetrics } from './use-live-metrics.js';
import { useMetricSubscription } from './use-metric-signal.js';

export interface MetricsProps<T extends Partial<Record<MetricType, number | undefined>>> {
  entityType: MetricEntityType;
  entityId: EntityId | null | undefined;
  /** The base values (from the page's data). */
  initial: T;
  /** Live deltas and the topic (default true). */
  useLive?: boolean;
  /** The base's version, when the data has one: deltas it includes aren't counted again. */
  version?: number | null;
  children: (metrics: T) => ReactNode;
}

export function Metrics<T extends Partial<Record<MetricType, number | undefined>>>({ useLive = true, ...props }: MetricsProps<T>) {
  if (!useLive) return <>{props.children(props.initial)}</>;
  return <MetricsLive {...props} />;
}

function MetricsLive<T extends Partial<Record<MetricType, number | undefined>>>({ entityType, entityId, initial, version, children }: Omit<MetricsProps<T>, 'useLive'>) {
  useMetricSubscription(entityType, entityId);
  const metrics = useLiveMetrics(entityType, entityId, initial as Partial<Record<MetricType, number>>, { subscribe: false, version });
  return <>{children(metrics as T)}</>;
}
