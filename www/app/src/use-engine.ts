/** The engine's status (`/api/control`), polled, and a way to change it. */
import { useCallback, useEffect, useState } from 'react';
import { getControl, setControl, type ControlPatch, type EngineStatus } from './api.ts';

export interface Engine {
  /** `null` while the engine can't be reached. */
  status: EngineStatus | null;
  busy: boolean;
  update: (patch: ControlPatch) => void;
}

export function useEngine(intervalMs = 1000): Engine {
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [busy, setBusy] = useState(false);

  // Poll, so a change made elsewhere (another tab, a script) shows up here.
  useEffect(() => {
    let cancelled = false;
    const refresh = () =>
      getControl()
        .then((s) => !cancelled && setStatus(s))
        .catch(() => !cancelled && setStatus(null));
    void refresh();
    const timer = setInterval(refresh, intervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [intervalMs]);

  const update = useCallback((patch: ControlPatch) => {
    setBusy(true);
    setControl(patch)
      .then(setStatus)
      .catch((e: unknown) => console.error('livemetrics demo: /api/control failed', e))
      .finally(() => setBusy(false));
  }, []);

  return { status, busy, update };
}
