/**
 * Public types. The names and shapes follow the seed site's
 * `metric-signals.types.ts`, so call sites written against it compile
 * unchanged; the unions are extensible for names registered at run time.
 */

import type { BUILTIN_ALIASES, BUILTIN_ENTITY_TYPES, BUILTIN_METRIC_TYPES } from './abi/generated.js';

/** The seed site's ten entity types (the core's built-in vocabulary). */
export type BuiltinEntityType = (typeof BUILTIN_ENTITY_TYPES)[number];

/** The seed site's 26 metric types. */
export type BuiltinMetricType = (typeof BUILTIN_METRIC_TYPES)[number];

/** Reaction names as the site's events carry them (`Like` → `likeCount`). */
export type BuiltinMetricAlias = keyof typeof BUILTIN_ALIASES;

/**
 * Augment these to type names you register at run time:
 *
 * ```ts
 * declare module 'livemetrics' {
 *   interface RegisteredEntityTypes { Project: true }
 *   interface RegisteredMetricTypes { segmentedCount: true }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegisteredEntityTypes {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegisteredMetricTypes {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegisteredMetricAliases {}

export type MetricEntityType = BuiltinEntityType | (keyof RegisteredEntityTypes & string);
export type MetricType = BuiltinMetricType | (keyof RegisteredMetricTypes & string);
export type MetricAlias = BuiltinMetricAlias | (keyof RegisteredMetricAliases & string);

/** An entity id: a non-negative safe integer, or a string of 1–256 characters. */
export type EntityId = number | string;

/** `{ [metricType]: delta }`, as the site's types have it (`undefined` is absent). */
export type MetricUpdatePayload = Partial<Record<MetricType, number | undefined>>;

/** What `applyDelta` accepts: metric names and their aliases (`undefined` is absent). */
export type MetricUpdates = Partial<Record<MetricType | MetricAlias, number | undefined>>;

/**
 * `applyDelta`'s meta: what a remote payload says about the delta. With it,
 * the app's call counts like a signal: a replayed `seq`/`eventId` is
 * dropped, an echo of the app's own `mutationId` replaces its optimistic delta.
 */
export interface DeltaMeta {
  seq?: number;
  eventId?: number | string;
  mutationId?: string;
}

/** Keys of the `deltas` record: `` `${entityType}:${entityId}:${metricType}` ``. */
export type MetricKey = `${MetricEntityType}:${EntityId}:${MetricType}`;

/** The wire format sites receive on `metric:update` (flat, or nested `updates`). */
export type MetricSignalPayload = {
  entityType: MetricEntityType;
  entityId: EntityId;
  userId?: number | string;
  updates?: MetricUpdates;
} & MetricUpdates;

import type { MutateOptions, PendingMutation } from './store/mutation-types.js';
import type { TransportMessage } from './transports/types.js';
import type { Explanation } from './store/explain.js';
export type { Explanation } from './store/explain.js';
export type { MutateOptions, PendingMutation, MutationContext, RetryOptions, MutationFn, NamedMutationFn, MutationState } from './store/mutation-types.js';

/** Columns of deltas for `applyDeltas` (typed arrays are fastest). */
export interface DeltaBatch {
  entityType: Uint16Array | ArrayLike<number>;
  entityId: Float64Array | ArrayLike<number>;
  metric: Uint16Array | ArrayLike<number>;
  delta: Float64Array | ArrayLike<number>;
}

/** Which deltas a base already includes. */
export type BaseMeta =
  /** Every `seq` up to and including this one (exact). */
  | { version: number }
  /** Every delta received before `markRefetch` returned this token. */
  | { asOf: number }
  /**
   * Both: a fetch that began at the token and came back at the version. It
   * has every seq up to the version *and* every write the server confirmed
   * before the fetch began, even one confirmed without a version.
   */
  | { version: number; asOf: number };

/** How absolute snapshots are ordered; an older one is ignored. */
export type SnapshotMeta = { version: number } | { timestamp: number | string | Date };

/** What `setBase` / `applySnapshot` did. */
export interface BaseResult {
  /** False when the store already held a newer base or snapshot. */
  applied: boolean;
  /** Metrics whose value changed. */
  changedFields: MetricType[];
}

/** An entity whose base the app should refetch. */
export interface ResyncRequest {
  entityType: MetricEntityType;
  entityId: EntityId;
  /** `'gap'` (missed deltas), `'reconnect'`, or `'base-behind'`. */
  reason: string;
}

/** One entry of `getActivity()`, newest first. */
export interface ActivityEvent {
  kind: 'snapshot' | 'delta';
  entityType: MetricEntityType;
  entityId: EntityId;
  changedFields: MetricType[];
  /** When it was applied (ms since epoch, the client's clock). */
  at: number;
}

/** Delivered to `onSnapshot` listeners. */
export interface SnapshotEvent extends BaseResult {
  entityType: MetricEntityType;
  entityId: EntityId;
}

/** What a `refetch` function returns: values with the watermark they include. */
export type RefetchResult = { values: Record<string, unknown>; version?: number | null };

