/**
 * `KeyObserver`: what a card shows for one entity's metrics — its base plus
 * the deltas that base does not include — as a subscribable snapshot, the
 * way TanStack's `QueryObserver` serves a query. The React hooks are thin
 * adapters over it; any framework can use it the same way.
 *
 * It listens to its own keys only, and its snapshot is cached: reading it
 * again after nothing it shows has changed costs no call into wasm. A
 * snapshot is a stable object — the same one until a value in it changes.
 * It also remembers when each value last changed live (not because the base
 * or the entity changed), for counts that animate their changes.
 */
import { listener, type Listener } from '../notify/notifier.js';
import type { BaseMeta, EntityId, MetricEntityType } from '../types.js';
import type { MetricSignalsStoreApi } from './api-types.js';
import { isMissingId } from './entity-id.js';
import { internalsOf } from './internals.js';
import { metaOf, NO_META, optionalBaseMeta } from './meta.js';
import type { StoreRuntime } from './runtime.js';

export type MetricValues = Readonly<Record<string, number>>;

/** The last live change of one value. */
export interface MetricChange {
  value: number;
  previous: number;
  /** `value - previous`. */
  delta: number;
  /** When it was seen (ms since epoch). */
  changedAt: number;
}

/** A base's watermark as hooks take it (either may be absent). */
export interface Watermark {
  version?: number | null;
  asOf?: number | null;
}

export interface KeyObserverTarget {
  entityType: MetricEntityType;
  /** `undefined`/`null`: no entity yet — the snapshot is the base. */
  entityId: EntityId | null | undefined;
}

const METHOD = 'KeyObserver';

export class KeyObserver<T extends MetricValues = MetricValues> {
  private readonly rt: StoreRuntime;
  private entityType: MetricEntityType;
  private entityId: EntityId | null | undefined;
  private names: string[] = [];
  private base: Record<string, number> = {};
  private kind: number = NO_META;
  private mark = 0;
  /** Cell per name (-1: nothing to observe); null until resolved. */
  private cells: number[] | null = null;
  private attached = false;
  private snapshot: T | null = null;
  private serverSnapshot: T | null = null;
  /** Set when something it shows may have changed. */
  private dirty = true;
  private computedAt = -1;
  private readonly listeners = new Set<() => void>();
  private readonly onKeys: Listener = listener(() => this.changed());
  /** Last live change per name; cleared when what is observed changes. */
  private changes: Record<string, MetricChange> = {};
  /** The next snapshot starts over (no change is "live" across a new base, entity or switch). */
  private rebased = true;
  private enabledAt: boolean;

  constructor(store: MetricSignalsStoreApi, target: KeyObserverTarget, base: Readonly<Record<string, number | undefined>> = {}, watermark?: Watermark | null) {
    this.rt = internalsOf(store);
    this.enabledAt = this.rt.enabled;
    this.entityType = target.entityType;
    this.entityId = target.entityId;
    this.setBase(base, watermark);
  }

  /** Observe another entity (no-op when it is the same one). */
  setTarget(target: KeyObserverTarget): void {
    if (target.entityType === this.entityType && target.entityId === this.entityId) return;
    this.entityType = target.entityType;
    this.entityId = target.entityId;
    this.rekey();
  }

  /**
   * The base values the snapshot adds deltas to (their names are the keys
   * observed) and the watermark they include (`{ version }` / `{ asOf }`),
   * so deltas already in them are not counted again. No-op when unchanged.
   */
  setBase(values: Readonly<Record<string, number | undefined>>, watermark?: Watermark | null): void {
    const names = Object.keys(values);
    const [kind, mark] = optionalBaseMeta(METHOD, watermark?.version, watermark?.asOf);
    const sameNames = names.length === this.names.length && names.every((n, i) => n === this.names[i]);
    const sameValues = sameNames && names.every((n) => (values[n] || 0) === this.base[n]);
    if (sameValues && kind === this.kind && mark === this.mark) return;
    const base: Record<string, number> = {};
    for (const n of names) base[n] = values[n] || 0;
    this.base = base;
    this.kind = kind;
    this.mark = mark;
    this.serverSnapshot = null;
    this.rebased = true;
    if (sameNames) this.dirty = true;
    else {
      this.names = names;
      this.rekey();
    }
  }

