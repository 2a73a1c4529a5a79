/** Fault injection on the engine's deliveries: replay, gap and reorder probabilities. */
import type { Faults } from './api.ts';
import { FaultSelect, percent } from './FaultSelect.tsx';
import type { Engine } from './use-engine.ts';

const PRESETS = [0, 0.05, 0.1, 0.2, 0.3, 0.5];

const FAULTS: readonly { key: keyof Faults; label: string; hint: string }[] = [
  { key: 'replay', label: 'replay', hint: 'Chance a delta is sent twice (the store drops the copy)' },
  { key: 'gap', label: 'gap', hint: 'Chance a delta is never sent (the store sees the hole in seq and refetches)' },
  { key: 'reorder', label: 'reorder', hint: 'Chance a message arrives late, after a newer one' },
];

export function FaultControl({ engine: { status, busy, update } }: { engine: Engine }) {
  return (
    <div className="faults" role="group" aria-label="Fault injection">
      <span className="toolbar-label">Faults</span>
      {FAULTS.map(({ key, label, hint }) => (
        <FaultSelect
          key={key}
          label={label}
          hint={hint}
          testId={`fault-${key}`}
          value={status?.[key] ?? 0}
          presets={PRESETS}
          format={percent}
          disabled={busy || !status}
          onChange={(value) => update({ [key]: value })}
        />
      ))}
    </div>
  );
}
