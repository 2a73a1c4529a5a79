/** In-app navigation by URL hash, no router: `#/` is the live feed, `#/votes` the voting feed. */
import { useSyncExternalStore } from 'react';

export type Route = 'feed' | 'votes';

export const ROUTES: Record<Route, string> = { feed: '#/', votes: '#/votes' };

const current = (): Route => (window.location.hash.replace(/^#\/?/, '') === 'votes' ? 'votes' : 'feed');

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The page the hash names; re-renders on navigation (links, back/forward). */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, current);
}
