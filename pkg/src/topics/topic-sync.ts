/**
 * Keeps connected transports subscribed to the topics the store holds.
 * Refcounts live in the core; net changes are drained once per microtask,
 * so a release followed by a re-acquire in the same tick (StrictMode's
 * double effects, a re-mounting card) never reaches the socket. Topics
 * are named here, with the store's topic format. While the store is
 * disabled (a feature flag off), no topic is held on any transport.
 */
import { decodeEntities, decodeTopicChanges } from '../abi/protocol.js';
import type { Transport } from '../transports/types.js';
import type { EntityId } from '../types.js';
import type { CoreStore } from '../wasm/load.js';
import type { VocabMirror } from '../store/vocab.js';

/** The seed site's topic names. */
export const DEFAULT_TOPIC_FORMAT = 'metrics:{entityType}:{entityId}';

export function topicName(format: string, entityType: string, entityId: EntityId): string {
  return format.replaceAll('{entityType}', entityType).replaceAll('{entityId}', String(entityId));
}

const NONE: readonly string[] = Object.freeze([]);

export class TopicSync {
  private readonly transports = new Set<Transport>();
  private readonly listeners = new Set<() => void>();
  private scheduled = false;
  private enabled = true;
  /** The held topics as last reported (a stable array between changes). */
  private held: readonly string[] = NONE;

  constructor(
    private readonly core: CoreStore,
    private readonly vocab: VocabMirror,
    readonly format: string = DEFAULT_TOPIC_FORMAT,
  ) {}

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
    const changes = decodeTopicChanges(this.core.drainTopicChanges());
    if (this.enabled) {
      for (const change of changes) {
        const topic = this.name(change.typeCode, change.entityId);
        for (const t of this.transports) safely(() => (change.subscribe ? t.subscribe(topic) : t.unsubscribe(topic)));
      }
    }
    this.report();
  }

  /** Topics held right now (none while disabled). */
  active(): readonly string[] {
    this.flush();
    return this.held;
  }

  /** Called after the held topics changed, or the store was switched on or off. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(transport: Transport): void {
    for (const topic of this.active()) safely(() => transport.subscribe(topic));
    this.transports.add(transport);
  }

  remove(transport: Transport): void {
    if (!this.transports.delete(transport)) return;
    for (const topic of this.active()) safely(() => transport.unsubscribe(topic));
  }

  /** Off: every transport lets go of every topic; on: they take them back. */
  setEnabled(on: boolean): void {
    if (on === this.enabled) return;
    this.flush();
    const topics = this.current();
    this.enabled = on;
    for (const t of this.transports) {
      for (const topic of topics) safely(() => (on ? t.subscribe(topic) : t.unsubscribe(topic)));
    }
    this.report();
  }

  private current(): string[] {
    return decodeEntities(this.core.activeTopics()).map((e) => this.name(e.typeCode, e.entityId));
  }

  private reportedEnabled = true;

  private report(): void {
    const next = this.enabled ? this.current() : NONE;
    const same = next.length === this.held.length && next.every((t, i) => t === this.held[i]);
    if (same && this.reportedEnabled === this.enabled) return;
    this.held = same ? this.held : Object.freeze(next);
    this.reportedEnabled = this.enabled;
    for (const l of [...this.listeners]) safely(l);
  }

  private name(typeCode: number, entityId: EntityId): string {
    return topicName(this.format, this.vocab.typeName(typeCode) ?? String(typeCode), entityId);
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
