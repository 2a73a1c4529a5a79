/** Which count the inspector shows (one at a time), as a tiny external store. */
import { useSyncExternalStore } from 'react';

export interface InspectedKey {
  entityType: string;
  entityId: number | string;
  metric: string;
}

let current: InspectedKey | null = null;
const listeners = new Set<() => void>();

function set(next: InspectedKey | null) {
  current = next;
  for (const l of listeners) l();
}

/** `Image:5` → its type and id (numeric ids as numbers). */
export function parseEntity(entity: string): { entityType: string; entityId: number | string } {
  const at = entity.indexOf(':');
  const id = entity.slice(at + 1);
  return { entityType: entity.slice(0, at), entityId: /^\d+$/.test(id) ? Number(id) : id };
}

export const inspect = (entity: string, metric: string) => set({ ...parseEntity(entity), metric });
export const closeInspector = () => set(null);

export function useInspected(): InspectedKey | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
