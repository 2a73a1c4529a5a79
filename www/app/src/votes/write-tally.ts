/** How the voting page's clicks ended, for the toolbar (one shared tally, not per card). */
import { useSyncExternalStore } from 'react';

export interface Tally {
  /** Clicks whose write the server confirmed. */
  saved: number;
  /** Clicks whose write was given up on and rolled back. */
  rolledBack: number;
}

let tally: Tally = { saved: 0, rolledBack: 0 };
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** Counts a click's write when it settles; passes its result on. */
export async function track(write: Promise<boolean>): Promise<boolean> {
  const ok = await write;
  tally = ok ? { ...tally, saved: tally.saved + 1 } : { ...tally, rolledBack: tally.rolledBack + 1 };
  for (const listener of listeners) listener();
  return ok;
}

export function useTally(): Tally {
  return useSyncExternalStore(subscribe, () => tally);
}
