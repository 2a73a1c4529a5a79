/**
 * Why is this count what it is: the store's `explain` for the count you
 * clicked, live — its base and watermark, each delta still counted over
 * it, the app's writes in flight, and the trail of every delta that
 * reached it (traced while the inspector is open) with what became of it.
 */
import type { Explanation, MetricEntityType, MetricType } from 'livemetrics';
import { useLiveMetric } from 'livemetrics/react';
import { useEffect, useState } from 'react';
import { formatExact } from '../format.ts';
import { store } from '../store.ts';
import { closeInspector, useInspected, type InspectedKey } from './inspected.ts';

const TRAIL_SHOWN = 12;

function explain(key: InspectedKey): Explanation | null {
  try {
    return store.getState().explain(key.entityType as MetricEntityType, key.entityId, key.metric as MetricType);
  } catch {
    return null;
  }
}

function useExplanation(key: InspectedKey): Explanation | null {
  // Re-rendered when the key changes, and now and then for what leaves it unchanged (replays, covered deltas).
  useLiveMetric(key.entityType as MetricEntityType, key.entityId, key.metric as MetricType, 0, { subscribe: false });
  const [, setTick] = useState(0);
  useEffect(() => store.trace(key.entityType as MetricEntityType, key.entityId), [key.entityType, key.entityId]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 500);
    return () => clearInterval(timer);
  }, []);
  return explain(key);
}

const watermark = (e: Explanation) =>
  [e.version !== undefined && `version ${e.version}`, e.asOf !== undefined && `as of token ${e.asOf}`, e.snapshotAt !== undefined && `snapshot at ${new Date(e.snapshotAt).toLocaleTimeString()}`]
    .filter(Boolean)
    .join(', ') || 'none';

export function Inspector() {
  const key = useInspected();
  return key ? <InspectorPanel key={`${key.entityType}:${key.entityId}:${key.metric}`} target={key} /> : null;
}

function InspectorPanel({ target }: { target: InspectedKey }) {
  const e = useExplanation(target);
  const trail = e?.trail.slice(-TRAIL_SHOWN).reverse() ?? [];
  return (
    <aside className="inspector" data-testid="inspector" role="dialog" aria-label="Why this count">
      <header className="inspector-head">
        <h2>
          {target.entityType}:{String(target.entityId)} · {target.metric}
        </h2>
        <button type="button" className="inspector-close" onClick={closeInspector} aria-label="Close the inspector" data-testid="inspector-close">
          ×
        </button>
      </header>
      {e ? (
        <>
          <p className="inspector-value">
            <strong data-testid="inspector-value">{formatExact(e.shown)}</strong> = base {e.base === undefined ? '—' : formatExact(e.base)} + counted{' '}
            {formatExact(e.delta)} + in flight {formatExact(e.optimistic)}
          </p>
          <dl className="inspector-facts">
            <dt>watermark</dt>
            <dd data-testid="inspector-watermark">{watermark(e)}</dd>
            <dt>stale</dt>
            <dd>{e.stale ?? 'no'}</dd>
            <dt>counted over the base</dt>
            <dd data-testid="inspector-counted">
              {e.counted.length === 0 ? 'none itemized' : e.counted.map((c) => `${c.seq !== undefined ? `seq ${c.seq}` : `#${c.tick}`} ${signed(c.delta)}`).join(', ')}
              {e.folded !== 0 && ` (+ ${formatExact(e.folded)} not itemized)`}
            </dd>
            <dt>writes in flight</dt>
            <dd>{e.pending.length === 0 ? 'none' : e.pending.map((p) => `${p.id.slice(0, 8)} ${p.state} (${p.attempts} attempts) ${signed(p.delta)}`).join(', ')}</dd>
          </dl>
          <h3>Trail (since opened, newest first)</h3>
          <ol className="inspector-trail" data-testid="inspector-trail">
            {trail.length === 0 && <li className="muted">Waiting for the next delta…</li>}
            {trail.map((t, i) => (
              <li key={`${t.at}-${i}`} data-fate={t.fate} className={`fate-${t.fate}`}>
                <span>{t.source}</span> <span>{signed(t.delta)}</span> {t.seq !== undefined && <span>seq {t.seq}</span>} {t.eventId && <span>event {t.eventId}</span>}{' '}
                <em>{t.fate}</em>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="muted">Nothing known about this key.</p>
      )}
    </aside>
  );
}

const signed = (d: number) => (d >= 0 ? `+${formatExact(d)}` : `−${formatExact(-d)}`);
