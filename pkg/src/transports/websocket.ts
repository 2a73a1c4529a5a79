/**
 * A native WebSocket transport.
 *
 * Wire format (the livemetrics engine's; adapt with `encode`/`decode`):
 * - client → server: `{ "type": "subscribe" | "unsubscribe", "topics": [...] }`
 * - server → client: a message `{ type, topic?, data }` or an array of them per frame.
 *
 * Topic changes are batched per microtask into one frame each way; all held
 * topics are re-sent after every (re)connect; reconnects back off
 * exponentially with full jitter. With the default wire format, a store
 * reads frames as received (`onFrame`: one parse, in wasm); a custom
 * `decode` hands parsed messages instead.
 */
import type { Transport, TransportMessage, TransportStatus } from './types.js';

export interface WebSocketTransportOptions {
  url: string;
  protocols?: string | string[];
  /** Reconnect backoff: first delay, cap and growth factor (defaults 500 ms, 10 s, 2). */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; factor?: number } | false;
  /** The WebSocket class (defaults to the global one; pass `ws` in older Node). */
  WebSocket?: WebSocketLike;
  /** Frame → messages; return [] to ignore a frame. */
  decode?: (data: unknown) => readonly TransportMessage[];
  /** Topic change → frame. */
  encode?: (change: { type: 'subscribe' | 'unsubscribe'; topics: string[] }) => string;
}

interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type WebSocketLike = new (url: string, protocols?: string | string[]) => SocketLike;

export interface WebSocketTransport extends Transport {
  /** Text frames as received (absent with a custom `decode`). */
  onFrame?(handler: (frame: string) => void): () => void;
  readonly status: TransportStatus;
  onStatus(handler: (status: TransportStatus) => void): () => void;
  /** Frames received and frames that could not be decoded. */
  readonly stats: { frames: number; messages: number; badFrames: number; reconnects: number };
  /** Close for good (no reconnect). */
  close(): void;
}

const OPEN = 1;

export function defaultDecode(data: unknown): readonly TransportMessage[] {
  if (typeof data !== 'string') return [];
  const parsed: unknown = JSON.parse(data);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.filter((m): m is TransportMessage => typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string');
}

export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketLike }).WebSocket;
  if (!Socket) throw new Error('livemetrics createWebSocketTransport: WebSocket is not available here; pass options.WebSocket');
  const decode = options.decode ?? defaultDecode;
  const encode = options.encode ?? ((change) => JSON.stringify(change));
  const backoff = options.reconnect === false ? null : { initialDelayMs: 500, maxDelayMs: 10_000, factor: 2, ...options.reconnect };

  const topics = new Set<string>();
  const pending = new Map<string, boolean>();
  const messageHandlers = new Set<(messages: readonly TransportMessage[]) => void>();
  const frameHandlers = new Set<(frame: string) => void>();
  const statusHandlers = new Set<(status: TransportStatus) => void>();
  const stats = { frames: 0, messages: 0, badFrames: 0, reconnects: 0 };
  let status: TransportStatus = 'connecting';
  let socket: SocketLike | null = null;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let sendScheduled = false;

  const setStatus = (next: TransportStatus) => {
    if (next === status) return;
    status = next;
    for (const h of statusHandlers) h(next);
  };

  const send = (type: 'subscribe' | 'unsubscribe', list: string[]) => {
    if (list.length > 0 && socket?.readyState === OPEN) socket.send(encode({ type, topics: list }));
  };

  const flushPending = () => {
    sendScheduled = false;
    const subscribe: string[] = [];
    const unsubscribe: string[] = [];
    for (const [topic, wanted] of pending) (wanted ? subscribe : unsubscribe).push(topic);
    pending.clear();
    send('subscribe', subscribe);
    send('unsubscribe', unsubscribe);
  };

  const queue = (topic: string, wanted: boolean) => {
    pending.set(topic, wanted);
    if (!sendScheduled) {
      sendScheduled = true;
      queueMicrotask(flushPending);
    }
  };

  const connect = () => {
    retryTimer = null;
    setStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new Socket(options.url, options.protocols);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('open');
      pending.clear();
      send('subscribe', [...topics]);
    };
    ws.onmessage = (event) => {
      stats.frames++;
      if (typeof event.data === 'string') for (const h of frameHandlers) h(event.data);
      if (messageHandlers.size === 0) return;
      let messages: readonly TransportMessage[];
      try {
        messages = decode(event.data);
      } catch {
        stats.badFrames++;
        return;
      }
      stats.messages += messages.length;
      if (messages.length > 0) for (const h of messageHandlers) h(messages);
    };
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (closed || !backoff) {
        setStatus('closed');
        return;
      }
      const cap = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * backoff.factor ** attempt);
      attempt++;
      stats.reconnects++;
      setStatus('reconnecting');
      retryTimer = setTimeout(connect, Math.random() * cap);
    };
  };

  connect();

  const onFrame = (handler: (frame: string) => void) => {
    frameHandlers.add(handler);
    return () => frameHandlers.delete(handler);
  };

  return {
    get status() {
      return status;
    },
    ...(options.decode ? {} : { onFrame }),
    stats,
    subscribe(topic) {
      if (topics.has(topic)) return;
      topics.add(topic);
      queue(topic, true);
    },
    unsubscribe(topic) {
      if (!topics.delete(topic)) return;
      queue(topic, false);
    },
    onMessage(handler) {
      messageHandlers.add(handler);
      return () => messageHandlers.delete(handler);
    },
    onStatus(handler) {
      statusHandlers.add(handler);
      return () => statusHandlers.delete(handler);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close(1000, 'closed by client');
      socket = null;
      setStatus('closed');
    },
  };
}
