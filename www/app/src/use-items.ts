/**
 * The feed: loaded once, retried on demand, and refetched in place by
 * "Refetch all" (same keys, so every card re-renders with its new base and
 * version instead of remounting).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchFeed, type FeedItem } from './api.ts';
import { setRenderedItems } from './diagnostics.ts';

export type FeedState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: FeedItem[] };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useFeed() {
  const [feed, setFeed] = useState<FeedState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [refetching, setRefetching] = useState(false);
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setFeed({ kind: 'loading' });
    fetchFeed(abort.signal)
      .then((items) => setFeed({ kind: 'ready', items }))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setFeed({ kind: 'error', message: message(e) });
      });
    return () => abort.abort();
  }, [attempt]);

  useEffect(() => {
    setRenderedItems(feed.kind === 'ready' ? feed.items : []);
  }, [feed]);

  useEffect(() => () => inflight.current?.abort(), []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const refetchAll = useCallback(async () => {
    inflight.current?.abort();
    const abort = new AbortController();
    inflight.current = abort;
    setRefetching(true);
    try {
      const items = await fetchFeed(abort.signal);
      setFeed({ kind: 'ready', items });
    } catch (e) {
      if (!abort.signal.aborted) console.error('livemetrics demo: refetching the feed failed', e);
    } finally {
      if (inflight.current === abort) {
        inflight.current = null;
        setRefetching(false);
      }
    }
  }, []);

  return { feed, retry, refetchAll, refetching };
}
