/**
 * Fault injection on the engine's mutation endpoints: 503s (nothing
 * applied), lost responses (applied, the answer held past the client's 2 s
 * timeout, so it retries under the same idempotency key) and latency.
 */
import type { ControlPatch, MutationFaults } from './api.ts';
import { FaultGroup, type FaultSetting } from './FaultGroup.tsx';
import { percent } from './FaultSelect.tsx';
import type { Engine } from './use-engine.ts';

/** Longer than the cards' 2 s per-attempt timeout, so the client gives up on the attempt first. */
export const LOST_RESPONSE_MS = 3000;

const CHANCES = [0, 0.1, 0.2, 0.3, 0.5];
const LATENCIES = [0, 100, 300, 800, 1500];
const ms = (v: number) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);

const FAULTS: readonly FaultSetting<keyof MutationFaults>[] = [
  { key: 'fail5xx', label: 'fail 5xx', hint: 'Chance a write gets 503 and is not applied (the store retries with backoff)', presets: CHANCES, format: percent },
  {
    key: 'loseResponse',
    label: 'lost',
    hint: `Chance an applied write's response never arrives in time (held ${LOST_RESPONSE_MS / 1000} s): the retry gets the stored answer, nothing counts twice`,
    presets: CHANCES,
    format: percent,
  },
  { key: 'latencyMs', label: 'latency', hint: 'Delay before each write is answered (plus up to 50%)', presets: LATENCIES, format: ms },
];

export function MutationFaultControl({ engine }: { engine: Engine }) {
  return (
    <FaultGroup
      engine={engine}
      title="Writes"
      ariaLabel="Write fault injection"
      settings={FAULTS}
      // A lost response is held past the client's timeout, so its retry meets the stored answer.
      patch={(key, value) => (key === 'loseResponse' ? { loseResponse: value, lostResponseMs: LOST_RESPONSE_MS } : ({ [key]: value } as ControlPatch))}
    />
  );
}
