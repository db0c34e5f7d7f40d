import { describe, expect, it } from 'vitest';
import { formatFileSize, isPending } from './report-format.ts';

describe('background exports in words', () => {
  it('gives sizes in B, KB and MB', () => {
    expect(formatFileSize(null)).toBe('');
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(12_595)).toBe('12.3 KB');
    expect(formatFileSize(1_300_000)).toBe('1.2 MB');
  });

  it('counts queued and running reports as pending, done and failed ones not', () => {
    expect(['queued', 'running', 'done', 'failed'].map((state) => isPending({ state: state as 'queued' }))).toEqual([true, true, false, false]);
  });
});
