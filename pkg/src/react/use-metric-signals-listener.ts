/**
 * The global listener: while mounted, `metric:update` messages from the
 * transport are applied to the store, and the store's topics are kept
 * subscribed on it (replayed after each reconnect by the transport).
 */
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Transport, TransportStatus } from '../transports/types.js';
import { useMetricSignalsStoreApi } from './context.js';

export function useMetricSignalsListener(transport: Transport | null | undefined): void {
  const store = useMetricSignalsStoreApi();
  useEffect(() => (transport ? store.connect(transport) : undefined), [store, transport]);
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