  /** When (and by how much) a value last changed live, if it did since the base was set. */
  changeOf(name: string): MetricChange | undefined {
    this.getSnapshot();
    return this.changes[name];
  }

  /** The base's watermark, if it has one. */
  get watermark(): BaseMeta | null {
    return metaOf(this.kind, this.mark);
  }

  /**
   * Hands the watermarked base to the store, so deltas it includes are
   * dropped store-wide and an older base elsewhere loses to it. Call it
   * after commit (never during a render); no-op without a watermark.
   */
  shareBase(): void {
    const watermark = this.watermark;
    if (watermark === null || isMissingId(this.entityId)) return;
    this.rt.setBaseLenient(this.entityType, this.entityId, this.base, watermark);
  }

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    if (!this.attached) this.attach();
    // Something may have changed between the last read and now.
    if (this.computedAt !== this.rt.notifier.revision) this.dirty = true;
    return () => {
      if (!this.listeners.delete(onChange) || this.listeners.size > 0) return;
      this.detach();
    };
  };

  /** Base + live deltas; the same object while nothing in it changed. */
  getSnapshot = (): T => {
    // Subscribed, a change marks it dirty; unsubscribed, any change to the store might matter.
    const fresh = !this.dirty && (this.listeners.size > 0 || this.computedAt === this.rt.notifier.revision);
    if (fresh && this.snapshot !== null) return this.snapshot;
    return this.compute();
  };

  /** What a server render shows (and hydration starts from): the base as given. */
  getServerSnapshot = (): T => (this.serverSnapshot ??= { ...this.base } as unknown as T);

  private compute(): T {
    const cells = (this.cells ??= this.resolve());
    const previous = this.snapshot as Record<string, number> | null;
    const next: Record<string, number> = {};
    let same = previous !== null && Object.keys(previous).length === this.names.length;
    if (this.enabledAt !== this.rt.enabled) {
      this.enabledAt = this.rt.enabled;
      this.rebased = true;
    }
    const live = !this.rebased && previous !== null;
    if (this.rebased) this.changes = {};
    this.rebased = false;
    const now = Date.now();
    this.names.forEach((name, i) => {
      const value = this.shown(cells[i] ?? -1, name);
      next[name] = value;
      const before = previous?.[name];
      if (Object.is(before, value)) return;
      same = false;
      if (live && before !== undefined) this.changes[name] = { value, previous: before, delta: value - before, changedAt: now };
    });
    this.dirty = false;
    this.computedAt = this.rt.notifier.revision;
    if (!same) this.snapshot = next as unknown as T;
    return this.snapshot as T;
  }

  /** One key as the card shows it: base + deltas the base does not include. */
  private shown(cell: number, name: string): number {
    const base = this.base[name] ?? 0;
    if (cell < 0 || isMissingId(this.entityId) || !this.rt.enabled) return base;
    const { core, vocab, ids } = this.rt;
    if (this.kind === NO_META) return core.cellValue(cell) ?? base + core.cellDelta(cell);
    const tc = vocab.typeCode(this.entityType) as number;
    const mc = vocab.metricCode(name) as number;
    return core.projected(tc, ids.of(METHOD, this.entityId), mc, base, this.kind, this.mark);
  }

  private resolve(): number[] {
    const id = this.entityId;
    return this.names.map((name) => (isMissingId(id) ? -1 : this.rt.cellIfKnown(METHOD, this.entityType, id, name)));
  }

  private rekey(): void {
    this.rebased = true;
    const wasAttached = this.attached;
    if (wasAttached) this.detach();
    this.cells = null;
    this.dirty = true;
    if (wasAttached) this.attach();
  }

  private attach(): void {
    const cells = (this.cells ??= this.resolve());
    this.attached = true;
    let stale = false;
    for (const cell of cells) if (cell >= 0 && !this.rt.notifier.addCell(cell, this.onKeys)) stale = true;
    // A key was evicted since it was resolved: resolve again, then tell.
    if (stale) {
      this.detach();
      this.cells = null;
      this.attach();
      this.changed();
    }
  }

  private detach(): void {
    if (!this.attached) return;
    this.attached = false;
    for (const cell of this.cells ?? []) if (cell >= 0) this.rt.notifier.removeCell(cell, this.onKeys);
  }

  private changed(): void {
    this.dirty = true;
    for (const l of [...this.listeners]) l();
  }
}
