/**
 * The global listener: while mounted, `metric:update` messages from the
 * transport are applied to the store, and the store's topics are kept
 * subscribed on it (replayed after each reconnect by the transport).
 */
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ConnectOptions } from '../store/api-types.js';
import type { Transport, TransportStatus } from '../transports/types.js';
import { useMetricSignalsStoreApi } from './context.js';

export function useMetricSignalsListener(transport: Transport | null | undefined, options?: ConnectOptions): void {
  const store = useMetricSignalsStoreApi();
  // Handlers may be inline functions: keep one object the connection reads
  // at message time, refreshed each render, so they never force a reconnect.
  const messages = useRef<NonNullable<ConnectOptions['messages']>>({}).current;
  for (const type of Object.keys(messages)) if (!options?.messages?.[type]) delete messages[type];
  Object.assign(messages, options?.messages);
  useEffect(() => (transport ? store.connect(transport, { messages }) : undefined), [store, transport, messages]);
}

/** The transport's connection status (`'closed'` without a transport). */
export function useTransportStatus(transport: Transport | null | undefined): TransportStatus {
  const subscribe = useCallback(
    (onChange: () => void) => transport?.onStatus?.(() => onChange()) ?? (() => {}),
    [transport],
  );
  const getSnapshot = () => transport?.status ?? 'closed';
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
