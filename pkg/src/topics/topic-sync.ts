/**
 * Keeps connected transports subscribed to the topics the store holds.
 * Refcounts live in the core; net changes are drained once per microtask,
 * so a release followed by a re-acquire in the same tick (StrictMode's
 * double effects, a re-mounting card) never reaches the socket.
 */
import type { CoreStore } from '../wasm/load.js';
import type { Transport } from '../transports/types.js';

export class TopicSync {
  private readonly transports = new Set<Transport>();
  private scheduled = false;

  constructor(private readonly core: CoreStore) {}

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends pending subscribe/unsubscribe changes now. */
  flush(): void {
    if (!this.core.hasTopicChanges()) return;
    for (const change of this.core.drainTopicChanges()) {
      const topic = change.slice(1);
      const subscribe = change.startsWith('+');
      for (const t of this.transports) {
        safely(() => (subscribe ? t.subscribe(topic) : t.unsubscribe(topic)));
      }
    }
  }

  /** Topics held right now. */
  active(): string[] {
    this.flush();
    return this.core.activeTopics();
  }

  add(transport: Transport): void {
    for (const topic of this.active()) safely(() => transport.subscribe(topic));
    this.transports.add(transport);
  }

  remove(transport: Transport): void {
    if (!this.transports.delete(transport)) return;
    for (const topic of this.active()) safely(() => transport.unsubscribe(topic));
  }
}

/** A throwing transport must not stop the others; the error is still reported. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
