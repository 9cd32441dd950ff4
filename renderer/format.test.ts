import { describe, expect, it } from 'vitest';
import { exactValue, formatCount, formatPercent, formatValue } from './format.js';

describe('counts on screen', () => {
  it('are three figures with a suffix, as 16.4M', () => {
    expect(formatValue(16403882, 'count')).toBe('16.4M');
    expect(formatValue(24223034, 'count')).toBe('24.2M');
    expect(formatValue(1234, 'count')).toBe('1.23k');
    expect(formatValue(12345, 'samples')).toBe('12.3k');
    expect(formatValue(2_500_000_000, 'count')).toBe('2.5G');
    expect(formatValue(-2_500_000, 'count')).toBe('-2.5M');
  });

  it('small counts stay exact, and rounding up moves to the next suffix', () => {
    expect(formatValue(999, 'count')).toBe('999');
    expect(formatValue(0, 'count')).toBe('0');
    expect(formatCount(999_999)).toBe('1M');
    expect(formatCount(999_499)).toBe('999k');
  });

  it('give their exact number for a tooltip when shortened', () => {
    expect(exactValue(16403882, 'count')).toBe('16,403,882');
    expect(exactValue(999, 'count')).toBeUndefined();
    expect(exactValue(2 ** 20, 'bytes')).toBeUndefined();
  });

  it('units pprof scales keep its labels', () => {
    expect(formatValue(1.5 * 2 ** 20, 'bytes')).toBe('1.50MB');
    expect(formatValue(7.73e9, 'nanoseconds')).toBe('7.73s');
  });
});

describe('percentages', () => {
  it('say <0.01% for shares too small to read, so they fit their column', () => {
    expect([formatPercent(7, 24_223_034), formatPercent(182, 24_223_034), formatPercent(0, 10), formatPercent(5, 10)]).toEqual(['<0.01%', '<0.01%', '0%', '50.0%']);
    expect([formatPercent(3, 1000), formatPercent(5, 10_000)]).toEqual(['0.30%', '0.05%']);
  });
});
