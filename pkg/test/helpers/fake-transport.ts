import type { Transport, TransportMessage } from 'livemetrics';

/** A transport that records topic changes and delivers messages on demand. */
export function fakeTransport() {
  const handlers = new Set<(m: readonly TransportMessage[]) => void>();
  const log: string[] = [];
  const transport: Transport = {
    subscribe: (t) => void log.push(`+${t}`),
    unsubscribe: (t) => void log.push(`-${t}`),
    onMessage: (h) => {
      handlers.add(h);
      return () => handlers.delete(h);
    },
  };
  const deliver = (messages: TransportMessage[]) => handlers.forEach((h) => h(messages));
  return { transport, log, deliver, handlers };
}
