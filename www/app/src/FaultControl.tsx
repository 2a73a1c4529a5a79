/** Fault injection on the engine's deliveries: replay, gap and reorder probabilities. */
import type { Faults } from './api.ts';
import type { Engine } from './use-engine.ts';

const PRESETS = [0, 0.05, 0.1, 0.2, 0.3, 0.5];

const FAULTS: readonly { key: keyof Faults; label: string; hint: string }[] = [
  { key: 'replay', label: 'replay', hint: 'Chance a delta is sent twice (the store drops the copy)' },
  { key: 'gap', label: 'gap', hint: 'Chance a delta is never sent (the store sees the hole in seq and refetches)' },
  { key: 'reorder', label: 'reorder', hint: 'Chance a message arrives late, after a newer one' },
];

const percent = (p: number) => `${Math.round(p * 100)}%`;

export function FaultControl({ engine: { status, busy, update } }: { engine: Engine }) {
  return (
    <div className="faults" role="group" aria-label="Fault injection">
      <span className="toolbar-label">Faults</span>
      {FAULTS.map(({ key, label, hint }) => {
        const value = status?.[key] ?? 0;
        const options = PRESETS.includes(value) ? PRESETS : [...PRESETS, value].sort((a, b) => a - b);
        return (
          <label key={key} className={value > 0 ? 'fault fault--on' : 'fault'} title={hint}>
            <span>{label}</span>
            <select
              data-testid={`fault-${key}`}
              value={value}
              disabled={busy || !status}
              onChange={(e) => update({ [key]: Number(e.target.value) })}
            >
              {options.map((p) => (
                <option key={p} value={p}>
                  {percent(p)}
                </option>
              ))}
            </select>
          </label>
        );
      })}
    </div>
  );
}
