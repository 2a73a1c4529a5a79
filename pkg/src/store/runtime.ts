/**
 * The per-store machinery shared by the state actions and the store API:
 * the wasm core, the vocabulary mirror, wire ids, the notifier and topic
 * sync, plus name and key resolution.
 */
import { CoreStore } from '../wasm/load.js';
import { Notifier, NOTIFY_MODES } from '../notify/notifier.js';
import type { BaseMeta, SnapshotEvent } from '../types.js';
import { ResyncDispatcher, type ResyncTarget } from './resync.js';
import { PersistWriter, restore } from './persistence.js';
import { MutationDriver } from './mutation-driver.js';
import { DEFAULT_TOPIC_FORMAT, TopicSync } from '../topics/topic-sync.js';
import type { MetricSignalsStoreOptions, NotifyMode } from '../types.js';
import { learnedNames } from '../abi/protocol.js';
import { describe, invalid, rethrow } from './errors.js';
import { UpdateEncoder, type LearnMetric } from './update-encoder.js';
import { VocabMirror } from './vocab.js';
import { WireIds } from './wire-ids.js';
import { Tracer } from './explain.js';
import { StoreEvents } from './store-events.js';

export class StoreRuntime {
  core: CoreStore;
  readonly vocab: VocabMirror;
  readonly ids: WireIds;
  readonly notifier: Notifier;
  readonly topics: TopicSync;
  readonly encoder = new UpdateEncoder();
  readonly tracer = new Tracer(this);
  /** Labelled events for development tools (emitted only while listened to). */
  readonly events = new StoreEvents();
  readonly snapshotListeners = new Set<(event: SnapshotEvent) => void>();
  /** Skipped snapshot fields (counted with `fieldsDropped`). */
  droppedSnapshotFields = 0;
  /** `setBase` that skips fields which aren't known metrics (for hooks and refetch). */
  setBaseLenient: (entityType: unknown, entityId: unknown, values: unknown, meta: BaseMeta) => void = () => {};
  /** Unknown metric names throw in app calls (and remote ones are dropped). */
  readonly strict: boolean;
  /** The store-wide switch (see `setEnabled`). */
  enabled: boolean;
  /** Learns a metric name an app call uses (null in a strict store). */
  readonly learn: LearnMetric | null;
  private resyncDispatcher: ResyncDispatcher | null = null;
  private mutationDriver: MutationDriver | null = null;
  private readonly warned = new Set<string>();

  constructor(readonly options: MetricSignalsStoreOptions = {}) {
    const notify = notifyMode(options.notify);
    this.strict = flag('strict', options.strict);
    this.enabled = options.enabled === undefined ? true : flag('enabled', options.enabled);
    this.learn = this.strict ? null : (name) => this.learnMetric(name);
    this.core = this.newCore();
    const persist = options.persist ?? false;
    const key = options.persistKey ?? 'livemetrics';
    if (restore(this.core, persist, key) && !this.registers(options)) {
      console.warn(`livemetrics: ignoring the persisted state under "${key}": its names conflict with this store's`);
      this.core = this.newCore();
    }
    this.vocab = new VocabMirror(this.core);
    this.ids = new WireIds(this.core);
    this.notifier = new Notifier(this.core, notify);
    this.topics = new TopicSync(this.core, this.vocab, topicFormat(options.topicFormat));
    this.topics.setEnabled(this.enabled);
    this.register('createMetricSignalsStore', options);
    if (persist) {
      const writer = new PersistWriter(this.core, persist, key);
      this.notifier.afterChange = () => writer.changed();
    }
  }

  private newCore(): CoreStore {
    const o = this.options;
    return new CoreStore(size('dedupeWindow', o.dedupeWindow), size('activitySize', o.activitySize), size('maxKeys', o.maxKeys), o.strict === true);
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
    this.resyncDispatcher = new ResyncDispatcher(this.core, this.vocab, target);
    this.resyncDispatcher.refetch = refetch;
    this.resyncDispatcher.onRequests = (requests) => this.events.emit('resync', () => ({ requests }));
  }

  /** The mutation driver (created on first use: it may restore saved writes). */
  get mutations(): MutationDriver {
    return (this.mutationDriver ??= new MutationDriver(this));
  }

  get resync(): ResyncDispatcher {
    if (!this.resyncDispatcher) throw new Error('livemetrics: resync used before the store was built');
    return this.resyncDispatcher;
  }

