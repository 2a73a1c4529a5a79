/**
 * Expose Corner, the voting feed: the engine's exposes as cards with
 * optimistic votes, comments and shares; the header adds the engine's write
 * faults (503s, lost responses, latency) to its delivery faults.
 */
import { ActivityPanel } from '../ActivityPanel.tsx';
import { FaultControl } from '../FaultControl.tsx';
import { Header } from '../Header.tsx';
import { MutationFaultControl } from '../MutationFaultControl.tsx';
import { RefetchButton } from '../RefetchButton.tsx';
import { StorePanel } from '../StorePanel.tsx';
import type { Engine } from '../use-engine.ts';
import { useItems } from '../use-items.ts';
import { ExposeCard } from './ExposeCard.tsx';
import { fetchExposes } from './expose-api.ts';
import { WriteCounters } from './WriteCounters.tsx';
import { WritesPanel } from './WritesPanel.tsx';

const REFETCH_HINT = 'Fetch the exposes again while writes are in flight: new bases with their versions, and no write lost or counted twice';

export function VotesPage({ engine }: { engine: Engine }) {
  const { state, retry, refetchAll, refetching } = useItems(fetchExposes);

  return (
    <>
      <Header route="votes" cards={state.kind === 'ready' ? state.items.length : 0} engine={engine}>
        <FaultControl engine={engine} />
        <MutationFaultControl engine={engine} />
        <WriteCounters />
        <RefetchButton onClick={refetchAll} busy={refetching} hint={REFETCH_HINT} />
      </Header>
      <div className="page">
        <div className="layout">
          <div className="layout-main">
            <p className="intro">
              <strong>Expose Corner.</strong> Votes, comments and shares count at once and go to the server with their own
              idempotency key. Turn on write faults: a <strong>503</strong> is retried with backoff, a <strong>lost</strong>{' '}
              response times out after 2 s and is retried under the same key — never counted twice — and a write that
              still fails is rolled back alone, with a notice on its card.
            </p>
            {state.kind === 'loading' && <div className="notice">Loading the exposes…</div>}
            {state.kind === 'error' && (
              <div className="notice notice--error" role="alert">
                <p>Could not load the exposes: {state.message}</p>
                <p>Is the engine running? (`make demo`)</p>
                <button type="button" className="btn" onClick={retry}>
                  Retry
                </button>
              </div>
            )}
            {state.kind === 'ready' && state.items.length === 0 && <div className="notice">No exposes yet.</div>}
            {state.kind === 'ready' && state.items.length > 0 && (
              <main className="exposes" aria-label="Exposes">
                {state.items.map((item) => (
                  <ExposeCard key={item.entityId} id={item.entityId} tag={item.tag} title={item.title} author={item.author} metrics={item.metrics} version={item.version} />
                ))}
              </main>
            )}
          </div>
          <aside className="layout-side" aria-label="Writes and store">
            <WritesPanel engine={engine} />
            <ActivityPanel />
            <StorePanel />
          </aside>
        </div>
      </div>
    </>
  );
}
