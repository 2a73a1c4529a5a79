import { describe, expect, it } from 'vitest';
import { abbreviateNumber } from 'livemetrics';

describe('abbreviateNumber', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1k'],
    [1234, '1.2k'],
    [1299, '1.2k'],
    [999_999, '999.9k'],
    [3_400_000, '3.4M'],
    [5_650_000_000, '5.6B'],
    [7.8e12, '7.8T'],
    [-1234, '-1.2k'],
    [12.5, '12.5'],
  ])('%d → %s', (n, text) => expect(abbreviateNumber(n)).toBe(text));
});
