/**
 * Holds an entity's topic only while its card is in (or within `rootMargin`
 * of) the viewport. Hooks below it read base + deltas whether or not it is
 * visible, so a card scrolling back in never jumps.
 */
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { EntityId, MetricEntityType } from '../types.js';
import { MetricSubscriptionContext, type MetricSubscriptionContextValue } from './subscription-context.js';
import { useMetricSignal } from './use-metric-signal.js';
import { observeVisibility } from './visibility.js';

export interface MetricSubscriptionProviderProps {
  entityType: MetricEntityType;
  entityId: EntityId;
  children?: ReactNode;
  /** Subscribe this far outside the viewport (default `'200px'`). */
  rootMargin?: string;
  className?: string;
  style?: CSSProperties;
}

export function MetricSubscriptionProvider({
  entityType,
  entityId,
  children,
  rootMargin = '200px',
  className,
  style,
}: MetricSubscriptionProviderProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [isVisible, setIsVisible] = useState(false);

  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    return observeVisibility(element, rootMargin, setIsVisible);
  }, [rootMargin]);

  useMetricSignal(entityType, isVisible ? entityId : undefined);

  const value = useMemo<MetricSubscriptionContextValue>(
    () => ({ isSubscribed: isVisible, entityType, entityId }),
    [isVisible, entityType, entityId],
  );

  return (
    <div ref={ref} className={className} style={style}>
      <MetricSubscriptionContext.Provider value={value}>{children}</MetricSubscriptionContext.Provider>
    </div>
  );
}
