/**
 * Opt-in session persistence: the store is read from Web Storage at start
 * and written back debounced after changes (and right away when the page is
 * hidden or unloaded). A corrupt or foreign blob is ignored with a warning —
 * start-up never fails because of what a previous page left behind.
 */
import { STORAGE } from '../abi/protocol.js';
import type { CoreStore } from '../wasm/load.js';

export type PersistMode = 'session' | 'local' | false;

const KIND = { session: STORAGE.SESSION, local: STORAGE.LOCAL } as const;
const DEBOUNCE_MS = 500;

function warn(message: string, error?: unknown): void {
  console.warn(`livemetrics: ${message}${error === undefined ? '' : `: ${String((error as Error)?.message ?? error)}`}`);
}

/** Restores `core` from storage; returns whether state was restored. */
export function restore(core: CoreStore, mode: PersistMode, key: string): boolean {
  if (!mode) return false;
  try {
    return core.restoreFrom(KIND[mode], key);
  } catch (error) {
    warn(`ignoring the persisted state under "${key}" (corrupt or from another version)`, error);
    return false;
  }
}

export class PersistWriter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failed = false;

  constructor(
    private readonly core: CoreStore,
    private readonly mode: 'session' | 'local',
    private readonly key: string,
  ) {
    const target = globalThis as { addEventListener?: (type: string, fn: () => void) => void; document?: { visibilityState?: string } };
    target.addEventListener?.('pagehide', () => this.writeNow());
    target.addEventListener?.('visibilitychange', () => {
      if (target.document?.visibilityState === 'hidden') this.writeNow();
    });
  }

  /** Something changed: write soon. */
  changed(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.writeNow(), DEBOUNCE_MS);
  }

  writeNow(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    try {
      this.core.persistTo(KIND[this.mode], this.key);
    } catch (error) {
      // Quota or a blocked storage: say so once, keep working in memory.
      if (!this.failed) warn(`could not persist to ${this.mode}Storage`, error);
      this.failed = true;
    }
  }
}
