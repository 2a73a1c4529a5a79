/**
 * `explain` — why a count is what it is — and `trace`, which makes the
 * core record every delta reaching an entity (refcounted here: several
 * inspectors may watch one entity). Development tools, off the hot paths.
 */
import { decodeExplanation, type CoreExplanation } from '../abi/protocol.js';
import type { EntityId, MetricAlias, MetricEntityType, MetricType } from '../types.js';
import { rethrow } from './errors.js';
import type { StoreRuntime } from './runtime.js';

/** One key explained: the base and its watermark, each delta still counted, pending writes, the trail. */
export interface Explanation extends CoreExplanation {
  entityType: MetricEntityType;
  entityId: EntityId;
  metricType: MetricType;
  /** What the store shows for the key: `value`, or the deltas alone without a base. */
  shown: number;
}

export function explainKey(rt: StoreRuntime, entityType: MetricEntityType, entityId: EntityId, metricType: MetricType | MetricAlias): Explanation {
  const method = 'explain';
  const tc = rt.typeCode(method, entityType);
  const mc = rt.metricCode(method, metricType);
  let flat: unknown[];
  try {
    flat = rt.core.explain(tc, rt.ids.of(method, entityId), mc);
  } catch (error) {
    rethrow(method, error);
  }
  rt.notifier.tracker?.trackAll();
  const core = decodeExplanation(flat);
  return {
    ...core,
    entityType,
    entityId,
    metricType: rt.vocab.metricName(mc) as MetricType,
    shown: core.value ?? core.delta + core.optimistic,
  };
}

export class Tracer {
  private readonly holds = new Map<string, number>();

  constructor(private readonly rt: StoreRuntime) {}

  /** Records the entity's deltas until the returned function is called. */
  hold(entityType: MetricEntityType, entityId: EntityId): () => void {
    const method = 'trace';
    const tc = this.rt.typeCode(method, entityType);
    const key = `${tc}:${String(entityId)}`;
    const set = (on: boolean) => {
      try {
        this.rt.core.trace(tc, this.rt.ids.of(method, entityId), on);
      } catch (error) {
        rethrow(method, error);
      }
    };
    const n = this.holds.get(key) ?? 0;
    if (n === 0) set(true);
    this.holds.set(key, n + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.holds.get(key) ?? 1) - 1;
      if (left > 0) this.holds.set(key, left);
      else {
        this.holds.delete(key);
        set(false);
      }
    };
  }
}
