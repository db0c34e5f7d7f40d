import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword } from './password-hashing.ts';
import { checkPasswordPolicy } from './password-policy.ts';

const rules = (password: string, username = 'zhang.wei', current?: string) => checkPasswordPolicy(password, username, current).map((problem) => problem.rule);

describe('password policy', () => {
  it('accepts 8 characters of 3 classes', () => {
    expect(rules('abcdEF12')).toEqual([]);
    expect(rules('abcdef1!')).toEqual([]);
  });

  it('refuses 7 characters', () => {
    expect(rules('abcDE1!')).toEqual(['min_length']);
  });

  it('refuses only 2 character classes', () => {
    expect(rules('abcdefgh12')).toEqual(['character_classes']);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(rules('Zhang.Wei2024!')).toEqual(['contains_username']);
  });

  it('refuses the current password as the new one', () => {
    expect(rules('Same-pass-1', 'li', 'Same-pass-1')).toEqual(['same_as_current']);
  });

  it('generates temporary passwords that meet the policy', () => {
    for (let index = 0; index < 50; index += 1) expect(rules(generateTemporaryPassword(), 'someone')).toEqual([]);
  });
});
