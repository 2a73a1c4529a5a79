/** What the store needs from a real-time connection. */

/** One message from the server: `{ type: 'metric:update', topic, data }`. */
export interface TransportMessage {
  type: string;
  topic?: string;
  data: unknown;
}

export type TransportStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Transport {
  /** Start receiving a topic (idempotent). */
  subscribe(topic: string): void;
  /** Stop receiving a topic (idempotent). */
  unsubscribe(topic: string): void;
  /** Messages arrive in batches (one per socket frame); returns an unsubscribe function. */
  onMessage(handler: (messages: readonly TransportMessage[]) => void): () => void;
  /**
   * Frames as received, for transports that have the text: a frame is one
   * message `{ type, topic?, data }` or an array of them (JSON). When a
   * transport offers it, the store reads frames in wasm (one parse) instead
   * of taking parsed messages.
   */
  onFrame?(handler: (frame: string) => void): () => void;
  /** Connection status changes; returns an unsubscribe function. */
  onStatus?(handler: (status: TransportStatus) => void): () => void;
  /** The current connection status, if the transport knows it. */
  readonly status?: TransportStatus;
}

/** The message type of metric deltas (the seed's `SignalMessages.MetricUpdate`). */
export { METRIC_UPDATE } from '../abi/generated.js';
