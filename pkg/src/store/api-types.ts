/** The vanilla store API: zustand's `StoreApi` plus keyed and topic extensions. */
import type { Transport } from '../transports/types.js';
import type {
  EntityId,
  MetricAlias,
  MetricEntityType,
  MetricSignalsState,
  MetricSignalsStoreOptions,
  MetricType,
  ResyncRequest,
  SnapshotEvent,
} from '../types.js';

import type { NamedMutationFn } from './mutation-types.js';

/** How `connect` treats a transport's messages beyond `metric:update`. */
export interface ConnectOptions {
  /**
   * Handlers by message type, e.g. the seed dashboard's snapshots:
   * `{ projectStatsUpdate: (d, s) => s.applySnapshot('Project', d.projectId, d.stats, { timestamp: d.timestamp }) }`.
   */
  messages?: Record<string, (data: any, state: MetricSignalsState) => void>;
}

export interface SelectorSubscribeOptions<U> {
  equalityFn?: (a: U, b: U) => boolean;
  fireImmediately?: boolean;
}

export type StatePatch = Partial<Pick<MetricSignalsState, 'deltas'>> | Partial<MetricSignalsState>;

export interface RegisterNames {
  entityTypes?: readonly string[];
  metricTypes?: readonly string[];
  aliases?: Readonly<Record<string, string>>;
}

export interface MetricSignalsStoreApi {
  /** The current state; the same object until something changes. */
  getState(): MetricSignalsState;
  /** The state as created (no deltas). */
  getInitialState(): MetricSignalsState;
  /**
   * Only `deltas` can be set: `setState({ deltas: {} })` resets,
   * `setState({ deltas: { 'Image:1:likeCount': 3 } })` hydrates. All or nothing.
   */
  setState(partial: StatePatch | ((state: MetricSignalsState) => StatePatch), replace?: boolean): void;
  /** Called after every change with `(state, previousState)`. */
  subscribe(listener: (state: MetricSignalsState, previousState: MetricSignalsState) => void): () => void;
  /**
   * The `subscribeWithSelector` form. The selector re-runs only when a key it
   * read (through `getDelta`) changes; reading `deltas` or `getStats` makes it
   * run on every change.
   */
  subscribe<U>(
    selector: (state: MetricSignalsState) => U,
    listener: (selected: U, previousSelected: U) => void,
    options?: SelectorSubscribeOptions<U>,
  ): () => void;
  /** Called with `(delta, previousDelta)` only when this one key changes. */
  subscribeKey(
    entityType: MetricEntityType,
    entityId: EntityId,
    metricType: MetricType | MetricAlias,
    listener: (delta: number, previousDelta: number) => void,
  ): () => void;
  /** Holds the topic `metrics:{entityType}:{entityId}` (refcounted); returns its release. */
  acquireTopic(entityType: MetricEntityType, entityId: EntityId): () => void;
  /** Topics held right now (none while disabled); the same array until they change. */
  getTopics(): readonly string[];
  /** Called after the held topics changed, or the store was switched on or off (for "registered topics" panels). */
  subscribeTopics(listener: () => void): () => void;
  /**
   * The store-wide switch (a feature flag): off, no topic is held on any
   * transport, remote deltas are not applied, hooks and observers show the
   * base unchanged. On again, held entities are resynced (deltas were missed).
   */
  setEnabled(enabled: boolean): void;
  isEnabled(): boolean;
  /**
   * Feeds `metric:update` messages (and any `options.messages` types) into the
   * store and keeps its topics subscribed. After a reconnect, held entities
   * are marked stale (deltas may have been missed) and resynced.
   */
  connect(transport: Transport, options?: ConnectOptions): () => void;
  /** Entities whose counts can't be trusted (missed deltas); called after the call that found them. */
  onResync(listener: (requests: ResyncRequest[]) => void): () => void;
  /** Applied snapshots with their `changedFields`. */
  onSnapshot(listener: (event: SnapshotEvent) => void): () => void;
  /**
   * Registers a mutation function by name: `mutate({ mutation: name, variables })`
   * writes survive a reload and resume once their name is registered again.
   */
  registerMutation<V = unknown, R = unknown>(name: string, fn: NamedMutationFn<V, R>): void;
  /** Sets (or clears) the function that refetches stale entities' bases. */
  setRefetch(refetch: MetricSignalsStoreOptions['refetch'] | null): void;
  /** Registers entity types, metric types and aliases, all or nothing. */
  register(names: RegisterNames): void;
  /** Name → code lookups for `applyDeltas` (throw on unknown names). */
  readonly codes: {
    entityType(name: MetricEntityType): number;
    metric(name: MetricType | MetricAlias): number;
  };
  /**
   * Records every delta that reaches the entity, for `explain` (a devtools
   * panel, an inspector); until the returned function is called.
   */
  trace(entityType: MetricEntityType, entityId: EntityId): () => void;
  /** Runs `fn` with one notification at the end. */
  batch<T>(fn: () => T): T;
  /** Runs pending listeners and topic changes now (for `'microtask'`/`'frame'` modes). */
  flush(): void;
}
