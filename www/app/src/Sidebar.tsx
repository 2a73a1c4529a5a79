/** Beside the feed (above it on narrow screens): activity, the store, the engine. */
import { ActivityPanel } from './ActivityPanel.tsx';
import { EnginePanel } from './EnginePanel.tsx';
import { StorePanel } from './StorePanel.tsx';
import type { Engine } from './use-engine.ts';

export function Sidebar({ engine }: { engine: Engine }) {
  return (
    <aside className="layout-side" aria-label="Store and engine">
      <ActivityPanel />
      <StorePanel />
      <EnginePanel engine={engine} />
    </aside>
  );
}