export interface MetricSignalsStats {
  /** Remote payloads accepted by `applySignal`. */
  signalsApplied: number;
  /** Remote payloads rejected (no valid entity type or id). */
  signalsRejected: number;
  /** Remote fields dropped (unknown metric, non-number, non-finite, overflow). */
  fieldsDropped: number;
  /** Non-zero metric deltas accumulated (app calls and signals). */
  deltasApplied: number;
  /** Keys in the `deltas` view. */
  keys: number;
  /** Entities the store knows (with deltas, listeners or topics). */
  entities: number;
  /** Deltas dropped as replays (same `eventId`, or a `seq` already seen). */
  duplicatesDropped: number;
  /** Deltas dropped because the held base already includes them. */
  coveredDropped: number;
  /** Jumps in `seq` (missed deltas) detected. */
  gapsDetected: number;
  /** Bases and snapshots ignored because a newer one was held. */
  staleBasesIgnored: number;
  /** Entities evicted by `maxKeys`. */
  entitiesEvicted: number;
  /** Metric names the store learned from writes (not registered; see `strict`). */
  metricsLearned: number;
  /** WebAssembly memory in use by all stores (bytes; grows, never shrinks). */
  wasmMemoryBytes: number;
}

/** The state object, shaped like the seed's zustand store. */
export interface MetricSignalsState {
  /** Read-only, prototype-free record of every accumulated delta; built when read. */
  readonly deltas: Readonly<Record<MetricKey, number>>;
  /**
   * Adds `{ metricOrAlias: delta }`, all or nothing. Fields that are not
   * metrics (`userId`, `timestamp`, …) are ignored, `undefined` is absent,
   * `seq`/`eventId`/`mutationId` among them are the delta's meta (as the 4th
   * argument is), and a metric name the store doesn't know is kept (unless
   * the store is `strict`). Bad values throw a `LiveMetricsError`.
   */
  applyDelta: (entityType: MetricEntityType, entityId: EntityId, updates: MetricUpdates, meta?: DeltaMeta) => void;
  getDelta: (entityType: MetricEntityType, entityId: EntityId, metricType: MetricType | MetricAlias) => number;
  clearDelta: (entityType: MetricEntityType, entityId: EntityId, metricType?: MetricType | MetricAlias) => void;
  /** Applies a remote payload leniently (never throws); returns whether it was accepted. */
  applySignal: (payload: unknown) => boolean;
  /** Applies many remote payloads with one notification. */
  applySignals: (payloads: readonly unknown[]) => void;
  /**
   * Socket frames as received — JSON text, each a message `{ type, topic?,
   * data }` or an array of them (the engine's wire format) — read in wasm in
   * one parse, one notification for all. Lenient like `applySignal`. With
   * `keepOthers`, returns the messages that are not `metric:update`.
   */
  applyFrames: (frames: string | readonly string[], keepOthers?: boolean) => TransportMessage[];
  /**
   * The batch ingest path: row `i` adds `delta[i]` to metric code `metric[i]`
   * of entity `(entityType[i], entityId[i])` (codes from `store.codes`;
   * numeric ids). Typed arrays cross without conversion. All rows or none;
   * one notification.
   */
  applyDeltas: (batch: DeltaBatch) => void;
  getStats: () => MetricSignalsStats;
  /** `base + delta` when the store holds a base for the key, else `undefined`. */
  getValue: (entityType: MetricEntityType, entityId: EntityId, metricType: MetricType | MetricAlias) => number | undefined;
  /** Sets base values with the watermark they include; deltas already in them are dropped. */
  setBase: (
    entityType: MetricEntityType,
    entityId: EntityId,
    values: MetricUpdates,
    meta: BaseMeta,
  ) => BaseResult;
  /** A token to pass as `{ asOf }` with a base whose fetch starts now. */
  markRefetch: (entityType: MetricEntityType, entityId: EntityId) => number;
  /**
   * Applies an absolute snapshot (e.g. `PROJECT_STATS_UPDATE`'s `stats`) if it
   * is newer than the one held. Remote data: unknown fields and non-numbers are
   * skipped and counted.
   */
  applySnapshot: (
    entityType: MetricEntityType,
    entityId: EntityId,
    values: Readonly<Record<string, unknown>>,
    meta: SnapshotMeta,
  ) => BaseResult;
  /** When a remote change last reached the entity (ms), if ever. */
  getLastUpdated: (entityType: MetricEntityType, entityId: EntityId) => number | undefined;
  /** The last N remote events (snapshots and deltas), newest first. */
  getActivity: () => ActivityEvent[];
  /**
   * Why a count is what it is: the base with its watermark, each delta still
   * counted over it, what is counted but no longer itemized, the app's
   * writes waiting for the server, and — while the entity is traced
   * (`store.trace`) — every delta that reached it and what became of it.
   */
  explain: (entityType: MetricEntityType, entityId: EntityId, metricType: MetricType | MetricAlias) => Explanation;
  /**
   * Who owns the content (seed 002): its counted deltas earn the owner's
   * derived metrics — `engagementScore` (downloads 1, generations 2, hearts
   * 0.5, comments 1.5, anything else 0.1), `reactionCount`,
   * `downloadCount`, `generationCount`, `thumbsUpCount` received — in the
   * same call; what it earned moves with it to a new owner.
   */
  setOwner: (entityType: MetricEntityType, entityId: EntityId, userId: number) => void;
  /** Many owners of one entity type: `[[entityId, userId], …]` or `{ [entityId]: userId }`. All or nothing. */
  setOwners: (entityType: MetricEntityType, owners: readonly (readonly [EntityId, number])[] | Readonly<Record<string, number>>) => void;
  /** A new upload: the user owns it; it counts once toward `uploadCount` and `modelCount`/`postCount`/`imageCount`. */
  recordUpload: (entityType: MetricEntityType, entityId: EntityId, userId: number) => void;
  /** A follow (`delta` 1, default) or unfollow (−1): `followerCount` and `followingCount`; an `eventId` dedupes replays. */
  applyFollow: (followerId: number, userId: number, delta?: number, meta?: { eventId?: number | string }) => void;
  /** The user's rank by `engagementScore` among the users the store holds (1 is the highest). */
  getUserRank: (userId: number) => number;
  /** Whether the entity's counts wait for a fresh base (missed deltas). */
  isStale: (entityType: MetricEntityType, entityId: EntityId) => boolean;
  /**
   * An optimistic write: `updates` show at once as relative deltas; the
   * request runs with retries (the mutation id is its idempotency key) and
   * the delta is retired when the server's effect shows, or rolled back
   * (only this one) if it fails. Resolves with the result; rejects with a
   * `MutationError` after a rollback.
   */
  mutate: <R = unknown>(options: MutateOptions<R>) => Promise<R | undefined>;
  /** The entity's mutation records (open and recently finished), oldest first. */
  getPending: (entityType: MetricEntityType, entityId: EntityId) => PendingMutation[];
  /** An open mutation (waiting for the server) exists — for the entity, or anywhere. */
  hasOptimisticUpdates: (entityType?: MetricEntityType, entityId?: EntityId) => boolean;
  /** An open mutation touches the entity (and metric). */
  isUpdating: (entityType: MetricEntityType, entityId: EntityId, metricType?: MetricType | MetricAlias) => boolean;
}

