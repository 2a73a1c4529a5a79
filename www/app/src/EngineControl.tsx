/** Pause/resume the demo engine and pick its delta rate (`/api/control`). */
import { Icon } from './Icon.tsx';
import type { Engine } from './use-engine.ts';

const PRESETS = [5, 20, 40, 100, 300, 1000];

export function EngineControl({ engine: { status, busy, update } }: { engine: Engine }) {
  if (!status) return <div className="engine engine--offline">engine offline</div>;

  const rates = PRESETS.includes(status.rate) ? PRESETS : [...PRESETS, status.rate].sort((a, b) => a - b);

  return (
    <div className="engine" aria-label="Demo engine">
      <button
        type="button"
        className={status.paused ? 'btn btn--resume' : 'btn'}
        onClick={() => update({ paused: !status.paused })}
        disabled={busy}
        data-testid="pause"
        title={status.paused ? 'Resume the engine' : 'Pause the engine (counts stop moving)'}
      >
        <Icon name={status.paused ? 'play' : 'pause'} />
        {status.paused ? 'Resume' : 'Pause'}
      </button>
      <label className="engine-rate" title="Events per second the engine emits across subscribed topics (deltas and project snapshots)">
        <span>rate</span>
        <select data-testid="engine-rate" value={status.rate} disabled={busy} onChange={(e) => update({ rate: Number(e.target.value) })}>
          {rates.map((r) => (
            <option key={r} value={r}>
              {r}/s
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
