/**
 * A page's cards from the engine (the feed, the exposes): loaded once,
 * retried on demand, and refetched in place by "Refetch all" (same keys, so
 * every card re-renders with its new base and version instead of remounting).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { setRenderedItems, type RenderedEntity } from './diagnostics.ts';

export type ItemsState<T> = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: T[] };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `fetchItems` must be stable (a module-level function). */
export function useItems<T extends RenderedEntity>(fetchItems: (signal: AbortSignal) => Promise<T[]>) {
  const [state, setState] = useState<ItemsState<T>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [refetching, setRefetching] = useState(false);
  const inflight = useRef<AbortController | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setState({ kind: 'loading' });
    fetchItems(abort.signal)
      .then((items) => setState({ kind: 'ready', items }))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setState({ kind: 'error', message: message(e) });
      });
    return () => abort.abort();
  }, [attempt, fetchItems]);

  useEffect(() => {
    setRenderedItems(state.kind === 'ready' ? state.items : []);
  }, [state]);

  useEffect(() => () => inflight.current?.abort(), []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const refetchAll = useCallback(async () => {
    inflight.current?.abort();
    const abort = new AbortController();
    inflight.current = abort;
    setRefetching(true);
    try {
      const items = await fetchItems(abort.signal);
      setState({ kind: 'ready', items });
    } catch (e) {
      if (!abort.signal.aborted) console.error('livemetrics demo: refetching failed', e);
    } finally {
      if (inflight.current === abort) {
        inflight.current = null;
        setRefetching(false);
      }
    }
  }, [fetchItems]);

  return { state, retry, refetchAll, refetching };
}
