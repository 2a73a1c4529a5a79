/** `GET /api/exposes`: the voting feed's items, with the version their counts include. */
import { request } from '../api.ts';

export interface ExposeCounts {
  views: number;
  comments: number;
  upvotes: number;
  downvotes: number;
  shares: number;
}

export interface ExposeItem {
  entityType: 'Expose';
  entityId: number;
  /** `Expose #3` */
  tag: string;
  /** The headline: `Inside the cathedral budget`. */
  title: string;
  author: string;
  /** The last `seq` the counts include. */
  version: number;
  metrics: ExposeCounts;
}

interface RawExpose {
  entityId?: unknown;
  title?: unknown;
  author?: unknown;
  version?: unknown;
  metrics?: Record<string, unknown>;
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function fetchExposes(signal?: AbortSignal): Promise<ExposeItem[]> {
  const body = await request<{ items?: RawExpose[] }>('/api/exposes', { signal });
  const items: ExposeItem[] = [];
  for (const raw of body.items ?? []) {
    if (typeof raw.entityId !== 'number' || !Number.isSafeInteger(raw.entityId)) continue;
    // `Expose #3 · Inside the cathedral budget`
    const [tag = '', ...rest] = String(raw.title ?? '').split(' · ');
    const m = raw.metrics ?? {};
    items.push({
      entityType: 'Expose',
      entityId: raw.entityId,
      tag: rest.length > 0 ? tag : `Expose #${raw.entityId}`,
      title: rest.length > 0 ? rest.join(' · ') : tag,
      author: String(raw.author ?? ''),
      version: count(raw.version),
      metrics: { views: count(m.views), comments: count(m.comments), upvotes: count(m.upvotes), downvotes: count(m.downvotes), shares: count(m.shares) },
    });
  }
  return items;
}
