/**
 * What happened in a store, for development tools (the Redux DevTools
 * bridge): labelled events, emitted only while someone listens.
 */

export type StoreEventType = 'remote/delta' | 'remote/snapshot' | 'base/set' | 'optimistic/apply' | 'optimistic/settle' | 'optimistic/rollback' | 'resync';

export interface StoreEvent {
  type: StoreEventType;
  /** What it was about (entity, mutation id, counts). */
  detail?: Record<string, unknown>;
}

export class StoreEvents {
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  get active(): boolean {
    return this.listeners.size > 0;
  }

  listen(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `detail` is built only when someone listens. */
  emit(type: StoreEventType, detail?: () => Record<string, unknown>): void {
    if (this.listeners.size === 0) return;
    const event: StoreEvent = { type, detail: detail?.() };
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
