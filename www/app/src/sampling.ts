/** Header numbers sampled once a second (cheap, and readable while they move). */
import type { MetricSignalsStats } from 'livemetrics';
import { useMetricSignalsStoreApi } from 'livemetrics/react';
import { useEffect, useRef, useState } from 'react';

/** `sample()` now and then once per `intervalMs`. */
export function useSampled<T>(sample: () => T, intervalMs = 1000): T {
  const [value, setValue] = useState(sample);
  const latest = useRef(sample);
  useEffect(() => {
    latest.current = sample;
  });
  useEffect(() => {
    const timer = setInterval(() => setValue(latest.current()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return value;
}

/** Deltas applied to the store per second, from `getStats().deltasApplied`. */
export function useDeltaRate(): number {
  const store = useMetricSignalsStoreApi();
  const [rate, setRate] = useState(0);
  useEffect(() => {
    let last = store.getState().getStats().deltasApplied;
    let lastAt = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const applied = store.getState().getStats().deltasApplied;
      setRate(Math.round(((applied - last) * 1000) / Math.max(1, now - lastAt)));
      last = applied;
      lastAt = now;
    }, 1000);
    return () => clearInterval(timer);
  }, [store]);
  return rate;
}

/** Topics the store holds right now (cards in or near the viewport). */
export function useTopicCount(): number {
  const store = useMetricSignalsStoreApi();
  return useSampled(() => store.getTopics().length);
}

/** The store's counters (`getStats()`), sampled. */
export function useStoreStats(intervalMs = 500): MetricSignalsStats {
  const store = useMetricSignalsStoreApi();
  return useSampled(() => store.getState().getStats(), intervalMs);
}
