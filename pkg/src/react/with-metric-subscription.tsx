/** `withMetricSubscription(ModelCardBase, 'Model')`: wraps a card taking `id` in a provider. */
import type { ComponentType } from 'react';
import type { EntityId, MetricEntityType } from '../types.js';
import { MetricSubscriptionProvider } from './metric-subscription-provider.js';

export interface WithMetricSubscriptionProps {
  id: EntityId;
}

export function withMetricSubscription<P extends WithMetricSubscriptionProps>(
  WrappedComponent: ComponentType<P>,
  entityType: MetricEntityType,
  options: { rootMargin?: string; className?: string } = {},
): ComponentType<P> {
  function WithMetricSubscription(props: P) {
    return (
      <MetricSubscriptionProvider
        entityType={entityType}
        entityId={props.id}
        rootMargin={options.rootMargin}
        className={options.className}
      >
        <WrappedComponent {...props} />
      </MetricSubscriptionProvider>
    );
  }
  WithMetricSubscription.displayName = `withMetricSubscription(${WrappedComponent.displayName ?? WrappedComponent.name ?? 'Component'})`;
  return WithMetricSubscription;
}