  /**
   * Off: transports let go of every topic, remote deltas are not applied,
   * observers show bases. On again: topics come back and held entities are
   * resynced, since deltas sent meanwhile were not applied.
   */
  setEnabled(enabled: unknown): void {
    const on = flag('enabled', enabled, 'setEnabled');
    if (on === this.enabled) return;
    this.enabled = on;
    this.topics.setEnabled(on);
    if (on && this.core.markHeldStale() > 0) this.resync.schedule();
    this.notifier.touchAll();
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

  /**
   * A metric name first seen in an app write (or a hook's base): kept — the
   * core learns it — with a warning once per name in development; an
   * invalid or reserved name is ignored, with the same warning.
   */
  private learnMetric(name: string): number | undefined {
    const code = this.core.learnMetric(name);
    if (code >= 0) {
      this.vocab.refresh();
      this.warnOnce(name, `learned the metric type "${name}" from a write (register it with register({ metricTypes }) to type it)`);
      return code;
    }
    this.warnOnce(name, `ignored the field "${name}": not a valid metric name (letters, digits and _), or too many learned`);
    return undefined;
  }

  /** After a remote write: names learned from it reach the mirror (and a warning). */
  afterRemote(status: number): void {
    if (!learnedNames(status)) return;
    const before = new Set(this.vocab.metricNames());
    this.vocab.refresh();
    for (const name of this.vocab.metricNames()) {
      if (!before.has(name)) this.warnOnce(name, `learned the metric type "${name}" from a remote payload`);
    }
  }

  private warnOnce(name: string, message: string): void {
    if (this.warned.has(name) || !isDevelopment()) return;
    this.warned.add(name);
    console.warn(`livemetrics: ${message}`);
  }

  typeCode(method: string, entityType: unknown): number {
    const code = this.vocab.typeCode(entityType);
    if (code !== undefined) return code;
    throw typeof entityType === 'string'
      ? invalid(method, 'entityType', 'UnknownEntityType', entityType)
      : invalid(method, 'entityType', 'NotAString', describe(entityType));
  }

  metricCode(method: string, metricType: unknown, field = 'metricType'): number {
    const code = this.vocab.metricCode(metricType);
    if (code !== undefined) return code;
    throw typeof metricType === 'string'
      ? invalid(method, field, 'UnknownMetric', metricType)
      : invalid(method, field, 'NotAString', describe(metricType));
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
    let mc = this.vocab.metricCode(metricType);
    // A hook's base names a metric the store has not seen: learn it, so its
    // deltas show once they come (a strict store reads the base only).
    if (mc === undefined && typeof metricType === 'string' && this.learn) mc = this.learn(metricType);
    if (tc === undefined || mc === undefined) {
      if (tc === undefined && typeof entityType !== 'string') this.typeCode(method, entityType);
      if (mc === undefined && typeof metricType !== 'string') this.metricCode(method, metricType);
      return -1;
    }
    return this.cellOf(method, tc, entityId, mc);
  }

  cellOf(method: string, tc: number, entityId: unknown, mc: number): number {
    const cell = this.core.cell(tc, this.ids.of(method, entityId), mc);
    if (Number.isNaN(cell)) rethrow(method, this.core.takeError());
    return cell;
  }
}

function size(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw invalid('createMetricSignalsStore', field, 'NotASize', describe(value));
  }
  return value;
}

function notifyMode(value: unknown): NotifyMode {
  if (value === undefined) return 'auto';
  if (NOTIFY_MODES.includes(value as NotifyMode)) return value as NotifyMode;
  throw invalid('createMetricSignalsStore', 'notify', 'NotOneOf', `${NOTIFY_MODES.map((m) => `'${m}'`).join(', ')} (got ${describe(value)})`);
}

function flag(field: string, value: unknown, method = 'createMetricSignalsStore'): boolean {
  if (value === undefined && method === 'createMetricSignalsStore') return false;
  if (typeof value !== 'boolean') throw invalid(method, field, 'NotOneOf', `true, false (got ${describe(value)})`);
  return value;
}

/** Bundlers replace `process.env.NODE_ENV`; without one (a page with no build step) it's development. */
declare const process: { env: { NODE_ENV?: string } };
function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true;
  }
}

function topicFormat(value: unknown): string {
  if (value === undefined) return DEFAULT_TOPIC_FORMAT;
  if (typeof value !== 'string') throw invalid('createMetricSignalsStore', 'topicFormat', 'NotAString', describe(value));
  if (!value.includes('{entityId}')) {
    throw invalid('createMetricSignalsStore', 'topicFormat', 'Malformed', `must contain {entityId} (got ${describe(value)})`);
  }
  return value;
}

function checkName(method: string, field: string, name: unknown): string {
  if (typeof name !== 'string') throw invalid(method, field, 'NotAString', describe(name));
  return name;
}
