import { eq } from 'drizzle-orm';
import type { Actor, RequestOrigin } from '../accounts/actor.ts';
import type { PermissionTable, ResourceScope } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/open-database.ts';
import { AppError, notFound } from '../shared/app-error.ts';
import { checkFinancialYear, checkFinancialYearKey, type FinancialYear } from './enterprise-financials.ts';
import { nameGrams } from './name-grams.ts';
import type { FieldProblem } from './registry-kinds.ts';
import { enterprises, registryHistory } from './registry-schema.ts';

/**
 * Fields of an enterprise's record and who may change them. An enterprise declares its own
 * industry, founding date, contacts and yearly financials (`registry.edit` on its own record);
 * its name and area come from the market-regulation register and the above-scale flag from the
 * statistics bureau, so they are master data (`registry.edit_master`).
 */
export const declaredFields = ['industry', 'founded', 'contact_name', 'contact_phone', 'years'] as const;
export const masterFields = ['name', 'org', 'above_scale'] as const;
export type EnterpriseField = (typeof declaredFields)[number] | (typeof masterFields)[number];

const fieldLabels: Record<EnterpriseField, [string, string]> = {
  name: ['名称', 'name'],
  org: ['所在区划', 'area'],
  above_scale: ['规上标识', 'above-scale flag'],
  industry: ['行业', 'industry'],
  founded: ['成立日期', 'founding date'],
  contact_name: ['联系人', 'contact person'],
  contact_phone: ['联系电话', 'contact phone'],
  years: ['年度财务数据', 'yearly financials'],
};

/** The fields the actor may change on this enterprise (none outside its permission). */
export function editableEnterpriseFields(actor: Actor | null, permissions: PermissionTable, resource: ResourceScope, tree: AreaTree): EnterpriseField[] {
  const context = tree;
  if (!permissions.canOn(actor, 'registry.edit', resource, context)) return [];
  return permissions.canOn(actor, 'registry.edit_master', resource, context) ? [...masterFields, ...declaredFields] : [...declaredFields];
}

export interface EnterpriseChanges {
  /** The `updated_at` the editor loaded: a later change by someone else is a conflict, not overwritten. */
  expectedUpdatedAt: string;
  name?: string | undefined;
  org?: string | undefined;
  aboveScale?: boolean | undefined;
  industry?: string | null | undefined;
  founded?: string | null | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  /** Each year given replaces that year's record; null removes the year. */
  years?: Record<string, Record<string, unknown> | null> | undefined;
}

const columnOf = { name: 'name', org: 'org', aboveScale: 'above_scale', industry: 'industry', founded: 'founded', contactName: 'contact_name', contactPhone: 'contact_phone', years: 'years' } as const;

/**
 * Changes one enterprise within the caller's permission: every field checked as the import
 * checks it, refused as a whole when any field is wrong or not the caller's to change, and
 * refused with `conflict` when the record changed since the editor loaded it. The change is kept
 * in the registry history (only the changed fields, before and after) and in the audit log.
 */
