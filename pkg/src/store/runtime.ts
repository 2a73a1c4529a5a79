/**
 * The per-store machinery shared by the state actions, the store API and
 * the React bindings: the wasm core, the vocabulary mirror, the notifier
 * and topic sync, plus strict name and key resolution.
 */
import { CoreStore } from '../wasm/load.js';
import { Notifier, NOTIFY_MODES } from '../notify/notifier.js';
import type { BaseMeta, SnapshotEvent } from '../types.js';
import { ResyncDispatcher, type ResyncTarget } from './resync.js';
import { PersistWriter, restore } from './persistence.js';
import { MutationDriver } from './mutation-driver.js';
import { TopicSync } from '../topics/topic-sync.js';
import type { MetricSignalsStoreOptions, NotifyMode } from '../types.js';
import { badEntityId } from './entity-id.js';
import { describe, LiveMetricsError, rethrow } from './errors.js';
import { UpdateEncoder } from './update-encoder.js';
import { VocabMirror } from './vocab.js';

export class StoreRuntime {
  core: CoreStore;
  readonly vocab: VocabMirror;
  readonly notifier: Notifier;
  readonly topics: TopicSync;
  readonly encoder = new UpdateEncoder();
  readonly snapshotListeners = new Set<(event: SnapshotEvent) => void>();
  /** Skipped snapshot fields (counted with `fieldsDropped`). */
  droppedSnapshotFields = 0;
  /** `setBase` that skips fields which aren't known metrics (for hooks and refetch). */
  setBaseLenient: (entityType: unknown, entityId: unknown, values: unknown, meta: BaseMeta) => void = () => {};
  private resyncDispatcher: ResyncDispatcher | null = null;
  private mutationDriver: MutationDriver | null = null;

  constructor(readonly options: MetricSignalsStoreOptions = {}) {
    const notify = notifyMode(options.notify);
    this.core = this.newCore();
    const persist = options.persist ?? false;
    const key = options.persistKey ?? 'livemetrics';
    if (restore(this.core, persist, key) && !this.registers(options)) {
      console.warn(`livemetrics: ignoring the persisted state under "${key}": its names conflict with this store's`);
      this.core = this.newCore();
    }
    this.vocab = new VocabMirror(this.core);
    this.notifier = new Notifier(this.core, notify);
    this.topics = new TopicSync(this.core);
    this.register('createMetricSignalsStore', options);
    if (persist) {
      const writer = new PersistWriter(this.core, persist, key);
      this.notifier.afterChange = () => writer.changed();
    }
  }

  private newCore(): CoreStore {
    const o = this.options;
    return new CoreStore(size('dedupeWindow', o.dedupeWindow), size('activitySize', o.activitySize), size('maxKeys', o.maxKeys));
  }

  /** Whether the options' names register cleanly (after a restore). */
  private registers(options: MetricSignalsStoreOptions): boolean {
    try {
      const aliases = Object.entries(options.aliases ?? {}).flat();
      this.core.registerNames([...(options.entityTypes ?? [])], [...(options.metricTypes ?? [])], aliases);
      return true;
    } catch {
      return false;
    }
  }

  /** Wires resync to the store's actions (they exist only after the runtime). */
  attachResync(target: ResyncTarget, refetch: ResyncDispatcher['refetch']): void {
    this.resyncDispatcher = new ResyncDispatcher(this.core, target);
    this.resyncDispatcher.refetch = refetch;
  }

  /** The mutation driver (created on first use: it may restore saved writes). */
  get mutations(): MutationDriver {
    return (this.mutationDriver ??= new MutationDriver(this));
  }

  get resync(): ResyncDispatcher {
    if (!this.resyncDispatcher) throw new Error('livemetrics: resync used before the store was built');
    return this.resyncDispatcher;
  }

  /** Runs `fn` after the current call returns (listeners must not re-enter wasm mid-call). */
  deferred(fn: () => void): void {
    queueMicrotask(fn);
  }

