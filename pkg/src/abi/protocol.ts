/**
 * The one module that reads the core's numbers: statuses, effects, the
 * stats vector, drained topic changes, resync requests, activity, mutation
 * records and coded errors, all in the shapes `src/abi.rs` defines (and
 * `./generated.ts` mirrors). Everything else calls these functions and
 * never looks at a bit.
 */
import type { EntityId } from '../types.js';
import {
  ACTIVITY_KINDS,
  EFFECT,
  ERROR,
  MESSAGES,
  MUTATION_STATES,
  STALE_REASONS,
  STATS_FIELDS,
  STATUS,
  STEP,
  TOPIC_CHANGE,
  TRACE_FATES,
  TRACE_SOURCES,
} from './generated.js';

export {
  FAILURE,
  META,
  STORAGE,
  BUILTIN_ALIASES,
  BUILTIN_ENTITY_TYPES,
  BUILTIN_METRIC_TYPES,
  PAYLOAD_FIELDS,
  OBJECT_MEMBERS,
} from './generated.js';

export type ErrorName = keyof typeof ERROR;
export type StatsField = (typeof STATS_FIELDS)[number];
export type StaleReasonName = (typeof STALE_REASONS)[number];
export type MutationStateName = (typeof MUTATION_STATES)[number];
export type ActivityKindName = (typeof ACTIVITY_KINDS)[number];

// ── statuses ────────────────────────────────────────────────────────────

/** The call failed; its error waits in `core.takeError()`. */
export const isFailure = (status: number): boolean => status === STATUS.FAILED;
/** What the write did: `EFFECT.NONE`, `CHANGED` or `WATCHED`. */
export const effectOf = (status: number): number => status & STATUS.EFFECT_MASK;
/** A signal named a valid entity; a base or snapshot was applied. */
export const isAccepted = (status: number): boolean => (status & STATUS.ACCEPTED) !== 0;
/** Entities became stale: drain and refetch them. */
export const needsResync = (status: number): boolean => (status & STATUS.RESYNC) !== 0;
/** The call learned metric names: the vocabulary mirror must re-read. */
export const learnedNames = (status: number): boolean => (status & STATUS.VOCAB) !== 0;
/** A frame held messages for the app's handlers (`core.takeMessages()`). */
export const hasMessages = (status: number): boolean => (status & STATUS.MESSAGES) !== 0;
/** A watched key's value changed (its listeners must run). */
export const isWatchedChange = (effect: number): boolean => effect === EFFECT.WATCHED;
export const NO_EFFECT = EFFECT.NONE;
export const WATCHED_EFFECT = EFFECT.WATCHED;

// ── vectors ─────────────────────────────────────────────────────────────

export function decodeStats(v: ArrayLike<number>): Record<StatsField, number> {
  const out = {} as Record<StatsField, number>;
  STATS_FIELDS.forEach((name, i) => (out[name] = v[i] ?? 0));
  return out;
}

/** `[status, changedCode…]` of `setBase` / `applySnapshot`. */
export function decodeBaseOutcome(codes: Uint32Array): { status: number; applied: boolean; changed: number[] } {
  const status = codes[0] ?? 0;
  return { status, applied: isAccepted(status), changed: Array.from(codes.subarray(1)) };
}

export interface TopicChange {
  subscribe: boolean;
  typeCode: number;
  entityId: EntityId;
}

export function decodeTopicChanges(flat: readonly unknown[]): TopicChange[] {
  const out: TopicChange[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    out.push({ subscribe: flat[i] === TOPIC_CHANGE.SUBSCRIBE, typeCode: flat[i + 1] as number, entityId: flat[i + 2] as EntityId });
  }
  return out;
}

/** `[typeCode, entityId, …]` of `activeTopics`. */
export function decodeEntities(flat: readonly unknown[]): { typeCode: number; entityId: EntityId }[] {
  const out: { typeCode: number; entityId: EntityId }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ typeCode: flat[i] as number, entityId: flat[i + 1] as EntityId });
  return out;
}

export function decodeResync(flat: readonly unknown[]): { typeCode: number; entityId: EntityId; reason: StaleReasonName }[] {
  const out: { typeCode: number; entityId: EntityId; reason: StaleReasonName }[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    out.push({ typeCode: flat[i] as number, entityId: flat[i + 1] as EntityId, reason: STALE_REASONS[flat[i + 2] as number] ?? 'gap' });
  }
  return out;
}

export interface CoreActivity {
  kind: ActivityKindName;
  typeCode: number;
  entityId: EntityId;
  at: number;
  changed: number[];
}

/** `[kind, typeCode, entityId, at, n, code × n, …]`, newest first. */
export function decodeActivity(flat: readonly unknown[]): CoreActivity[] {
  const out: CoreActivity[] = [];
  let i = 0;
  while (i + 4 < flat.length) {
    const n = flat[i + 4] as number;
    out.push({
      kind: ACTIVITY_KINDS[flat[i] as number] ?? 'delta',
      typeCode: flat[i + 1] as number,
      entityId: flat[i + 2] as EntityId,
      at: flat[i + 3] as number,
      changed: flat.slice(i + 5, i + 5 + n) as number[],
    });
    i += 5 + n;
  }
  return out;
}

