/** Header numbers sampled once a second (cheap, and readable while they move). */
import { useMetricSignalsStore } from 'livemetrics';
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
  const [rate, setRate] = useState(0);
  useEffect(() => {
    let last = useMetricSignalsStore.getState().getStats().deltasApplied;
    let lastAt = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const applied = useMetricSignalsStore.getState().getStats().deltasApplied;
      setRate(Math.round(((applied - last) * 1000) / Math.max(1, now - lastAt)));
      last = applied;
      lastAt = now;
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  return rate;
}

/** Topics the store holds right now (cards in or near the viewport). */
export function useTopicCount(): number {
  return useSampled(() => useMetricSignalsStore.getTopics().length);
}
