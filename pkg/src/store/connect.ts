/**
 * Wires a transport to a store: each frame's `metric:update` payloads are
 * applied in one call (one notification) — as text read in wasm when the
 * transport has the frames, else as the messages it parsed — other message
 * types go to the app's handlers, and the store's held topics are
 * subscribed on the transport — now and as they change. A reconnect marks held entities stale:
 * deltas sent while the socket was down are lost, so their bases are refetched.
 */
import type { ConnectOptions } from './api-types.js';
import type { Actions } from './actions.js';
import type { StoreRuntime } from './runtime.js';
import type { MetricSignalsState } from '../types.js';
import { METRIC_UPDATE, type Transport, type TransportMessage } from '../transports/types.js';

export function connectTransport(
  rt: StoreRuntime,
  actions: Actions,
  transport: Transport,
  getState: () => MetricSignalsState,
  options: ConnectOptions = {},
): () => void {
  const handlers = options.messages ?? {};
  // One app handler's bug must not drop the rest of the frame; it is still reported.
  const handle = (handler: ((data: unknown, state: MetricSignalsState) => void) | undefined, data: unknown) => {
    try {
      handler?.(data, getState());
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  };
  const onMessages = (messages: readonly TransportMessage[]) => {
    if (!rt.enabled) return;
    const payloads: unknown[] = [];
    rt.notifier.batch(() => {
      for (const m of messages) {
        if (!m) continue;
        if (m.type === METRIC_UPDATE) payloads.push(m.data);
        else if (Object.prototype.hasOwnProperty.call(handlers, m.type)) handle(handlers[m.type], m.data);
      }
      if (payloads.length > 0) actions.applySignals(payloads);
    });
  };
  const onFrame = (frame: string) => {
    if (!rt.enabled) return;
    const keepOthers = Object.keys(handlers).length > 0;
    rt.notifier.batch(() => {
      for (const m of actions.applyFrames(frame, keepOthers)) {
        if (m && typeof m === 'object' && Object.prototype.hasOwnProperty.call(handlers, m.type)) handle(handlers[m.type], m.data);
      }
    });
  };
  const offMessages = transport.onFrame ? transport.onFrame(onFrame) : transport.onMessage(onMessages);
  let opened = transport.status === 'open';
  const offStatus =
    transport.onStatus?.((status) => {
      if (status !== 'open') return;
      if (opened && rt.core.markHeldStale() > 0) rt.resync.schedule();
      opened = true;
    }) ?? (() => {});
  rt.topics.add(transport);
  let connected = true;
  return () => {
    if (!connected) return;
    connected = false;
    offMessages();
    offStatus();
    rt.topics.remove(transport);
  };
}
