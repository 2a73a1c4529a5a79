/**
 * `setState` for a store whose state is actions plus derived `deltas`.
 * What makes sense is replacing the deltas (hydrating, or resetting in
 * tests with `setState({ deltas: {} })`); anything else is a clear error.
 * The replacement is all or nothing.
 */
import type { MetricSignalsState } from '../types.js';
import type { Actions } from './actions.js';
import type { DeltasView } from './deltas-view.js';
import { effectOf, isFailure } from '../abi/protocol.js';
import { describe, invalid, LiveMetricsError, rethrow } from './errors.js';
import type { StoreRuntime } from './runtime.js';

const METHOD = 'setState';

export type StatePatch = Partial<MetricSignalsState>;

export function applyStatePatch(rt: StoreRuntime, view: DeltasView, actions: Actions, current: MetricSignalsState, next: unknown, replace: boolean): void {
  if (next === current || next === undefined || next === null) return;
  if (typeof next !== 'object' || Array.isArray(next)) {
    throw invalid(METHOD, 'state', 'NotAnObject', describe(next));
  }
  const patch = next as Record<string, unknown>;
  for (const key of Object.keys(patch)) {
    if (key === 'deltas') continue;
    // Spreading the state back (`{ ...state, deltas: {} }`) passes the actions unchanged.
    if (Object.prototype.hasOwnProperty.call(actions, key) && patch[key] === (actions as unknown as Record<string, unknown>)[key]) continue;
    throw invalid(
      METHOD,
      key,
      'Malformed',
      Object.prototype.hasOwnProperty.call(actions, key)
        ? 'is an action and cannot be replaced'
        : 'is not part of the state (only `deltas` can be set)',
    );
  }
  if (!('deltas' in patch)) {
    if (replace) throw invalid(METHOD, 'deltas', 'Malformed', 'is required when replace is true');
    return;
  }
  if (patch.deltas === current.deltas) return;
  replaceDeltas(rt, view, patch.deltas);
}

function replaceDeltas(rt: StoreRuntime, view: DeltasView, record: unknown): void {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw invalid(METHOD, 'deltas', 'Malformed', `must be an object keyed "Type:id:metric" (got ${describe(record)})`);
  }
  const entries = Object.entries(record as Record<string, unknown>).map(([key, value]) => parseEntry(rt, key, value));
  const previous = view.entries().map(([key, value]) => parseEntry(rt, key, value));
  rt.notifier.batch(() => {
    rt.notifier.changed(rt.core.clearAll());
    try {
      for (const e of entries) write(rt, e);
    } catch (error) {
      // Put back exactly what was there; those keys were valid.
      rt.core.clearAll();
      for (const e of previous) write(rt, e);
      throw error;
    }
  });
}

interface Entry {
  field: string;
  type: number;
  id: string;
  metric: number;
  value: number;
}

function parseEntry(rt: StoreRuntime, key: string, value: unknown): Entry {
  const field = `deltas[${JSON.stringify(key)}]`;
  const first = key.indexOf(':');
  const last = key.lastIndexOf(':');
  if (first <= 0 || last <= first + 1 || last === key.length - 1) {
    throw invalid(METHOD, field, 'Malformed', 'must be keyed "entityType:entityId:metricType"');
  }
  if (typeof value !== 'number') throw invalid(METHOD, field, 'NotANumber', describe(value));
  return {
    field,
    type: rt.typeCode(METHOD, key.slice(0, first)),
    id: key.slice(first + 1, last),
    metric: rt.metricCode(METHOD, key.slice(last + 1), field),
    value,
  };
}

/** Writes one entry; an error names the entry (`deltas["Image:1:likeCount"]`). */
function write(rt: StoreRuntime, e: Entry): void {
  try {
    const status = rt.core.applyOne(e.type, rt.ids.of(METHOD, e.id), e.metric, e.value);
    if (isFailure(status)) rethrow(METHOD, rt.core.takeError());
    rt.notifier.changed(effectOf(status));
  } catch (error) {
    if (error instanceof LiveMetricsError) throw new LiveMetricsError(METHOD, e.field, error.reason, error.code);
    throw error;
  }
}
