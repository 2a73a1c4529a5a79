/**
 * Public types. The names and shapes follow the seed site's
 * `metric-signals.types.ts`, so call sites written against it compile
 * unchanged; the unions are extensible for names registered at run time.
 */

export type BuiltinEntityType =
  | 'User'
  | 'Model'
  | 'ModelVersion'
  | 'Post'
  | 'Image'
  | 'Collection'
  | 'Tag'
  | 'Article'
  | 'Bounty'
  | 'BountyEntry';

export type BuiltinMetricType =
  | 'followerCount'
  | 'followingCount'
  | 'hiddenCount'
  | 'reactionCount'
  | 'downloadCount'
  | 'collectedCount'
  | 'commentCount'
  | 'imageCount'
  | 'ratingCount'
  | 'thumbsUpCount'
  | 'thumbsDownCount'
  | 'tippedAmount'
  | 'tippedCount'
  | 'likeCount'
  | 'dislikeCount'
  | 'heartCount'
  | 'laughCount'
  | 'cryCount'
  | 'viewCount'
  | 'itemCount'
  | 'contributorCount'
  | 'favoriteCount'
  | 'trackCount'
  | 'entryCount'
  | 'benefactorCount'
  | 'unitAmount';

/** Reaction names as the site's events carry them (`Like` → `likeCount`). */
export type BuiltinMetricAlias = 'Like' | 'Dislike' | 'Heart' | 'Laugh' | 'Cry';

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

/** `{ [metricType]: delta }`, exactly as in the seed. */
export type MetricUpdatePayload = Partial<Record<MetricType, number>>;

/** What `applyDelta` accepts: metric names and their aliases. */
export type MetricUpdates = Partial<Record<MetricType | MetricAlias, number>>;

/** Keys of the `deltas` record: `` `${entityType}:${entityId}:${metricType}` ``. */
export type MetricKey = `${MetricEntityType}:${EntityId}:${MetricType}`;

/** The wire format sites receive on `metric:update` (flat, or nested `updates`). */
export type MetricSignalPayload = {
  entityType: MetricEntityType;
  entityId: EntityId;
  userId?: number | string;
  updates?: MetricUpdates;
} & MetricUpdates;

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
}

/** The state object, shaped like the seed's zustand store. */
export interface MetricSignalsState {
  /** Read-only, prototype-free record of every accumulated delta; built when read. */
  readonly deltas: Readonly<Record<MetricKey, number>>;
  applyDelta: (entityType: MetricEntityType, entityId: EntityId, updates: MetricUpdates) => void;
  getDelta: (entityType: MetricEntityType, entityId: EntityId, metricType: MetricType | MetricAlias) => number;
  clearDelta: (entityType: MetricEntityType, entityId: EntityId, metricType?: MetricType | MetricAlias) => void;
  /** Applies a remote payload leniently (never throws); returns whether it was accepted. */
  applySignal: (payload: unknown) => boolean;
  /** Applies many remote payloads with one notification. */
  applySignals: (payloads: readonly unknown[]) => void;
  getStats: () => MetricSignalsStats;
}

/** When listeners run after a write. */
export type NotifyMode = 'sync' | 'microtask' | 'frame';

export interface MetricSignalsStoreOptions {
  /** Extra entity types (beyond the built-in ten). */
  entityTypes?: readonly string[];
  /** Extra metric types (beyond the built-in 26). */
  metricTypes?: readonly string[];
  /** Extra aliases: `{ Wow: 'heartCount' }`. */
  aliases?: Readonly<Record<string, string>>;
  /**
   * `'sync'` (default): listeners run right after each call returns, like
   * zustand. `'microtask'`: once per tick. `'frame'`: once per animation frame,
   * for high-rate streams.
   */
  notify?: NotifyMode;
}
