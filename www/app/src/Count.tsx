/**
 * A displayed count: abbreviated text, the exact number in `data-value`
 * (tests read it), a short flash whenever it changes, and a floating "+N"
 * for a live change (the card's `useMetricChanges`: a new base doesn't count
 * as one). Click it (Alt+click inside a button) to see why it is what it is.
 */
import type { MetricChange } from 'livemetrics';
import { abbreviateNumber } from 'livemetrics/react';
import type { MouseEvent } from 'react';
import { useEffect, useRef } from 'react';
import { inspect } from './inspector/inspected.ts';

export interface CountProps {
  /** `Image:5` */
  entity: string;
  metric: string;
  value: number;
  /** The last live change, from the card's `useMetricChanges`. */
  change?: MetricChange;
  className?: string;
}

/** How long a "+N" stays after a live change (its animation's length). */
const DELTA_SHOWN_MS = 900;

export function Count({ entity, metric, value, change, className }: CountProps) {
  const ref = useRef<HTMLSpanElement>(null);
  const previous = useRef(value);
  const recent = change !== undefined && change.value === value && Date.now() - change.changedAt < DELTA_SHOWN_MS;

  useEffect(() => {
    const before = previous.current;
    previous.current = value;
    const el = ref.current;
    if (before === value || !el) return;
    // Restart the flash by switching between two identical animations: no
    // forced layout (reading offsetWidth here cost a third of the frame at 400 events/s).
    const next = el.classList.contains('flash') ? 'flash-alt' : 'flash';
    el.classList.remove('flash', 'flash-alt');
    el.classList.add(next);
  }, [value]);

  const onClick = (e: MouseEvent) => {
    const inButton = (e.currentTarget as HTMLElement).closest('button') !== null;
    if (inButton && !e.altKey) return;
    e.preventDefault();
    e.stopPropagation();
    inspect(entity, metric);
  };

  return (
    <span
      ref={ref}
      className={className ? `count ${className}` : 'count'}
      data-entity={entity}
      data-metric={metric}
      data-value={value}
      data-changed-at={change?.changedAt ?? ''}
      onClick={onClick}
      onAnimationEnd={(e) => e.currentTarget.classList.remove('flash', 'flash-alt')}
    >
      {abbreviateNumber(value)}
      {recent && change && (
        <span key={change.changedAt} className={change.delta >= 0 ? 'count-delta' : 'count-delta count-delta--down'} aria-hidden="true">
          {change.delta >= 0 ? `+${abbreviateNumber(change.delta)}` : `−${abbreviateNumber(-change.delta)}`}
        </span>
      )}
    </span>
  );
}
