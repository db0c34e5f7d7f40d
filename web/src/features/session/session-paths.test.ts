import { describe, expect, it } from 'vitest';
import { landingPath, safeNext, withNext } from './session-paths.ts';

describe('safeNext', () => {
  it('keeps a path on this site with its query', () => {
    expect(safeNext('/workspace/units/x?pack=p')).toBe('/workspace/units/x?pack=p');
  });

  it('refuses other sites and the login page', () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', '/login?next=/x', '', null, undefined]) {
      expect(safeNext(next)).toBeUndefined();
    }
  });
});

describe('withNext', () => {
  it('carries the path to come back to', () => {
    expect(withNext('/login', '/admin/audit?actor=a')).toBe('/login?next=%2Fadmin%2Faudit%3Factor%3Da');
  });

  it('leaves out a next that is home or unsafe', () => {
    expect(withNext('/login', '/')).toBe('/login');
    expect(withNext('/login', '//evil.example')).toBe('/login');
  });
});

describe('landingPath', () => {
  it('sends a unit account to its workspace', () => {
    expect(landingPath({ 'policy.read': 'all', 'workspace.read': 'own_unit' })).toBe('/workspace');
  });

  it('sends an administrator to the first admin page it may open', () => {
    expect(landingPath({ 'accounts.read': 'all', 'permissions.read': 'all' })).toBe('/admin/accounts');
    expect(landingPath({ 'audit.read': 'all' })).toBe('/admin/audit');
  });

  it('sends anyone else to the policy', () => {
    expect(landingPath({ 'policy.read': 'all', 'session.read': 'self' })).toBe('/');
  });
});