  register(method: string, names: Pick<MetricSignalsStoreOptions, 'entityTypes' | 'metricTypes' | 'aliases'>): void {
    const types = (names.entityTypes ?? []).map((n, i) => checkName(method, `entityTypes[${i}]`, n));
    const metrics = (names.metricTypes ?? []).map((n, i) => checkName(method, `metricTypes[${i}]`, n));
    const aliases = Object.entries(names.aliases ?? {}).flatMap(([a, m]) => [a, checkName(method, `aliases.${a}`, m)]);
    if (types.length + metrics.length + aliases.length === 0) return;
    try {
      // All or nothing: one bad name registers none.
      this.core.registerNames(types, metrics, aliases);
    } catch (error) {
      rethrow(method, error);
    } finally {
      this.vocab.refresh();
    }
  }

  typeCode(method: string, entityType: unknown): number {
    const code = this.vocab.typeCode(entityType);
    if (code !== undefined) return code;
    throw new LiveMetricsError(
      method,
      'entityType',
      typeof entityType === 'string'
        ? `unknown entity type ${JSON.stringify(entityType)} (register it with registerEntityType)`
        : `must be a string (got ${describe(entityType)})`,
    );
  }

  metricCode(method: string, metricType: unknown, field = 'metricType'): number {
    const code = this.vocab.metricCode(metricType);
    if (code !== undefined) return code;
    throw new LiveMetricsError(
      method,
      field,
      typeof metricType === 'string'
        ? `unknown metric type ${JSON.stringify(metricType)} (register it with registerMetricType)`
        : `must be a string (got ${describe(metricType)})`,
    );
  }

  /** The key's cell (created if needed); strict on every part. */
  cell(method: string, entityType: unknown, entityId: unknown, metricType: unknown): number {
    return this.cellOf(method, this.typeCode(method, entityType), entityId, this.metricCode(method, metricType));
  }

  /**
   * Like `cell`, but a well-formed name the store doesn't know gives -1
   * (nothing can be stored under it) instead of an error: hooks pass any
   * keys the app's base object has, as the seed's `useLiveMetrics` does.
   */
  cellIfKnown(method: string, entityType: unknown, entityId: unknown, metricType: unknown): number {
    const tc = this.vocab.typeCode(entityType);
    const mc = this.vocab.metricCode(metricType);
    if (tc === undefined || mc === undefined) {
      if (tc === undefined) this.typeCodeIfString(method, entityType);
      if (mc === undefined && typeof metricType !== 'string') this.metricCode(method, metricType);
      return -1;
    }
    return this.cellOf(method, tc, entityId, mc);
  }

  private typeCodeIfString(method: string, entityType: unknown): void {
    if (typeof entityType !== 'string') this.typeCode(method, entityType);
  }

  cellOf(method: string, tc: number, entityId: unknown, mc: number): number {
    try {
      if (typeof entityId === 'number') return this.core.cell(tc, entityId, mc);
      if (typeof entityId === 'string') return this.core.cellStr(tc, entityId, mc);
    } catch (error) {
      rethrow(method, error);
    }
    throw badEntityId(method, entityId);
  }
}

function size(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new LiveMetricsError('createMetricSignalsStore', field, `must be a non-negative integer (got ${describe(value)})`);
  }
  return value;
}

function notifyMode(value: unknown): NotifyMode {
  if (value === undefined) return 'auto';
  if (NOTIFY_MODES.includes(value as NotifyMode)) return value as NotifyMode;
  throw new LiveMetricsError('createMetricSignalsStore', 'notify', `must be one of ${NOTIFY_MODES.map((m) => `'${m}'`).join(', ')} (got ${describe(value)})`);
}

function checkName(method: string, field: string, name: unknown): string {
  if (typeof name !== 'string') throw new LiveMetricsError(method, field, `must be a string (got ${describe(name)})`);
  return name;
}
