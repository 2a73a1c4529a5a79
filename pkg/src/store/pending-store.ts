/**
 * Named mutations still waiting for the server, kept in localStorage so a
 * reload resumes them (with the same id: the server's idempotency key stops
 * a double apply). Anonymous `mutationFn`s can't be resumed and aren't kept.
 */
import type { MutateOptions } from './mutation-types.js';

interface Saved {
  id: string;
  options: MutateOptions<unknown>;
}

function storage(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

export class PendingStore {
  private readonly key: string;

  constructor(storeKey: string) {
    this.key = `${storeKey}:mutations`;
  }

  load(): Saved[] {
    try {
      const raw = storage()?.getItem(this.key);
      const list: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter((s): s is Saved => typeof s?.id === 'string' && typeof s?.options?.mutation === 'string') : [];
    } catch {
      return [];
    }
  }

  save(id: string, options: MutateOptions<unknown>): void {
    const { entityType, entityId, updates, mutation, variables, retry, timeoutMs } = options;
    this.write([...this.load().filter((s) => s.id !== id), { id, options: { entityType, entityId, updates, mutation, variables, retry, timeoutMs } }]);
  }

  remove(id: string): void {
    const list = this.load();
    if (list.some((s) => s.id === id)) this.write(list.filter((s) => s.id !== id));
  }

  private write(list: Saved[]): void {
    try {
      const s = storage();
      if (list.length === 0) s?.removeItem(this.key);
      else s?.setItem(this.key, JSON.stringify(list));
    } catch {
      // Storage full or blocked: the write still runs in this page.
    }
  }
}
