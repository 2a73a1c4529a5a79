/**
 * Keeps connected transports subscribed to the topics the store holds.
 * Refcounts live in the core; net changes are drained once per microtask,
 * so a release followed by a re-acquire in the same tick (StrictMode's
 * double effects, a re-mounting card) never reaches the socket. Topics
 * are named here, with the store's topic format.
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

export class TopicSync {
  private readonly transports = new Set<Transport>();
  private scheduled = false;

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
    for (const change of decodeTopicChanges(this.core.drainTopicChanges())) {
      const topic = this.name(change.typeCode, change.entityId);
      for (const t of this.transports) {
        safely(() => (change.subscribe ? t.subscribe(topic) : t.unsubscribe(topic)));
      }
    }
  }

  /** Topics held right now. */
  active(): string[] {
    this.flush();
    return decodeEntities(this.core.activeTopics()).map((e) => this.name(e.typeCode, e.entityId));
  }

  add(transport: Transport): void {
    for (const topic of this.active()) safely(() => transport.subscribe(topic));
    this.transports.add(transport);
  }

  remove(transport: Transport): void {
    if (!this.transports.delete(transport)) return;
    for (const topic of this.active()) safely(() => transport.unsubscribe(topic));
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
