/**
 * `1,234,567`: exact numbers for labels and tooltips. One shared formatter —
 * `Number#toLocaleString` builds a new one per call, which adds up at
 * hundreds of updates a second.
 */
const EXACT = new Intl.NumberFormat('en-US');

export const formatExact = (value: number): string => EXACT.format(value);
