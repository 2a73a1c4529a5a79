/** A labelled group of fault settings in the toolbar, one `FaultSelect` per engine field. */
import type { ControlPatch, EngineStatus } from './api.ts';
import { FaultSelect } from './FaultSelect.tsx';
import type { Engine } from './use-engine.ts';

export interface FaultSetting<K extends keyof EngineStatus> {
  key: K;
  label: string;
  hint: string;
  presets: readonly number[];
  format: (value: number) => string;
}

export interface FaultGroupProps<K extends keyof EngineStatus> {
  engine: Engine;
  /** Shown before the selects. */
  title: string;
  ariaLabel: string;
  settings: readonly FaultSetting<K>[];
  /** The control patch for a new value (by default `{ [key]: value }`). */
  patch?: (key: K, value: number) => ControlPatch;
}

export function FaultGroup<K extends keyof EngineStatus>({ engine: { status, busy, update }, title, ariaLabel, settings, patch }: FaultGroupProps<K>) {
  return (
    <div className="faults" role="group" aria-label={ariaLabel}>
      <span className="toolbar-label">{title}</span>
      {settings.map(({ key, label, hint, presets, format }) => (
        <FaultSelect
          key={key}
          label={label}
          hint={hint}
          testId={`fault-${key}`}
          value={Number(status?.[key] ?? 0)}
          presets={presets}
          format={format}
          disabled={busy || !status}
          onChange={(value) => update(patch ? patch(key, value) : ({ [key]: value } as ControlPatch))}
        />
      ))}
    </div>
  );
}
