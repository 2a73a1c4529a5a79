// Generated from src/abi.rs, src/core/error.rs and src/core/vocab.rs by
// tests/abi_ts.rs (`LIVEMETRICS_BLESS=1 cargo test --test abi_ts` rewrites it).
// Do not edit: change the Rust side. Decoded only by ./protocol.ts.

export const STATUS = {
  EFFECT_MASK: 3,
  ACCEPTED: 4,
  RESYNC: 8,
  MESSAGES: 16,
  VOCAB: 32,
  FAILED: 4294967295,
} as const;

export const EFFECT = {
  NONE: 0,
  CHANGED: 1,
  WATCHED: 2,
} as const;

export const META = {
  VERSION: 0,
  AS_OF: 1,
  TIMESTAMP: 2,
  NONE: 3,
} as const;

export const FAILURE = {
  NETWORK: 0,
  TIMEOUT: 1,
  STATUS: 2,
} as const;

export const STEP = {
  RETRY: 0,
  FAILED: 1,
  SETTLED: 2,
} as const;

export const STORAGE = {
  SESSION: 0,
  LOCAL: 1,
} as const;

export const TOPIC_CHANGE = {
  UNSUBSCRIBE: 0,
  SUBSCRIBE: 1,
} as const;

export const METRIC_UPDATE = "metric:update";

export const PAYLOAD_FIELDS = ["entityType", "entityId", "userId", "updates", "eventId", "seq", "version", "mutationId", "timestamp", "type", "topic"] as const;
export const OBJECT_MEMBERS = ["constructor", "prototype", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf"] as const;
export const STALE_REASONS = ["gap", "reconnect", "base-behind", "rollback", "unversioned"] as const;
export const MUTATION_STATES = ["pending", "inflight", "retrying", "confirmed", "failed"] as const;
export const ACTIVITY_KINDS = ["snapshot", "delta"] as const;
export const TRACE_SOURCES = ["remote", "app", "base", "snapshot"] as const;
export const TRACE_FATES = ["counted", "duplicate", "covered", "ignored"] as const;
export const STATS_FIELDS = ["signalsApplied", "signalsRejected", "fieldsDropped", "deltasApplied", "keys", "entities", "cells", "duplicatesDropped", "coveredDropped", "gapsDetected", "staleBasesIgnored", "entitiesEvicted", "metricsLearned"] as const;

/** Error codes by name. */
export const ERROR = {
  NotFinite: 0,
  NotInteger: 1,
  Negative: 2,
  UnsafeInteger: 3,
  NotSafeInteger: 4,
  BadBatchDelta: 5,
  Empty: 6,
  TooLong: 7,
  ControlCharacter: 8,
  UnknownEntityType: 9,
  UnknownMetric: 10,
  InvalidName: 11,
  ReservedName: 12,
  Overflow: 13,
  CapacityExceeded: 14,
  UnknownCode: 15,
  AlreadyAlias: 16,
  AliasOfOther: 17,
  AlreadyMetric: 18,
  NotAToken: 19,
  NoMutation: 20,
  MutationIdInUse: 21,
  NoChange: 22,
  BadRetry: 23,
  ColumnLengths: 24,
  NotANumber: 25,
  NotAString: 26,
  NotAnId: 27,
  NotAFunction: 28,
  NotAnObject: 29,
  NotUpdates: 30,
  NotValues: 31,
  NotBaseMeta: 32,
  NotSnapshotMeta: 33,
  NotATimestamp: 34,
  UnknownOption: 35,
  NotOneOf: 36,
  NotASize: 37,
  NotAColumn: 38,
  NotABatch: 39,
  Malformed: 40,
} as const;

/** Message templates by error code: `{a}`, `{b}` are numbers, `{text}` text. */
export const MESSAGES: readonly string[] = [
  "must be a finite number (got {a})",
  "must be an integer (got {a})",
  "must not be negative (got {a})",
  "must be at most Number.MAX_SAFE_INTEGER (got {a})",
  "must be a non-negative safe integer (got {a})",
  "must be a finite number of magnitude at most 1e15 (got {a})",
  "must not be empty",
  "must be at most {a} characters (got {b})",
  "must not contain control characters",
  "unknown entity type \"{text}\" (register it with register({ entityTypes }))",
  "unknown metric type \"{text}\" (register it with register({ metricTypes }))",
  "\"{text}\" is not a valid name (letters, digits and _; starts with a letter; at most 64 characters)",
  "\"{text}\" is reserved",
  "would make the accumulated value overflow",
  "capacity exceeded: {text}",
  "unknown code {a}",
  "\"{text}\" is already an alias",
  "\"{text}\" is already an alias of another metric",
  "\"{text}\" is already a metric type",
  "{a} is not a token returned by markRefetch",
  "no mutation \"{text}\"",
  "mutation id \"{text}\" is already in use",
  "must change at least one metric",
  "must have {text}",
  "columns must have one length (entityType {a}, entityId {b}, {text})",
  "must be a number (got {text})",
  "must be a string (got {text})",
  "must be a number or a string (got {text})",
  "must be a function",
  "must be an object (got {text})",
  "must be an object of { metricType: delta } (got {text})",
  "must be an object of { metricType: value } (got {text})",
  "must be { version } or { asOf } (got {text})",
  "must be { version } or { timestamp } (got {text})",
  "must be a finite number, a date string or a Date (got {text})",
  "is not an option here (expected one of {text})",
  "must be one of {text}",
  "must be a non-negative integer (got {text})",
  "must be an array of numbers (got {text})",
  "must be { entityType, entityId, metric, delta } (got {text})",
  "{text}",
];

export const BUILTIN_ENTITY_TYPES = ["User", "Model", "ModelVersion", "Post", "Image", "Collection", "Tag", "Article", "Bounty", "BountyEntry"] as const;
export const BUILTIN_METRIC_TYPES = ["followerCount", "followingCount", "hiddenCount", "reactionCount", "downloadCount", "collectedCount", "commentCount", "imageCount", "ratingCount", "thumbsUpCount", "thumbsDownCount", "tippedAmount", "tippedCount", "likeCount", "dislikeCount", "heartCount", "laughCount", "cryCount", "viewCount", "itemCount", "contributorCount", "favoriteCount", "trackCount", "entryCount", "benefactorCount", "unitAmount", "articleCount", "bountyCount", "generationCount", "uploadCount", "earnedAmount", "tippedAmountCount", "tipsGivenAmount", "tipsGivenCount", "modelCount", "postCount", "hideCount", "remixCount", "engagementScore"] as const;
export const BUILTIN_ALIASES = {
  Like: "likeCount",
  Dislike: "dislikeCount",
  Heart: "heartCount",
  Laugh: "laughCount",
  Cry: "cryCount",
  Collection: "collectedCount",
} as const;
