/**
 * App entity ids → the core's wire ids, the one id shape every core call
 * takes: a number ≥ 0 is itself; a text id (`'project-123'`) is interned
 * once into a negative handle and cached here, so a hot call with a text
 * id sends a number instead of copying the string into wasm memory.
 * Negative numbers never reach the core as ids (they could be taken for
 * handles); the core still words why they are rejected.
 */
import type { CoreStore } from '../wasm/load.js';
import { describe, invalid, rethrow } from './errors.js';

export class WireIds {
  private readonly texts = new Map<string, number>();
  private epoch: number;

  constructor(private readonly core: CoreStore) {
    this.epoch = core.textEpoch();
  }

  /** The wire id of an app id; throws a `LiveMetricsError` naming `entityId`. */
  of(method: string, id: unknown): number {
    if (typeof id === 'number') return id >= 0 ? id : this.badNumber(method, id);
    if (typeof id === 'string') return this.texts.get(id) ?? this.intern(method, id);
    throw invalid(method, 'entityId', 'NotAnId', describe(id));
  }

  private intern(method: string, text: string): number {
    const wire = this.core.internText(text);
    if (Number.isNaN(wire)) rethrow(method, this.core.takeError());
    const epoch = this.core.textEpoch();
    // The core's table started over: every cached handle is void.
    if (epoch !== this.epoch) {
      this.texts.clear();
      this.epoch = epoch;
    }
    this.texts.set(text, wire);
    return wire;
  }

  private badNumber(method: string, id: number): never {
    rethrow(method, this.core.numberIdError(id));
  }
}
