/**
 * A development bridge to the Redux DevTools extension — the protocol
 * zustand's `devtools` middleware speaks: `connect()`, then `init(state)`
 * and labelled actions (`remote/delta`, `remote/snapshot`, `base/set`,
 * `optimistic/apply`, `optimistic/rollback`, `resync`, …) with the state
 * after them. A stream is throttled: actions within `throttleMs` go out as
 * one (`remote/delta ×40`). Off in production builds unless forced.
 */
import type { MetricSignalsStoreApi } from '../store/api-types.js';
import { internalsOf } from '../store/internals.js';
import type { StoreEvent } from '../store/store-events.js';

/** The part of the extension's connection the bridge uses. */
export interface DevtoolsConnection {
  init(state: unknown): void;
  send(action: { type: string; [key: string]: unknown }, state: unknown): void;
  unsubscribe?(): void;
}

export interface DevtoolsExtension {
  connect(options: { name?: string; [key: string]: unknown }): DevtoolsConnection;
}

export interface DevtoolsOptions {
  /** The instance name in the extension (default `'livemetrics'`). */
  name?: string;
  /** Force on (or off); default: on unless `process.env.NODE_ENV` is `'production'`. */
  enabled?: boolean;
  /** Actions within this window go out as one (default 100 ms). */
  throttleMs?: number;
  /** The extension (default `window.__REDUX_DEVTOOLS_EXTENSION__`). */
  extension?: DevtoolsExtension;
}

declare const process: { env: { NODE_ENV?: string } };
function production(): boolean {
  try {
    return process.env.NODE_ENV === 'production';
  } catch {
    return false;
  }
}

/** What the extension shows as the state: serializable, diffable. */
function snapshot(store: MetricSignalsStoreApi): unknown {
  const state = store.getState();
  return { deltas: { ...state.deltas }, topics: [...store.getTopics()], stats: state.getStats(), enabled: store.isEnabled() };
}

/** Connects a store to the extension; returns disconnect (a no-op when off or absent). */
export function connectDevtools(store: MetricSignalsStoreApi, options: DevtoolsOptions = {}): () => void {
  const on = options.enabled ?? !production();
  const extension = options.extension ?? (globalThis as { __REDUX_DEVTOOLS_EXTENSION__?: DevtoolsExtension }).__REDUX_DEVTOOLS_EXTENSION__;
  if (!on || !extension) return () => {};
  const connection = extension.connect({ name: options.name ?? 'livemetrics' });
  connection.init(snapshot(store));
  const throttleMs = options.throttleMs ?? 100;
  let queued: StoreEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    timer = null;
    const events = queued;
    queued = [];
    // Runs of one type go out as one action.
    let i = 0;
    while (i < events.length) {
      const first = events[i] as StoreEvent;
      let j = i + 1;
      while (j < events.length && events[j]?.type === first.type) j++;
      const n = j - i;
      const type = n > 1 ? `${first.type} ×${n}` : first.type;
      connection.send({ type, ...(n > 1 ? { events: events.slice(i, j).map((e) => e.detail) } : first.detail) }, snapshot(store));
      i = j;
    }
  };
  const off = internalsOf(store).events.listen((event) => {
    queued.push(event);
    if (timer === null) timer = setTimeout(send, throttleMs);
  });
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
    connection.unsubscribe?.();
  };
}
