/** A live number in a `<span>` (or any element via `as`): base + delta, abbreviated. */
import type { ElementType, HTMLAttributes } from 'react';
import { abbreviateNumber } from '../format/abbreviate.js';
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import { useLiveMetric } from './use-live-metric.js';

export interface LiveMetricProps extends Omit<HTMLAttributes<HTMLElement>, 'children'> {
  entityType: MetricEntityType;
  entityId: EntityId;
  metricType: MetricType | MetricAlias;
  baseValue: number;
  /** `1.2k` instead of `1234` (default true). */
  abbreviate?: boolean;
  /** Hold the entity's topic while mounted (default true, as in the seed). */
  subscribe?: boolean;
  /** Custom formatting; wins over `abbreviate`. */
  format?: (value: number) => string;
  /** The element or component to render (default `span`), e.g. Mantine's `Text`. */
  as?: ElementType;
}

export function LiveMetric({
  entityType,
  entityId,
  metricType,
  baseValue,
  abbreviate = true,
  subscribe = true,
  format,
  as: Component = 'span',
  ...rest
}: LiveMetricProps) {
  const value = useLiveMetric(entityType, entityId, metricType, baseValue, { subscribe });
  const text = format ? format(value) : abbreviate ? abbreviateNumber(value) : value.toString();
  return <Component {...rest}>{text}</Component>;
}
