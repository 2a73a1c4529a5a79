/**
 * Brand, connection status, live rates and the engine control; below them,
 * fault injection, what the store caught, and "Refetch all".
 */
import { useTransportStatus } from 'livemetrics/react';
import { CaughtCounters } from './CaughtCounters.tsx';
import { EngineControl } from './EngineControl.tsx';
import { FaultControl } from './FaultControl.tsx';
import { HeaderStat } from './HeaderStat.tsx';
import { RefetchButton } from './RefetchButton.tsx';
import { useDeltaRate, useTopicCount } from './sampling.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { transport } from './transport.ts';
import type { Engine } from './use-engine.ts';

export interface HeaderProps {
  cards: number;
  engine: Engine;
  onRefetchAll: () => void;
  refetching: boolean;
}

export function Header({ cards, engine, onRefetchAll, refetching }: HeaderProps) {
  const status = useTransportStatus(transport);
  const rate = useDeltaRate();
  const topics = useTopicCount();

  return (
    <header className="header">
      <div className="header-inner">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 32 32" width="28" height="28">
              <rect width="32" height="32" rx="8" fill="currentColor" />
              <path d="M8 20l5-6 4 4 7-9" stroke="#fff" strokeWidth="3" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </span>
          <div>
            <h1 className="brand-name">livemetrics</h1>
            <p className="brand-tag">live feed demo</p>
          </div>
        </div>
        <div className="header-stats">
          <StatusBadge status={status} />
          <HeaderStat label="deltas/s" value={rate} testId="rate" hint="Metric deltas applied to the store in the last second" />
          <HeaderStat label="topics" value={topics} testId="topics" hint="Entity topics subscribed: only cards in or near the viewport" />
          <HeaderStat label="cards" value={cards} testId="cards" hint="Cards in the feed" />
        </div>
        <EngineControl engine={engine} />
      </div>
      <div className="toolbar">
        <div className="toolbar-inner">
          <FaultControl engine={engine} />
          <CaughtCounters />
          <RefetchButton onClick={onRefetchAll} busy={refetching} />
        </div>
      </div>
    </header>
  );
}
