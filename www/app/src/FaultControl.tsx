/** Fault injection on the engine's deliveries: replay, gap and reorder probabilities. */
import type { Faults } from './api.ts';
import { FaultGroup, type FaultSetting } from './FaultGroup.tsx';
import { percent } from './FaultSelect.tsx';
import type { Engine } from './use-engine.ts';

const PRESETS = [0, 0.05, 0.1, 0.2, 0.3, 0.5];

const FAULTS: readonly FaultSetting<keyof Faults>[] = [
  { key: 'replay', label: 'replay', hint: 'Chance a delta is sent twice (the store drops the copy)', presets: PRESETS, format: percent },
  {
    key: 'gap',
    label: 'gap',
    hint: 'Chance a delta is never sent (the store sees the hole in seq and refetches)',
    presets: PRESETS,
    format: percent,
  },
  { key: 'reorder', label: 'reorder', hint: 'Chance a message arrives late, after a newer one', presets: PRESETS, format: percent },
];

export function FaultControl({ engine }: { engine: Engine }) {
  return <FaultGroup engine={engine} title="Faults" ariaLabel="Fault injection" settings={FAULTS} />;
}
