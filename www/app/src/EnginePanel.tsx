/** What the engine sent, and the faults it injected on the way. */
import { formatExact } from './format.ts';
import { Panel, PanelRow } from './Panel.tsx';
import type { Engine } from './use-engine.ts';

const n = (v: number | undefined) => (v === undefined ? '–' : formatExact(v));

export function EnginePanel({ engine: { status } }: { engine: Engine }) {
  return (
    <Panel icon="sparkles" title="Engine" hint={status ? `${status.connections} connection${status.connections === 1 ? '' : 's'}` : 'offline'}>
      <dl className="panel-list">
        <PanelRow label="deltas emitted" value={n(status?.emitted)} hint="metric:update deltas generated (including those a gap fault withheld)" />
        <PanelRow label="project snapshots" value={n(status?.snapshots)} hint="projectStatsUpdate snapshots generated" />
        <PanelRow label="replayed" value={n(status?.replayed)} hint="Deltas sent twice" testId="engine-replayed" />
        <PanelRow label="dropped" value={n(status?.dropped)} hint="Deltas never sent (gaps)" testId="engine-dropped" />
        <PanelRow label="reordered" value={n(status?.reordered)} hint="Messages delivered after a newer one" testId="engine-reordered" />
      </dl>
    </Panel>
  );
}
