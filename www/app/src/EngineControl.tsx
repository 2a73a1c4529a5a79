/** Pause/resume the demo engine and pick its delta rate (`/api/control`). */
import { useCallback, useEffect, useState } from 'react';
import { getControl, setControl, type EngineStatus } from './api.ts';
import { Icon } from './Icon.tsx';

const PRESETS = [5, 20, 40, 100, 300, 1000];

export function EngineControl() {
  const [engine, setEngine] = useState<EngineStatus | null>(null);
  const [busy, setBusy] = useState(false);

  // Poll, so a change made elsewhere (another tab, a script) shows up here.
  useEffect(() => {
    let cancelled = false;
    const refresh = () =>
      getControl()
        .then((s) => !cancelled && setEngine(s))
        .catch(() => !cancelled && setEngine(null));
    void refresh();
    const timer = setInterval(refresh, 2000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  const update = useCallback((patch: { rate?: number; paused?: boolean }) => {
    setBusy(true);
    setControl(patch)
      .then(setEngine)
      .catch((e: unknown) => console.error('livemetrics demo: /api/control failed', e))
      .finally(() => setBusy(false));
  }, []);

  if (!engine) return <div className="engine engine--offline">engine offline</div>;

  const rates = PRESETS.includes(engine.rate) ? PRESETS : [...PRESETS, engine.rate].sort((a, b) => a - b);

  return (
    <div className="engine" aria-label="Demo engine">
      <button
        type="button"
        className={engine.paused ? 'btn btn--resume' : 'btn'}
        onClick={() => update({ paused: !engine.paused })}
        disabled={busy}
        data-testid="pause"
        title={engine.paused ? 'Resume the engine' : 'Pause the engine (counts stop moving)'}
      >
        <Icon name={engine.paused ? 'play' : 'pause'} />
        {engine.paused ? 'Resume' : 'Pause'}
      </button>
      <label className="engine-rate" title="Deltas per second the engine emits across subscribed topics">
        <span>rate</span>
        <select data-testid="engine-rate" value={engine.rate} disabled={busy} onChange={(e) => update({ rate: Number(e.target.value) })}>
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
