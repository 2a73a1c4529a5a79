import { describe, expect, it } from 'vitest';
import { createMetricSignalsStore, LiveMetricsError } from 'livemetrics';
// The built package's internals: the generated ABI and the wasm glue it loaded.
import { BUILTIN_ALIASES, BUILTIN_ENTITY_TYPES, BUILTIN_METRIC_TYPES, ERROR, MESSAGES, STATS_FIELDS, STATUS } from '../dist/abi/generated.js';
import { CoreStore } from '../wasm/livemetrics.js';

describe('the generated ABI agrees with the wasm module at run time', () => {
  it('the built-in vocabulary is the core’s', () => {
    const core = new CoreStore();
    expect(core.entityTypeNames()).toEqual([...BUILTIN_ENTITY_TYPES]);
    expect(core.metricNames()).toEqual([...BUILTIN_METRIC_TYPES]);
    expect(core.aliasPairs()).toEqual(Object.entries(BUILTIN_ALIASES).flat());
  });

  it('the stats vector has one number per named field', () => {
    expect(new CoreStore().stats().length).toBe(STATS_FIELDS.length);
  });

  it('a failed write returns FAILED and leaves a coded error worded by the table', () => {
    const core = new CoreStore();
    expect(core.applyOne(4, 1.5, 13, 1)).toBe(STATUS.FAILED);
    const [code, field, a] = core.takeError() as [number, string, number, number, string];
    expect([code, field, a]).toEqual([ERROR.NotInteger, 'entityId', 1.5]);
    expect(MESSAGES[code]).toBe('must be an integer (got {a})');
  });

  it('errors reaching the app carry the code of their reason', () => {
    const store = createMetricSignalsStore();
    const codeOf = (call: () => unknown) => {
      try {
        call();
      } catch (e) {
        expect(e).toBeInstanceOf(LiveMetricsError);
        return (e as LiveMetricsError).code;
      }
      return undefined;
    };
    expect(codeOf(() => store.getState().applyDelta('Image', 1, { likeCount: NaN }))).toBe('NotFinite');
    expect(codeOf(() => store.getState().applyDelta('Image', -1, { likeCount: 1 }))).toBe('Negative');
    expect(codeOf(() => store.getState().applyDelta('Image', 'x'.repeat(300), { likeCount: 1 }))).toBe('TooLong');
    expect(codeOf(() => store.getState().applyDelta('Image', 1, { likeCount: '1' as never }))).toBe('NotANumber');
    expect(codeOf(() => store.getState().setBase('Image', 1, { likeCount: 1 }, { asOf: 99 }))).toBe('NotAToken');
  });
});
