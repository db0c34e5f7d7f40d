import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalAuditContent, canonicalAuditTextV2, canonicalJson, genesisHash, hashAuditRow, hashAuditRowV2, normaliseJsonValue, storableText, type AuditHashContent } from './audit-hash.ts';

const content: AuditHashContent = {
  occurredAt: new Date('2025-03-01T08:00:00.123Z'),
  actorId: '6f1c0c1e-0000-4000-8000-000000000001',
  actorUsername: 'zhang-san',
  actorRole: 'system_admin',
  action: 'account.create',
  entityType: 'account',
  entityId: 'u-1',
  before: null,
  after: { username: 'li-si', role: 'coordinator' },
  outcome: 'success',
  requestId: 'req-1',
  clientIp: '10.0.0.1',
  hashAlgorithm: 'sha256',
};

describe('canonicalJson', () => {
  it('sorts keys at every depth, whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
  });

  it('sorts integer-like keys as text too, unlike JSON.stringify', () => {
    expect(canonicalJson({ b: 1, 10: 'ten', 9: 'nine' })).toBe('{"10":"ten","9":"nine","b":1}');
  });

  it('writes Dates as ISO strings and drops undefined properties', () => {
    expect(canonicalJson({ at: new Date('2025-01-02T03:04:05.006Z'), gone: undefined, kept: null })).toBe('{"at":"2025-01-02T03:04:05.006Z","kept":null}');
  });

  it('turns what JSON cannot hold into what jsonb gives back', () => {
    expect(normaliseJsonValue([undefined, Number.NaN, Infinity, 12n, () => 1])).toEqual([null, null, null, '12', null]);
  });

  it('keeps a key named __proto__ as data', () => {
    expect(canonicalJson(JSON.parse('{"__proto__":{"admin":true}}'))).toBe('{"__proto__":{"admin":true}}');
  });

  it('refuses circular values instead of looping', () => {
    const value: Record<string, unknown> = {};
    value.self = value;
    expect(() => canonicalJson(value)).toThrow(/circular/);
  });
});

describe('storableText', () => {
  it('replaces what PostgreSQL refuses to store (NUL, unpaired surrogates) and keeps the rest', () => {
    expect(storableText('a\u0000b\uD800c\uDC00d😀中')).toBe('a\uFFFDb\uFFFDc\uFFFDd😀中');
  });
});

describe('hashAuditRow', () => {
  it('is SHA-256 of the previous hash followed by the canonical content', () => {
    const expected = createHash('sha256').update(genesisHash + canonicalAuditContent(content)).digest('hex');
    expect(hashAuditRow(genesisHash, content)).toBe(expected);
  });

  it('names the row fields as the table columns, in sorted order', () => {
    expect(canonicalAuditContent(content)).toBe(
      '{"action":"account.create","actor_id":"6f1c0c1e-0000-4000-8000-000000000001","actor_role":"system_admin","actor_username":"zhang-san",' +
        '"after":{"role":"coordinator","username":"li-si"},"before":null,"client_ip":"10.0.0.1","entity_id":"u-1","entity_type":"account",' +
        '"hash_algorithm":"sha256","occurred_at":"2025-03-01T08:00:00.123Z","outcome":"success","request_id":"req-1"}',
    );
  });

  it('gives another hash for the same content with SM3', () => {
    const sm3 = hashAuditRow(genesisHash, { ...content, hashAlgorithm: 'sm3' });
    expect(sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(sm3).not.toBe(hashAuditRow(genesisHash, content));
    // SM3 of "abc", GB/T 32905-2016 appendix A: the algorithm is the standard one.
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('changes when any field or the previous hash changes', () => {
    const base = hashAuditRow(genesisHash, content);
    expect(hashAuditRow('1'.repeat(64), content)).not.toBe(base);
    expect(hashAuditRow(genesisHash, { ...content, after: { username: 'li-si', role: 'system_admin' } })).not.toBe(base);
    expect(hashAuditRow(genesisHash, { ...content, clientIp: '10.0.0.2' })).not.toBe(base);
  });

  it('treats an absent before or after as null', () => {
    expect(hashAuditRow(genesisHash, { ...content, before: undefined })).toBe(hashAuditRow(genesisHash, content));
  });
});

describe('the sha256-v2 canonical text', () => {
  it('writes each field as name=<UTF-8 length>:<value>, or name=~ for null, one per line', () => {
    const row = { occurredAt: '2025-05-01T00:00:00.000Z', actorId: null, actorUsername: '张三', actorRole: 'system_admin', action: 'account.create', entityType: 'account', entityId: 'a=1\nb', beforeText: null, afterText: '{"a": 1}', outcome: 'success', requestId: null, clientIp: '192.0.2.7', hashAlgorithm: 'sha256-v2' };
    expect(canonicalAuditTextV2(genesisHash, row)).toBe(
      [
        'kechuang-audit-v2',
        `prev_hash=64:${genesisHash}`,
        'occurred_at=24:2025-05-01T00:00:00.000Z',
        'actor_id=~',
        'actor_username=6:张三',
        'actor_role=12:system_admin',
        'action=14:account.create',
        'entity_type=7:account',
        'entity_id=5:a=1\nb',
        'before=~',
        'after=8:{"a": 1}',
        'outcome=7:success',
        'request_id=~',
        'client_ip=9:192.0.2.7',
        'hash_algorithm=9:sha256-v2',
        '',
      ].join('\n'),
    );
    expect(hashAuditRowV2(genesisHash, row)).toBe(createHash('sha256').update(canonicalAuditTextV2(genesisHash, row), 'utf8').digest('hex'));
  });
});
