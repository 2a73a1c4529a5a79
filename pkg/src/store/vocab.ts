/**
 * A JS mirror of the core's vocabulary (name → code), so hot calls send
 * numbers. The hot lookups use null-prototype objects: `constructor` or
 * `__proto__` never resolve to a prototype's, and V8 reads them in about
 * half the time of `Map.get` (~10 vs ~20 ns), per call on the write path.
 */
import type { CoreStore } from '../wasm/load.js';

type CodeIndex = Record<string, number | undefined>;

const codeIndex = (): CodeIndex => Object.create(null) as CodeIndex;

export class VocabMirror {
  private types = codeIndex();
  private metrics = codeIndex();
  private typeList: string[] = [];
  private metricList: string[] = [];

  constructor(private readonly core: CoreStore) {
    this.refresh();
  }

  /** Re-reads the tables after a registration. */
  refresh(): void {
    this.typeList = this.core.entityTypeNames();
    this.metricList = this.core.metricNames();
    const types = codeIndex();
    const metrics = codeIndex();
    this.typeList.forEach((name, code) => (types[name] = code));
    this.metricList.forEach((name, code) => (metrics[name] = code));
    const aliases = this.core.aliasPairs();
    for (let i = 0; i + 1 < aliases.length; i += 2) {
      const code = metrics[aliases[i + 1] as string];
      if (code !== undefined) metrics[aliases[i] as string] = code;
    }
    this.types = types;
    this.metrics = metrics;
  }

  typeCode(name: unknown): number | undefined {
    return typeof name === 'string' ? this.types[name] : undefined;
  }

  /** A metric name or alias → its code. */
  metricCode(name: unknown): number | undefined {
    return typeof name === 'string' ? this.metrics[name] : undefined;
  }

  /** The name of a type code (as the core reports it). */
  typeName(code: number): string | undefined {
    return this.typeList[code];
  }

  /** Every metric name, by code. */
  metricNames(): readonly string[] {
    return this.metricList;
  }

  /** The canonical name of a metric code. */
  metricName(code: number): string | undefined {
    return this.metricList[code];
  }
}
