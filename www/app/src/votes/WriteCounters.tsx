/** Writes waiting for the server now (views included), and how the clicks ended. */
import { Counter } from '../CaughtCounters.tsx';
import { openWrites } from '../diagnostics.ts';
import { useSampled } from '../sampling.ts';
import { useTally } from './write-tally.ts';

export function WriteCounters() {
  const open = useSampled(openWrites, 250);
  const { saved, rolledBack } = useTally();
  return (
    <div className="counters" aria-label="Writes">
      <Counter value={open} label="in flight" testId="writes-open" hint="Writes shown optimistically and still waiting for the server (first attempt or retrying)" />
      <Counter value={saved} label="saved" testId="writes-saved" hint="Clicks the server confirmed (by its response or its echo on the socket), each counted once" />
      <Counter value={rolledBack} label="rolled back" testId="writes-rolled-back" hint="Clicks given up on after their retries: only that one delta was taken back" />
    </div>
  );
}
