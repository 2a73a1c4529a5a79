/**
 * A JS mirror of the core's vocabulary (name → code), so hot calls send
 * numbers. `Map`, not objects: `constructor` or `__proto__` never resolve.
 */
import type { CoreStore } from '../wasm/load.js';

export class VocabMirror {
  private readonly types = new Map<string, number>();
  private readonly metrics = new Map<string, number>();
  private typeNames: string[] = [];
  private metricNames: string[] = [];

  constructor(private readonly core: CoreStore) {
    this.refresh();
  }

  /** Re-reads the tables after a registration. */
  refresh(): void {
    this.typeNames = this.core.entityTypeNames();
    this.metricNames = this.core.metricNames();
    this.types.clear();
    this.metrics.clear();
    this.typeNames.forEach((name, code) => this.types.set(name, code));
    this.metricNames.forEach((name, code) => this.metrics.set(name, code));
    const aliases = this.core.aliasPairs();
    for (let i = 0; i + 1 < aliases.length; i += 2) {
      const code = this.metrics.get(aliases[i + 1] as string);
      if (code !== undefined) this.metrics.set(aliases[i] as string, code);
    }
  }

  typeCode(name: unknown): number | undefined {
    return typeof name === 'string' ? this.types.get(name) : undefined;
  }

  /** A metric name or alias → its code. */
  metricCode(name: unknown): number | undefined {
    return typeof name === 'string' ? this.metrics.get(name) : undefined;
  }

  /** The canonical metric name (aliases resolve to it). */
  canonicalMetric(name: string): string | undefined {
    const code = this.metrics.get(name);
    return code === undefined ? undefined : this.metricNames[code];
  }

  entityTypes(): readonly string[] {
    return this.typeNames;
  }

  metricTypes(): readonly string[] {
    return this.metricNames;
  }
}
