/**
 * `createStore`: the vanilla (React-free) store over the wasm core.
 */
import { listener } from '../notify/notifier.js';
import { TrackedSelection } from '../notify/tracked-selection.js';
import { connectTransport } from './connect.js';
import type { MetricSignalsState, MetricSignalsStoreOptions } from '../types.js';
import { createActions } from './actions.js';
import type { MetricSignalsStoreApi, SelectorSubscribeOptions } from './api-types.js';
import { DeltasHistory } from './deltas-history.js';
import { DeltasView, type DeltasRecord } from './deltas-view.js';
import { invalid, rethrow } from './errors.js';
import { setInternals } from './internals.js';
import { StoreRuntime } from './runtime.js';
import { applyStatePatch } from './set-state.js';

export function createStore(options: MetricSignalsStoreOptions = {}): MetricSignalsStoreApi {
  const rt = new StoreRuntime(options);
  const { core, notifier } = rt;
  const actions = createActions(rt);
  const view = new DeltasView(core);
  const history = new DeltasHistory(core, view);

  const makeState = (initial: boolean): MetricSignalsState => {
    // The initial state is read now: empty, or what a persisted store restored.
    let deltas: DeltasRecord | null = initial ? view.build() : null;
    const revision = core.revision();
    return Object.freeze({
      ...actions,
      get deltas(): DeltasRecord {
        notifier.tracker?.trackAll();
        if (deltas) return deltas;
        const superseded = revision !== core.revision();
        return (deltas = (superseded && history.at(revision)) || view.build());
      },
    });
  };

  const initialState = makeState(true);
  let state = initialState;
  let stateRevision = notifier.revision;

  const getState = (): MetricSignalsState => {
    if (stateRevision !== notifier.revision) {
      state = makeState(false);
      stateRevision = notifier.revision;
    }
    return state;
  };

  // The states handed to the previous round of whole-store listeners are
  // this round's `previousState`s: keep the journal back to them.
  let lastRoundRevision = core.revision();
  notifier.beforeGlobals = () => {
    history.round(lastRoundRevision);
    lastRoundRevision = core.revision();
  };

  function subscribe(
    selectorOrListener: (state: MetricSignalsState, prev: MetricSignalsState) => unknown,
    selectionListener?: (selected: unknown, previous: unknown) => void,
    opts?: SelectorSubscribeOptions<unknown>,
  ): () => void {
    if (typeof selectorOrListener !== 'function') {
      throw invalid('subscribe', 'listener', 'NotAFunction');
    }
    if (selectionListener === undefined) {
      let previous = getState();
      const l = listener(() => {
        const current = getState();
        const prev = previous;
        previous = current;
        selectorOrListener(current, prev);
      });
      notifier.addGlobal(l);
      history.addListener();
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        notifier.removeGlobal(l);
        history.removeListener();
      };
    }
    const select = selectorOrListener as (s: MetricSignalsState) => unknown;
    const equal = opts?.equalityFn ?? Object.is;
    const selection = new TrackedSelection(notifier);
    const run = () => {
      const state = getState();
      return selection.run(() => select(state), state);
    };
    let current = run();
    selection.attach(() => {
      const next = run();
      if (equal(current, next)) return;
      const prev = current;
      current = next;
      selectionListener(next, prev);
    });
    if (opts?.fireImmediately) selectionListener(current, current);
    return () => selection.detach();
  }

  const api: MetricSignalsStoreApi = {
    getState,
    getInitialState: () => initialState,
    setState: (partial, replace = false) => {
      const current = getState();
      const next = typeof partial === 'function' ? partial(current) : partial;
      applyStatePatch(rt, view, actions, current, next, replace);
    },
    subscribe: subscribe as MetricSignalsStoreApi['subscribe'],
    subscribeKey: (entityType, entityId, metricType, onChange) => {
      const cell = rt.cell('subscribeKey', entityType, entityId, metricType);
      let previous = core.cellDelta(cell);
      const l = listener(() => {
        const value = core.cellDelta(cell);
        if (Object.is(value, previous)) return;
        const prev = previous;
        previous = value;
        onChange(value, prev);
      });
      notifier.addCell(cell, l);
      return () => notifier.removeCell(cell, l);
    },
    acquireTopic: (entityType, entityId) => {
      const method = 'acquireTopic';
      const tc = rt.typeCode(method, entityType);
      try {
        core.acquireTopic(tc, rt.ids.of(method, entityId));
      } catch (error) {
        rethrow(method, error);
      }
      rt.topics.schedule();
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        // Resolved again: the text-id cache may have started over meanwhile.
        core.releaseTopic(tc, rt.ids.of(method, entityId));
        rt.topics.schedule();
      };
    },
    getTopics: () => rt.topics.active(),
    subscribeTopics: (listener) => {
      if (typeof listener !== 'function') throw invalid('subscribeTopics', 'listener', 'NotAFunction');
      return rt.topics.listen(listener);
    },
    setEnabled: (enabled) => rt.setEnabled(enabled),
    isEnabled: () => rt.enabled,
    connect: (transport, options) => connectTransport(rt, actions, transport, getState, options),
    onResync: (listener) => rt.resync.listen(listener),
    onSnapshot: (listener) => {
      rt.snapshotListeners.add(listener);
      return () => rt.snapshotListeners.delete(listener);
    },
    registerMutation: (name, fn) => rt.mutations.register(name, fn as never),
    setRefetch: (refetch) => {
      rt.resync.refetch = refetch ?? null;
    },
    register: (names) => rt.register('register', names),
    codes: {
      entityType: (name) => rt.typeCode('codes.entityType', name),
      metric: (name) => rt.metricCode('codes.metric', name),
    },
    trace: (entityType, entityId) => rt.tracer.hold(entityType, entityId),
    batch: (fn) => notifier.batch(fn),
    flush: () => {
      rt.topics.flush();
      notifier.flush();
      rt.resync.flush();
    },
  };
  setInternals(api, rt);
  return api;
}
