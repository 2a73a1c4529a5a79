/**
 * Brand, page tabs, connection status, live rates and the engine control;
 * below them, the page's toolbar (fault injection, counters, "Refetch all").
 */
import { useTransportStatus } from 'livemetrics/react';
import type { ReactNode } from 'react';
import { EngineControl } from './EngineControl.tsx';
import { HeaderStat } from './HeaderStat.tsx';
import { Nav } from './Nav.tsx';
import type { Route } from './route.ts';
import { useDeltaRate, useTopicCount } from './sampling.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { transport } from './transport.ts';
import type { Engine } from './use-engine.ts';

export interface HeaderProps {
  route: Route;
  cards: number;
  engine: Engine;
  /** The toolbar's contents. */
  children: ReactNode;
}

export function Header({ route, cards, engine, children }: HeaderProps) {
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
            <p className="brand-tag">{route === 'votes' ? 'voting feed demo' : 'live feed demo'}</p>
          </div>
        </div>
        <Nav route={route} />
        <div className="header-stats">
          <StatusBadge status={status} />
          <HeaderStat label="deltas/s" value={rate} testId="rate" hint="Metric deltas applied to the store in the last second" />
          <HeaderStat label="topics" value={topics} testId="topics" hint="Entity topics subscribed: only cards in or near the viewport" />
          <HeaderStat label="cards" value={cards} testId="cards" hint="Cards on this page" />
        </div>
        <EngineControl engine={engine} />
      </div>
      <div className="toolbar">
        <div className="toolbar-inner">{children}</div>
      </div>
    </header>
  );
}
