/**
 * Wires a transport to a store: each frame's `metric:update` payloads are
 * applied in one call (one notification), and the store's held topics are
 * subscribed on the transport — now and as they change.
 */
import type { Actions } from '../store/actions.js';
import type { StoreRuntime } from '../store/runtime.js';
import { METRIC_UPDATE, type Transport, type TransportMessage } from './types.js';

export function connectTransport(rt: StoreRuntime, actions: Actions, transport: Transport): () => void {
  const onMessages = (messages: readonly TransportMessage[]) => {
    const payloads: unknown[] = [];
    for (const m of messages) if (m && m.type === METRIC_UPDATE) payloads.push(m.data);
    if (payloads.length > 0) actions.applySignals(payloads);
  };
  const off = transport.onMessage(onMessages);
  rt.topics.add(transport);
  let connected = true;
  return () => {
    if (!connected) return;
    connected = false;
    off();
    rt.topics.remove(transport);
  };
}
