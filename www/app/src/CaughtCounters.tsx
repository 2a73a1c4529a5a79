/**
 * What the store caught of the injected faults: replays dropped as
 * duplicates, holes in `seq` detected, older bases and snapshots ignored.
 */
import { formatExact } from './format.ts';
import { useStoreStats } from './sampling.ts';

export function Counter({ value, label, testId, hint }: { value: number; label: string; testId: string; hint: string }) {
  return (
    <span className="counter" title={hint}>
      <span className="counter-value" data-testid={testId}>
        {formatExact(value)}
      </span>
      <span className="counter-label">{label}</span>
    </span>
  );
}

export function CaughtCounters() {
  const stats = useStoreStats();
  return (
    <div className="counters" aria-label="What the store caught">
      <Counter value={stats.duplicatesDropped} label="duplicates dropped" testId="duplicates-dropped" hint="Replayed deltas the store recognised (same eventId or seq) and did not count again" />
      <Counter value={stats.gapsDetected} label="gaps detected" testId="gaps-detected" hint="Holes in seq, or a heartbeat ahead of what arrived: the entity is refetched" />
      <Counter value={stats.staleBasesIgnored} label="stale bases ignored" testId="stale-bases-ignored" hint="Bases and snapshots older than the one held: late messages, heartbeat re-sends, old feed items" />
    </div>
  );
}
