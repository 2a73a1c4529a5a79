/**
 * Drives optimistic mutations: the core holds each record and decides
 * (retry when, roll back, settle); this loop runs the attempts. The store
 * owns every write — unmounting a component never cancels one. Attempts
 * pause while the browser is offline and resume on `online`; an attempt's
 * `signal` aborts at its timeout.
 */
import { decodeAttemptFailure, effectOf, FAILURE, needsResync, WATCHED_EFFECT } from '../abi/protocol.js';
import { describe, invalid, rethrow } from './errors.js';
import type { MutateOptions, MutationContext, NamedMutationFn, RetryOptions } from './mutation-types.js';
import { MutationError } from './mutation-types.js';
import type { StoreRuntime } from './runtime.js';
import { encodeValues } from './values-encoder.js';
import { PendingStore } from './pending-store.js';
import { timeoutSignal, wait } from './timers.js';

function retryVector(options: RetryOptions | false | undefined, timeoutMs: number | undefined): number[] {
  const r = options === false ? { retries: 0 } : (options ?? {});
  return [r.baseMs ?? 1000, r.factor ?? 2, r.retries ?? 3, timeoutMs ?? r.timeoutMs ?? 15_000, r.capMs ?? 30_000, r.jitter === false ? 0 : 1];
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

async function online(): Promise<void> {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  const target = globalThis as { addEventListener?: (t: string, f: () => void, o?: object) => void };
  if (nav?.onLine !== false || !target.addEventListener) return;
  await new Promise<void>((resolve) => target.addEventListener?.('online', () => resolve(), { once: true }));
}

interface FailureInfo {
  kind: number;
  code: number;
  retryAfterMs: number;
  message: string;
}

function classify(error: unknown, signal: AbortSignal): FailureInfo {
  const e = error as { name?: unknown; status?: unknown; retryAfterMs?: unknown; message?: unknown; headers?: { get?(n: string): string | null } } | null;
  const message = String(e?.message ?? error);
  if (signal.aborted || e?.name === 'AbortError') return { kind: FAILURE.TIMEOUT, code: 0, retryAfterMs: NaN, message: 'timed out' };
  if (typeof e?.status === 'number') {
    const header = Number(e.headers?.get?.('retry-after'));
    const after = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : Number.isFinite(header) ? header * 1000 : NaN;
    return { kind: FAILURE.STATUS, code: e.status, retryAfterMs: after, message: `HTTP ${e.status}${message ? `: ${message}` : ''}` };
  }
  if (error instanceof TypeError) return { kind: FAILURE.NETWORK, code: 0, retryAfterMs: NaN, message };
  // An error of the app's own (not HTTP, not network): not retried.
  return { kind: FAILURE.STATUS, code: 0, retryAfterMs: NaN, message };
}

/** The attempt ends at its timeout even if `mutationFn` ignores the signal. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(Object.assign(new Error('timed out'), { name: 'AbortError' }));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

interface ResponseLike {
  ok: boolean;
  status: number;
  headers?: { get?(n: string): string | null };
  json(): Promise<unknown>;
}

function isResponse(v: unknown): v is ResponseLike {
  const r = v as ResponseLike | null;
  return !!r && typeof r.ok === 'boolean' && typeof r.status === 'number' && typeof r.json === 'function';
}

export class MutationDriver {
  private readonly named = new Map<string, NamedMutationFn>();
  private readonly running = new Set<string>();
  private readonly pending: PendingStore;

  constructor(private readonly rt: StoreRuntime) {
    this.pending = new PendingStore(rt.options.persistKey ?? 'livemetrics');
    for (const saved of this.pending.load()) {
      // Show the write again at once; it runs when its function is registered.
      try {
        this.begin(saved.options, saved.id);
      } catch {
        this.pending.remove(saved.id);
      }
    }
  }

  register(name: string, fn: NamedMutationFn): void {
    if (typeof name !== 'string') throw invalid('registerMutation', 'name', 'NotAString', describe(name));
    if (!name) throw invalid('registerMutation', 'name', 'Empty');
    if (typeof fn !== 'function') throw invalid('registerMutation', 'fn', 'NotAFunction');
    this.named.set(name, fn);
    for (const saved of this.pending.load()) {
      if (saved.options.mutation === name) void this.run(saved.id, saved.options).catch(() => {});
    }
  }

  mutate<R>(options: MutateOptions<R>): Promise<R | undefined> {
    if (options?.mutation !== undefined && !this.named.has(options.mutation)) {
      throw invalid('mutate', 'mutation', 'Malformed', `no function is registered as ${JSON.stringify(options.mutation)} (registerMutation)`);
    }
    const id = this.begin(options, options.id ?? randomId());
    if (options.mutation) this.pending.save(id, options);
    return this.run(id, options);
  }

  private begin(options: MutateOptions<unknown>, id: string): string {
    const method = 'mutate';
    if (!options || typeof options !== 'object') throw invalid(method, 'options', 'NotAnObject', describe(options));
    if (!options.mutationFn && !options.mutation) throw invalid(method, 'mutationFn', 'Malformed', 'is required (or a registered `mutation` name)');
    if (options.mutationFn && typeof options.mutationFn !== 'function') throw invalid(method, 'mutationFn', 'NotAFunction');
    if (typeof id !== 'string') throw invalid(method, 'id', 'NotAString', describe(id));
    const tc = this.rt.typeCode(method, options.entityType);
    const entity = this.rt.ids.of(method, options.entityId);
    const { pairs } = encodeValues(method, 'updates', this.rt.vocab, options.updates, false, this.rt.learn);
    const resume = options.mutation ? [options.mutation, JSON.stringify(options.variables ?? null)] : undefined;
    let effect: number;
    try {
      effect = this.rt.core.beginMutation(id, tc, entity, pairs, Float64Array.from(retryVector(options.retry, options.timeoutMs)), Date.now(), resume);
    } catch (error) {
      rethrow(method, error);
    }
    this.rt.notifier.changed(effect, true);
    this.rt.events.emit('optimistic/apply', () => ({ id, entityType: options.entityType, entityId: options.entityId, updates: options.updates }));
    return id;
  }

  private fnOf(options: MutateOptions<unknown>): ((ctx: MutationContext) => Promise<unknown>) | null {
    if (options.mutationFn) return options.mutationFn;
    const named = options.mutation ? this.named.get(options.mutation) : undefined;
    return named ? (ctx) => named(options.variables, ctx) : null;
  }

  private async run<R>(id: string, options: MutateOptions<R>): Promise<R | undefined> {
    const fn = this.fnOf(options as MutateOptions<unknown>);
    // Without its function it resumes when the name is registered; one loop per record.
    if (!fn || this.running.has(id)) return undefined;
    this.running.add(id);
    const { core, notifier } = this.rt;
    try {
      for (let attempt = 1; ; attempt++) {
        await online();
        const timeout = core.attemptStarted(id);
        notifier.changed(WATCHED_EFFECT);
        if (timeout === undefined) return undefined;
        const { signal, done } = timeoutSignal(timeout);
        let result: unknown;
        try {
          result = await untilAborted(fn({ signal, mutationId: id, attempt }), signal);
          // The server answered in time: its body (the version the write
          // landed at) must be read whole, not cut off by the timeout.
          done();
          if (isResponse(result)) {
            if (!result.ok) throw Object.assign(new Error(`HTTP ${result.status}`), { status: result.status, headers: result.headers });
            result = await result.json().catch(() => undefined);
          }
        } catch (error) {
          done();
          const f = classify(error, signal);
          const next = decodeAttemptFailure(core.attemptFailed(id, f.kind, f.code, f.retryAfterMs, f.message, Date.now(), Math.random()));
          notifier.changed(effectOf(next.status));
          if (needsResync(next.status)) this.rt.resync.schedule();
          if (next.settled) return undefined;
          if (next.failed) {
            this.rt.events.emit('optimistic/rollback', () => ({ id, attempts: attempt, error: f.message }));
            this.pending.remove(id);
            throw new MutationError(id, attempt, f.message);
          }
          await wait(next.retryAt - Date.now());
          continue;
        }
        done();
        this.succeed(id, result);
        this.pending.remove(id);
        return result as R;
      }
    } finally {
      this.running.delete(id);
      notifier.changed(WATCHED_EFFECT);
    }
  }

  /** `{ version, metrics | values }` in the response retire the optimistic delta exactly. */
  private succeed(id: string, result: unknown): void {
    const body = (result ?? {}) as { version?: unknown; metrics?: unknown; values?: unknown };
    const version = typeof body.version === 'number' ? body.version : NaN;
    const values = body.metrics ?? body.values;
    const pairs = values && typeof values === 'object' ? encodeValues('mutate', 'metrics', this.rt.vocab, values, true, this.rt.learn).pairs : new Float64Array();
    const status = this.rt.core.attemptSucceeded(id, version, pairs);
    this.rt.events.emit('optimistic/settle', () => ({ id, version: body.version }));
    this.rt.notifier.changed(effectOf(status));
    if (needsResync(status)) this.rt.resync.schedule();
  }
}