export async function updateEnterprise(
  db: DatabaseOrTransaction,
  creditCode: string,
  changes: EnterpriseChanges,
  options: { actor: Actor; permissions: PermissionTable; tree: AreaTree; origin: RequestOrigin; now?: Date },
): Promise<void> {
  const { actor, permissions, tree } = options;
  await inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(enterprises).where(eq(enterprises.creditCode, creditCode.toUpperCase())).for('update');
    const resource = row ? { creditCode: row.creditCode, orgCode: row.org } : undefined;
    if (!row || !resource || !permissions.canOn(actor, 'registry.read', resource, tree)) throw notFound('企业', 'Enterprise', creditCode);
    const editable = new Set(editableEnterpriseFields(actor, permissions, resource, tree));
    const given = (Object.keys(columnOf) as (keyof typeof columnOf)[]).filter((key) => changes[key] !== undefined);
    const refused = given.map((key) => columnOf[key]).filter((field) => !editable.has(field));
    if (refused.length > 0) {
      const labels = refused.map((field) => fieldLabels[field]);
      throw new AppError('forbidden', `无权修改：${labels.map(([zh]) => zh).join('、')}`, `not allowed to change: ${labels.map(([, en]) => en).join(', ')}`, { fields: refused });
    }
    if (row.updatedAt.toISOString() !== new Date(changes.expectedUpdatedAt).toISOString()) {
      throw new AppError('conflict', `该企业信息已于 ${row.updatedAt.toISOString()} 被修改，请刷新后重试`, `the enterprise was changed at ${row.updatedAt.toISOString()}; reload and try again`, { updated_at: row.updatedAt.toISOString() });
    }

    const problems: FieldProblem[] = [];
    const problem = (field: string, message: string, messageEn: string) => problems.push({ field, message, message_en: messageEn });
    const next: Partial<typeof enterprises.$inferInsert> = {};
    if (changes.name !== undefined) {
      const name = changes.name.trim();
      if (name === '' || name.length > 200) problem('name', '名称不能为空，最多 200 字', 'the name must be 1 to 200 characters');
      else Object.assign(next, { name, nameGrams: nameGrams(name) });
    }
    if (changes.org !== undefined) {
      if (tree.find(changes.org)?.level !== 'county') problem('org', `“${changes.org}”不是县级行政区划代码`, `"${changes.org}" is not a county-level area code`);
      else next.org = changes.org;
    }
    if (changes.aboveScale !== undefined) next.aboveScale = changes.aboveScale;
    if (changes.industry !== undefined) {
      const industry = changes.industry?.trim() || null;
      if (industry !== null && !/^[A-T]\d{2,4}$/.test(industry)) problem('industry', `“${industry}”不是国民经济行业分类代码（如 C3989）`, `"${industry}" is not a GB/T 4754 code (e.g. C3989)`);
      else next.industry = industry;
    }
    if (changes.founded !== undefined) {
      const founded = changes.founded || null;
      const valid = founded === null || (/^\d{4}-\d{2}-\d{2}$/.test(founded) && new Date(`${founded}T00:00:00Z`).toISOString().startsWith(founded) && founded <= (options.now ?? new Date()).toISOString().slice(0, 10));
      if (!valid) problem('founded', `成立日期“${founded}”无效`, `bad founding date "${founded}"`);
      else next.founded = founded;
    }
    if (changes.contactName !== undefined) {
      const contactName = changes.contactName?.trim() || null;
      if (contactName !== null && contactName.length > 50) problem('contact_name', '联系人最多 50 字', 'the contact person is at most 50 characters');
      else next.contactName = contactName;
    }
    if (changes.contactPhone !== undefined) {
      const contactPhone = changes.contactPhone?.trim() || null;
      if (contactPhone !== null && !/^[0-9+\-() ]{5,30}$/.test(contactPhone)) problem('contact_phone', `“${contactPhone}”不是电话号码`, `"${contactPhone}" is not a phone number`);
      else next.contactPhone = contactPhone;
    }
    if (changes.years !== undefined) {
      const years: Record<string, FinancialYear> = { ...row.years };
      for (const [year, record] of Object.entries(changes.years)) {
        const yearProblem = checkFinancialYearKey(year, `years.${year}`, options.now);
        if (yearProblem) {
          problems.push(yearProblem);
          continue;
        }
        if (record === null) {
          delete years[year];
          continue;
        }
        const checked = checkFinancialYear(record, `years.${year}.`);
        problems.push(...checked.problems);
        if (checked.value) years[year] = checked.value;
      }
      next.years = Object.fromEntries(Object.entries(years).sort(([a], [b]) => a.localeCompare(b)));
    }
    if (problems.length > 0) {
      throw new AppError('bad_request', `企业信息有误：${problems.map((entry) => `${entry.field} ${entry.message}`).join('；')}`, `invalid enterprise data: ${problems.map((entry) => `${entry.field}: ${entry.message_en}`).join('; ')}`, problems);
    }

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) {
      if (key === 'nameGrams') continue;
      const previous = row[key as keyof typeof row];
      if (JSON.stringify(previous ?? null) === JSON.stringify(value ?? null)) continue;
      before[key] = previous ?? null;
      after[key] = value ?? null;
    }
    if (Object.keys(after).length === 0) return;
    const at = options.now ?? new Date();
    await tx.update(enterprises).set({ ...next, updatedAt: at }).where(eq(enterprises.creditCode, row.creditCode));
    await tx.insert(registryHistory).values({ registry: 'enterprise', key: row.creditCode, change: 'update', before, after, changedBy: actor.username, changedAt: at });
    await recordAuditEvent(tx, { actor, action: 'registry.edit', entityType: 'enterprise', entityId: row.creditCode, before: withoutContacts(before), after: withoutContacts(after), origin: options.origin });
  });
}

/** The audit log records that contacts changed, not the personal information itself. */
function withoutContacts(values: Record<string, unknown>): Record<string, unknown> {
  const result = { ...values };
  for (const key of ['contactName', 'contactPhone']) if (key in result) result[key] = '（已变更）';
  return result;
}
