/** The store's last ten remote events (`getActivity()`), newest first, sampled twice a second. */
import type { ActivityEvent } from 'livemetrics';
import { useMetricSignalsStoreApi } from 'livemetrics/react';
import { Panel } from './Panel.tsx';
import { useSampled } from './sampling.ts';

const SHOWN = 10;

function age(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms / 100) / 10).toFixed(1)}s`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)}s`;
  return `${Math.floor(ms / 60_000)}m`;
}

function Row({ event, now }: { event: ActivityEvent; now: number }) {
  const entity = `${event.entityType}:${event.entityId}`;
  // `project-3` names itself; `Image 45` needs its type.
  const name = typeof event.entityId === 'string' && !/^\d+$/.test(event.entityId) ? event.entityId : `${event.entityType} ${event.entityId}`;
  // `commentCount` → `comment`: the column is narrow.
  const fields = event.changedFields.map((f) => f.replace(/(Count|Amount)$/, '')).join(', ') || '—';
  return (
    <li className={`activity-row activity-row--${event.kind}`} title={`${event.kind} · ${entity} · ${fields}`}>
      <span className="activity-kind">{event.kind === 'snapshot' ? 'snap' : 'Δ'}</span>
      <span className="activity-entity">{name}</span>
      <span className="activity-fields">{fields}</span>
      <span className="activity-age">{age(now - event.at)}</span>
    </li>
  );
}

export function ActivityPanel() {
  const store = useMetricSignalsStoreApi();
  const { events, now } = useSampled(() => ({ events: store.getState().getActivity().slice(0, SHOWN), now: Date.now() }), 500);
  return (
    <Panel icon="activity" title="Activity" hint={`last ${SHOWN} events`} testId="activity">
      {events.length === 0 ? (
        <p className="panel-empty">Nothing yet: events show up as they reach the store.</p>
      ) : (
        <ol className="activity">
          {events.map((event, i) => (
            <Row key={i} event={event} now={now} />
          ))}
        </ol>
      )}
    </Panel>
  );
}
