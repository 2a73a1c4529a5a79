/** The page: connects the socket once, loads the feed, renders header, grid and activity. */
import type { MetricSignalsState } from 'livemetrics';
import { useMetricSignalsListener } from 'livemetrics/react';
import { Feed } from './Feed.tsx';
import { Header } from './Header.tsx';
import { Sidebar } from './Sidebar.tsx';
import { transport } from './transport.ts';
import { useEngine } from './use-engine.ts';
import { useFeed } from './use-feed.ts';

/** The engine's `projectStatsUpdate` payload (the seed dashboard's shape). */
interface ProjectStatsUpdate {
  projectId: string;
  stats: Record<string, unknown>;
  operation: string;
  timestamp: number;
}

const messages = {
  // Absolute snapshots; an older one (a reordered message, a heartbeat's re-send) is ignored.
  projectStatsUpdate: (d: ProjectStatsUpdate, s: MetricSignalsState) =>
    s.applySnapshot('Project', d.projectId, d.stats, { timestamp: d.timestamp }),
};

export function App() {
  // One connection for the page: topics held by any card are subscribed on it.
  useMetricSignalsListener(transport, { messages });
  const { feed, retry, refetchAll, refetching } = useFeed();
  const engine = useEngine();

  return (
    <>
      <Header cards={feed.kind === 'ready' ? feed.items.length : 0} engine={engine} onRefetchAll={refetchAll} refetching={refetching} />
      <div className="page">
        <div className="layout">
          <div className="layout-main">
            <p className="intro">
              Each count is its feed value plus live deltas from one WebSocket; projects arrive as absolute snapshots.
              Only cards in or near the viewport subscribe — scroll and watch <strong>topics</strong> follow. Turn on
              faults: replays are dropped, gaps are refetched, and <strong>Refetch all</strong> never double counts.
            </p>
            {feed.kind === 'loading' && <div className="notice">Loading the feed…</div>}
            {feed.kind === 'error' && (
              <div className="notice notice--error" role="alert">
                <p>Could not load the feed: {feed.message}</p>
                <p>Is the engine running? (`make demo`)</p>
                <button type="button" className="btn" onClick={retry}>
                  Retry
                </button>
              </div>
            )}
            {feed.kind === 'ready' && <Feed items={feed.items} />}
          </div>
          <Sidebar engine={engine} />
        </div>
      </div>
    </>
  );
}
