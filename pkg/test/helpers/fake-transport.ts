import type { Transport, TransportMessage, TransportStatus } from 'livemetrics';

/** A transport that records topic changes and delivers messages and status on demand. */
export function fakeTransport() {
  const handlers = new Set<(m: readonly TransportMessage[]) => void>();
  const statusHandlers = new Set<(s: TransportStatus) => void>();
  const log: string[] = [];
  let status: TransportStatus = 'connecting';
  const transport: Transport = {
    subscribe: (t) => void log.push(`+${t}`),
    unsubscribe: (t) => void log.push(`-${t}`),
    onMessage: (h) => {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    onStatus: (h) => {
      statusHandlers.add(h);
      return () => statusHandlers.delete(h);
    },
    get status() {
      return status;
    },
  };
  const deliver = (messages: TransportMessage[]) => handlers.forEach((h) => h(messages));
  const setStatus = (next: TransportStatus) => {
    status = next;
    statusHandlers.forEach((h) => h(next));
  };
  return { transport, log, deliver, handlers, setStatus };
}