/** When listeners run after a write. */
export type NotifyMode = 'auto' | 'sync' | 'microtask' | 'frame';

export interface MetricSignalsStoreOptions {
  /** Extra entity types (beyond the built-in ten). */
  entityTypes?: readonly string[];
  /** Extra metric types (beyond the built-in 26). */
  metricTypes?: readonly string[];
  /** Extra aliases: `{ Wow: 'heartCount' }`. */
  aliases?: Readonly<Record<string, string>>;
  /**
   * When listeners (and so React) hear of changes. `'auto'` (default):
   * `'frame'` in a page, `'sync'` where there is no `requestAnimationFrame`
   * (Node, SSR) or in a React act environment (Testing Library).
   * `'sync'`: right after each call returns, like zustand. `'microtask'`:
   * once per tick. `'frame'`: once per animation frame — a stream of any rate
   * renders at most once per frame, and a key that moved and moved back
   * renders not at all. Reads (`getState()`) are always current; `flush()`
   * runs pending listeners now.
   */
  notify?: NotifyMode;
  /**
   * Fetches an entity's base when its counts can't be trusted (a gap in
   * `seq`, a reconnect). Return `{ values, version }` (exact), or `{ values }`
   * (the store brackets the fetch with `markRefetch`).
   */
  refetch?: (entityType: MetricEntityType, entityId: EntityId) => Promise<RefetchResult>;
  /** Event ids remembered for replay dedupe (default 100,000). */
  dedupeWindow?: number;
  /** Events kept for `getActivity` (default 10). */
  activitySize?: number;
  /**
   * At most this many keys: beyond it the least recently used entities
   * without listeners or held topics are forgotten (they read as the base
   * the app passes). Default: unbounded.
   */
  maxKeys?: number;
  /**
   * Keep the store across reloads in `sessionStorage` (`'session'`) or
   * `localStorage` (`'local'`); written debounced, read at start. Default off.
   */
  persist?: 'session' | 'local' | false;
  /** The storage key (default `'livemetrics'`): one per store. */
  persistKey?: string;
  /**
   * Unknown metric names throw in app calls (and are dropped from remote
   * payloads) instead of being kept. Default false: a name the store does
   * not know is learned, counted in `metricsLearned`, warned about once in
   * development.
   */
  strict?: boolean;
  /**
   * `engagementScore` weights by metric name (`other` for every metric not
   * listed); default the seed's: `{ downloadCount: 1, generationCount: 2,
   * heartCount: 0.5, commentCount: 1.5, other: 0.1 }`.
   */
  engagementWeights?: Readonly<Record<string, number>>;
  /**
   * The store-wide switch, for a feature flag (default true). Off: no topic
   * held, remote deltas not applied, hooks show the base. `setEnabled` flips it.
   */
  enabled?: boolean;
  /**
   * How topics are named (default `'metrics:{entityType}:{entityId}'`, the
   * seed's; the site now uses `'Metric:{entityType}:{entityId}'`).
   */
  topicFormat?: string;
}
