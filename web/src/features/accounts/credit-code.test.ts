import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from './credit-code.ts';

describe('creditCodeProblem', () => {
  it('accepts codes with a correct check digit', () => {
    // The example code widely quoted with GB 32100-2015.
    expect(creditCodeProblem('91350100M000100Y43')).toBeUndefined();
  });

  it('names a wrong check digit', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check_digit');
  });

  it('names a wrong length and forbidden letters', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100O43')).toBe('characters');
  });
});
