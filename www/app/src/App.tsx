/** The page: connects the socket once, loads the feed, renders header + grid. */
import { useMetricSignalsListener } from 'livemetrics/react';
import { useEffect, useState } from 'react';
import { fetchFeed, type FeedItem } from './api.ts';
import { Feed } from './Feed.tsx';
import { Header } from './Header.tsx';
import { transport } from './transport.ts';

type FeedState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: FeedItem[] };

export function App() {
  // One connection for the page: topics held by any card are subscribed on it.
  useMetricSignalsListener(transport);

  const [feed, setFeed] = useState<FeedState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setFeed({ kind: 'loading' });
    fetchFeed(abort.signal)
      .then((items) => setFeed({ kind: 'ready', items }))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setFeed({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      });
    return () => abort.abort();
  }, [attempt]);

  return (
    <>
      <Header cards={feed.kind === 'ready' ? feed.items.length : 0} />
      <div className="page">
        <p className="intro">
          Each count is its feed value plus live deltas from one WebSocket. Only cards in or near the viewport
          subscribe to their topic — scroll and watch <strong>topics</strong> follow. Try the reaction buttons on an
          image.
        </p>
        {feed.kind === 'loading' && <div className="notice">Loading the feed…</div>}
        {feed.kind === 'error' && (
          <div className="notice notice--error" role="alert">
            <p>Could not load the feed: {feed.message}</p>
            <p>Is the engine running? (`make demo`)</p>
            <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
              Retry
            </button>
          </div>
        )}
        {feed.kind === 'ready' && <Feed items={feed.items} />}
      </div>
    </>
  );
}