export interface CoreMutation {
  id: string;
  typeCode: number;
  entityId: EntityId;
  state: MutationStateName;
  attempts: number;
  nextAttemptAt: number | undefined;
  lastError: string | undefined;
  resume: [string, string] | undefined;
  deltas: [number, number][];
}

/** The flat records of `core.mutations()`. */
export function decodeMutations(flat: readonly unknown[]): CoreMutation[] {
  const out: CoreMutation[] = [];
  let i = 0;
  while (i + 9 < flat.length) {
    const n = flat[i + 9] as number;
    const deltas: [number, number][] = [];
    for (let k = 0; k < n; k++) deltas.push([flat[i + 10 + 2 * k] as number, flat[i + 11 + 2 * k] as number]);
    const name = flat[i + 7] as string | undefined;
    out.push({
      id: flat[i] as string,
      typeCode: flat[i + 1] as number,
      entityId: flat[i + 2] as EntityId,
      state: MUTATION_STATES[flat[i + 3] as number] ?? 'failed',
      attempts: flat[i + 4] as number,
      nextAttemptAt: flat[i + 5] as number | undefined,
      lastError: flat[i + 6] as string | undefined,
      resume: name === undefined ? undefined : [name, flat[i + 8] as string],
      deltas,
    });
    i += 10 + 2 * n;
  }
  return out;
}

/** `attemptFailed`'s `[status, step, retryAt]`. */
export function decodeAttemptFailure(v: ArrayLike<number>): { status: number; retryAt: number; failed: boolean; settled: boolean } {
  const step = v[1] ?? STEP.FAILED;
  return { status: v[0] ?? 0, retryAt: v[2] ?? NaN, failed: step === STEP.FAILED, settled: step === STEP.SETTLED };
}

export type TraceSourceName = (typeof TRACE_SOURCES)[number];
export type TraceFateName = (typeof TRACE_FATES)[number];

export interface CoreExplanation {
  value: number | undefined;
  base: number | undefined;
  version: number | undefined;
  asOf: number | undefined;
  snapshotAt: number | undefined;
  stale: StaleReasonName | undefined;
  delta: number;
  folded: number;
  optimistic: number;
  counted: { seq: number | undefined; tick: number | undefined; delta: number }[];
  pending: { id: string; state: MutationStateName; attempts: number; delta: number }[];
  trail: { source: TraceSourceName; fate: TraceFateName; delta: number; seq: number | undefined; eventId: string | undefined; mutationId: string | undefined; at: number | undefined }[];
}

/** `core.explain()`'s flat array (see `src/wasm/explain.rs`). */
export function decodeExplanation(flat: readonly unknown[]): CoreExplanation {
  let i = 0;
  const next = () => flat[i++];
  const num = () => next() as number;
  const opt = () => next() as number | undefined;
  const [value, base, version, asOf, snapshotAt] = [opt(), opt(), opt(), opt(), opt()];
  const staleCode = num();
  const [delta, folded, optimistic] = [num(), num(), num()];
  const counted: CoreExplanation['counted'] = [];
  for (let n = num(); n > 0; n--) {
    const isSeq = next() === true;
    const stamp = num();
    counted.push({ seq: isSeq ? stamp : undefined, tick: isSeq ? undefined : stamp, delta: num() });
  }
  const pending: CoreExplanation['pending'] = [];
  for (let n = num(); n > 0; n--) {
    pending.push({ id: next() as string, state: MUTATION_STATES[num()] ?? 'failed', attempts: num(), delta: num() });
  }
  const trail: CoreExplanation['trail'] = [];
  for (let n = num(); n > 0; n--) {
    trail.push({
      source: TRACE_SOURCES[num()] ?? 'remote',
      fate: TRACE_FATES[num()] ?? 'counted',
      delta: num(),
      seq: opt(),
      eventId: next() as string | undefined,
      mutationId: next() as string | undefined,
      at: opt(),
    });
  }
  return { value, base, version, asOf, snapshotAt, stale: staleCode >= 0 ? STALE_REASONS[staleCode] : undefined, delta, folded, optimistic, counted, pending, trail };
}

// ── errors ──────────────────────────────────────────────────────────────

export interface CodedError {
  code: number;
  field: string;
  a: number;
  b: number;
  text: string;
}

/** A thrown or taken core error (`[code, field, a, b, text]`), else null. */
export function decodeError(value: unknown): CodedError | null {
  if (!Array.isArray(value) || value.length !== 5 || typeof value[0] !== 'number' || typeof value[1] !== 'string') return null;
  return { code: value[0], field: value[1], a: value[2] as number, b: value[3] as number, text: value[4] as string };
}

export const errorCode = (name: ErrorName): number => ERROR[name];

export function errorName(code: number): ErrorName {
  const entry = Object.entries(ERROR).find(([, c]) => c === code);
  return (entry?.[0] ?? 'Malformed') as ErrorName;
}

/** The reason's text from the one message table. */
export function render(code: number, a = 0, b = 0, text = ''): string {
  const template = MESSAGES[code] ?? '{text}';
  return template.replaceAll('{a}', String(a)).replaceAll('{b}', String(b)).replaceAll('{text}', text);
}
