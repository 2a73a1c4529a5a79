/** The app: one socket for every page, the engine's status, and the page the hash names. */
import type { MetricSignalsState } from 'livemetrics';
import { useMetricSignalsListener } from 'livemetrics/react';
import { FeedPage } from './FeedPage.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { useRoute } from './route.ts';
import { transport } from './transport.ts';
import { useEngine } from './use-engine.ts';
import { VotesPage } from './votes/VotesPage.tsx';

/** The engine's `projectStatsUpdate` payload (the seed dashboard's shape). */
interface ProjectStatsUpdate {
  projectId: string;
  stats: Record<string, unknown>;
  operation: string;
  timestamp: number;
}

const messages = {
  // Absolute snapshots; an older one (a reordered message, a heartbeat's re-send) is ignored.
  projectStatsUpdate: (d: ProjectStatsUpdate, s: MetricSignalsState) =>
    s.applySnapshot('Project', d.projectId, d.stats, { timestamp: d.timestamp }),
};

export function App() {
  // One connection for the page: topics held by any card are subscribed on it.
  useMetricSignalsListener(transport, { messages });
  const route = useRoute();
  const engine = useEngine();
  return (
    <>
      {route === 'votes' ? <VotesPage engine={engine} /> : <FeedPage engine={engine} />}
      <Inspector />
    </>
  );
}
