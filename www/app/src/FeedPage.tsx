/** The live feed: header with delivery faults, the grid of cards, and the sidebar. */
import { CaughtCounters } from './CaughtCounters.tsx';
import { FaultControl } from './FaultControl.tsx';
import { fetchFeed } from './api.ts';
import { Feed } from './Feed.tsx';
import { Header } from './Header.tsx';
import { RefetchButton } from './RefetchButton.tsx';
import { Sidebar } from './Sidebar.tsx';
import type { Engine } from './use-engine.ts';
import { useItems } from './use-items.ts';

export function FeedPage({ engine }: { engine: Engine }) {
  const { state: feed, retry, refetchAll, refetching } = useItems(fetchFeed);

  return (
    <>
      <Header route="feed" cards={feed.kind === 'ready' ? feed.items.length : 0} engine={engine}>
        <FaultControl engine={engine} />
        <CaughtCounters />
        <RefetchButton onClick={refetchAll} busy={refetching} />
      </Header>
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
