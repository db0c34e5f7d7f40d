import { describe, expect, it } from 'vitest';
import { auditFilterOf, startOfBeijingDay } from './audit-filter.ts';

describe('the audit filter of a query', () => {
  it('takes days as Beijing calendar days, both included', () => {
    const filter = auditFilterOf({ from: '2025-03-05', to: '2025-03-05' });
    // 00:00 in Beijing is 16:00 UTC the day before; the day ends where 6 March begins in Beijing.
    expect(filter.from?.toISOString()).toBe('2025-03-04T16:00:00.000Z');
    expect(filter.to?.toISOString()).toBe('2025-03-05T16:00:00.000Z');
  });

  it('takes instants as they are: from inclusive, to exclusive', () => {
    const filter = auditFilterOf({ from: '2025-03-05T08:00:00+08:00', to: '2025-03-06T00:00:00Z' });
    expect(filter.from?.toISOString()).toBe('2025-03-05T00:00:00.000Z');
    expect(filter.to?.toISOString()).toBe('2025-03-06T00:00:00.000Z');
  });

  it('passes the other fields on under their domain names', () => {
    expect(auditFilterOf({ actor: 'zhang', entity_type: 'account', entity_id: 'u-1', action: 'account.create', outcome: 'denied' })).toEqual({
      actor: 'zhang',
      entityType: 'account',
      entityId: 'u-1',
      action: 'account.create',
      outcome: 'denied',
      from: undefined,
      to: undefined,
    });
  });

  it('starts a Beijing day at 16:00 UTC the day before, whatever the server time zone', () => {
    expect(startOfBeijingDay('2025-01-01').toISOString()).toBe('2024-12-31T16:00:00.000Z');
  });
});
