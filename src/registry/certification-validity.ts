import { sql, type SQL } from 'drizzle-orm';
import type { CertificationType } from './registry-vocabulary.ts';
import { calendarDateOfUtcMidnight } from '../shared/index.ts';

/**
 * Certification types and how long each is valid. National high-tech enterprise certificates run
 * three years from the certificate date (高新技术企业认定管理办法 第十条): 2021-11-15 → 2024-11-14.
 * A tech-based SME is entered for one year at a time (科技型中小企业评价办法): its registration is
 * valid to the end of that calendar year. (The types and their labels: registry-vocabulary.ts.)
 *
 * The default end of validity for a certificate starting on `from` (ISO date), when none is given. The
 * dates are calendar dates: the Date objects here only count days in UTC, never read a clock.
 */
export function defaultValidTo(type: CertificationType, from: string): string {
  const start = new Date(`${from}T00:00:00Z`);
  if (type === 'tech_sme') return `${start.getUTCFullYear()}-12-31`;
  if (type === 'national_hte' || type === 'provincial_hte') {
    const end = new Date(Date.UTC(start.getUTCFullYear() + 3, start.getUTCMonth(), start.getUTCDate()));
    end.setUTCDate(end.getUTCDate() - 1);
    return calendarDateOfUtcMidnight(end);
  }
  // Recognitions without a stated term: valid until revoked; one year unless the register says otherwise.
  return `${start.getUTCFullYear()}-12-31`;
}

/** Valid on a day: from ≤ day ≤ to (both inclusive), and not revoked on or before that day. */
export function isValidOn(certification: { validFrom: string; validTo: string; revokedOn: string | null }, day: string): boolean {
  return certification.validFrom <= day && day <= certification.validTo && (certification.revokedOn === null || day < certification.revokedOn);
}

/** The same test in SQL, for a certification aliased `c` and a day given as an ISO date. */
export function validOnSql(day: string): SQL {
  return sql`(c.valid_from <= ${day}::date and c.valid_to >= ${day}::date and (c.revoked_on is null or c.revoked_on > ${day}::date))`;
}

/** Not revoked on or before the day (SQL, certification aliased `c`). */
export function notRevokedBySql(day: string): SQL {
  return sql`(c.revoked_on is null or c.revoked_on > ${day}::date)`;
}
