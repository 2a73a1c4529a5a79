/**
 * A card's notice of rolled-back writes: it appears when a write is given
 * up on, gathers the ones that follow, and fades after a few seconds. It
 * never blocks the card. `rollbacks` counts every rollback the card had.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type WriteKind = 'upvote' | 'downvote' | 'comment' | 'share';

export interface RollbackNotice {
  /** Changes with every report, restarting the fade. */
  key: number;
  counts: Partial<Record<WriteKind, number>>;
}

const SHOWN_MS = 5000;
let nextKey = 1;

export function useRollbackNotice() {
  const [notice, setNotice] = useState<RollbackNotice | null>(null);
  const [rollbacks, setRollbacks] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const report = useCallback((kind: WriteKind) => {
    setRollbacks((n) => n + 1);
    setNotice((n) => ({ key: nextKey++, counts: { ...n?.counts, [kind]: (n?.counts[kind] ?? 0) + 1 } }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setNotice(null), SHOWN_MS);
  }, []);

  return { notice, rollbacks, report };
}
