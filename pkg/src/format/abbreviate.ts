/**
 * Compact counts for cards: 999, 1.2k, 3.4M, 5.6B, 7.8T. Truncates rather
 * than rounds, so a count never reads higher than it is and 999,999 shows
 * as 999.9k, not 1000k.
 */
const UNITS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

export function abbreviateNumber(value: number, decimals = 1): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const scale = 10 ** decimals;
  for (const [size, unit] of UNITS) {
    if (abs >= size) return `${sign}${trim(Math.floor((abs / size) * scale) / scale, decimals)}${unit}`;
  }
  return `${sign}${trim(Math.floor(abs * scale) / scale, decimals)}`;
}

function trim(n: number, decimals: number): string {
  return n.toFixed(decimals).replace(/\.?0+$/, '');
}
