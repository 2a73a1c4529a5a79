// The seed's types file, now re-exported from the package.
export type { MetricEntityType, MetricType, MetricUpdatePayload } from 'livemetrics';
