import { describe, expect, it } from 'vitest';
import { readAuditSearch, writeAuditSearch } from './audit-filter.ts';

describe('audit search in the address', () => {
  it('round-trips a filter and a page', () => {
    const filter = { actor: 'auditor', outcome: 'denied' as const, from: '2025-01-01', to: '2025-01-31' };
    const params = writeAuditSearch(filter, 3, 50);
    expect(readAuditSearch(params)).toEqual({ filter, page: 3, pageSize: 50 });
  });

  it('drops empty fields, unknown outcomes and nonsense pages', () => {
    const read = readAuditSearch(new URLSearchParams('actor=&outcome=maybe&page=-2&page_size=7'));
    expect(read).toEqual({ filter: {}, page: 1, pageSize: 20 });
  });

  it('keeps from and to as Beijing calendar days only', () => {
    const read = readAuditSearch(new URLSearchParams('from=2025-03-05&to=2025-03-05T10:00:00Z'));
    expect(read.filter).toEqual({ from: '2025-03-05' });
  });
});
