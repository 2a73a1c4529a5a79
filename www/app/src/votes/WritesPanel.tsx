/** What the engine did with the writes: applied once each, retries answered from its idempotency store, injected faults. */
import { formatExact } from '../format.ts';
import { Panel, PanelRow } from '../Panel.tsx';
import type { Engine } from '../use-engine.ts';

const n = (v: number | undefined) => (v === undefined ? '–' : formatExact(v));

export function WritesPanel({ engine: { status } }: { engine: Engine }) {
  return (
    <Panel icon="check" title="Writes on the engine" testId="writes-panel">
      <dl className="panel-list">
        <PanelRow label="applied" value={n(status?.mutations)} hint="Writes the engine applied: one event each, however many times they were retried" testId="engine-mutations" />
        <PanelRow label="retries answered" value={n(status?.idempotentReplays)} hint="Retries with an idempotency key already applied: answered from the stored response, nothing applied twice" testId="engine-replays" />
        <PanelRow label="refused (503)" value={n(status?.failed5xx)} hint="Requests refused by the fail 5xx fault: nothing applied, the client retries" testId="engine-failed5xx" />
        <PanelRow label="responses lost" value={n(status?.lostResponses)} hint="Applied writes whose response was held past the client's timeout" testId="engine-lost" />
      </dl>
    </Panel>
  );
}
