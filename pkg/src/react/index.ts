/** `livemetrics/react`: hooks and components over the store. */
export { LiveMetricsProvider, useMetricSignalsStoreApi } from './context.js';
export { useStore } from './use-store.js';
export { useMetricSignal, useMetricSubscription } from './use-metric-signal.js';
export { Metrics, type MetricsProps } from './metrics.js';
export { useMetricChange, useMetricChanges, type LiveMetricChange } from './use-metric-change.js';
export { useTopics, useLiveMetricsEnabled } from './use-topics.js';
export { useUserMetrics, type UserMetrics, type UserMetricsBase } from './use-user-metrics.js';
export { useLiveMetric, type LiveMetricOptions } from './use-live-metric.js';
export { useLiveMetrics } from './use-live-metrics.js';
export { LiveMetric, type LiveMetricProps } from './live-metric.js';
export { MetricSubscriptionProvider, type MetricSubscriptionProviderProps } from './metric-subscription-provider.js';
export { useMetricSubscriptionContext, type MetricSubscriptionContextValue } from './subscription-context.js';
export { withMetricSubscription, type WithMetricSubscriptionProps } from './with-metric-subscription.js';
export { useMetricSignalsListener, useTransportStatus } from './use-metric-signals-listener.js';
export { useOptimisticMetric, type OptimisticMetric, type OptimisticMetricOptions } from './use-optimistic-metric.js';
export {
  useRealTimeMetrics,
  type ExposeMetrics,
  type UseRealTimeMetricsOptions,
  type UseRealTimeMetricsReturn,
} from './use-real-time-metrics.js';
export { defaultExposeEndpoints, type ExposeEndpoints, type VoteType } from './expose-endpoints.js';
export { abbreviateNumber } from '../format/abbreviate.js';
export type { Transport, TransportStatus, TransportMessage } from '../transports/types.js';
