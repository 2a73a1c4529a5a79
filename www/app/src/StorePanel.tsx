/** A few numbers about the store itself: what it holds and what it still has to verify. */
import { staleCount } from './diagnostics.ts';
import { formatExact } from './format.ts';
import { Panel, PanelRow } from './Panel.tsx';
import { useSampled, useStoreStats } from './sampling.ts';

const n = formatExact;

export function StorePanel() {
  const stats = useStoreStats(1000);
  const stale = useSampled(staleCount, 500);
  return (
    <Panel icon="bolt" title="Store">
      <dl className="panel-list">
        <PanelRow label="entities" value={n(stats.entities)} hint="Entities the store knows (with deltas, bases, listeners or topics)" />
        <PanelRow label="signals applied" value={n(stats.signalsApplied)} hint="Remote payloads accepted: deltas and heartbeats" />
        <PanelRow label="covered by a base" value={n(stats.coveredDropped)} hint="Deltas not counted because the card's base already included them (e.g. after Refetch all)" />
        <PanelRow label="awaiting refetch" value={n(stale)} hint="Rendered entities whose counts wait for a fresh base" testId="stale-now" />
        <PanelRow label="wasm memory" value={`${n(Math.round(stats.wasmMemoryBytes / 1024))} KB`} hint="WebAssembly memory of all stores" />
      </dl>
    </Panel>
  );
}
