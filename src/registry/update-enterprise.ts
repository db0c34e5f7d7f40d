import type { Actor, RequestOrigin, PermissionTable, ResourceScope } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { AppError, notFound, formatBeijingTime, today } from '../shared/index.ts';
import { sortedEvents, storedEnterpriseEvent, type StoredEnterpriseEvent } from './enterprise-events.ts';
import { canonicalFinancialYear, storedFinancialYear, type StoredFinancialYear } from './enterprise-financials.ts';
import { nameGrams } from './name-grams.ts';
import type { EnterpriseChanges, FieldProblem } from './registry-contract.ts';
import { enterpriseEditSchema, fieldProblemsOf } from './registry-field-schemas.ts';
import { insertHistory, lockEnterpriseRow, updateEnterpriseRow, type EnterpriseRow } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';
import { declaredEnterpriseFields, masterEnterpriseFields, type EnterpriseField } from './registry-vocabulary.ts';

const fieldLabels: Record<EnterpriseField, [string, string]> = {
  name: ['名称', 'name'],
  org: ['所在区划', 'area'],
  above_scale: ['规上标识', 'above-scale flag'],
  industry: ['行业', 'industry'],
  founded: ['成立日期', 'founding date'],
  contact_name: ['联系人', 'contact person'],
  contact_phone: ['联系电话', 'contact phone'],
  years: ['年度财务数据', 'yearly financials'],
  events: ['登记事件', 'registry events'],
  hte_innovation_score: ['高企认定创新能力评价得分', 'high-tech recognition innovation score'],
  flags: ['声明事项', 'declarations'],
};

/** The fields the actor may change on this enterprise (none outside its permission). */
export function editableEnterpriseFields(actor: Actor | null, permissions: PermissionTable, resource: ResourceScope, tree: AreaTree): EnterpriseField[] {
  if (!permissions.canOn(actor, 'registry.edit', resource, tree)) return [];
  return permissions.canOn(actor, 'registry.edit_master', resource, tree) ? [...masterEnterpriseFields, ...declaredEnterpriseFields] : [...declaredEnterpriseFields];
}

/** The refusal of an edit with wrong fields: 400, each problem naming its field. */
export function invalidEnterpriseData(problems: FieldProblem[]): AppError {
  return new AppError(
    'bad_request',
    `企业信息有误：${problems.map((entry) => `${entry.field} ${entry.message}`).join('；')}`,
    `invalid enterprise data: ${problems.map((entry) => `${entry.field}: ${entry.message_en}`).join('; ')}`,
    problems,
  );
}

/** Text as the schema checks it: trimmed; an emptied optional field is null (the value is removed). */
function trimmed(changes: EnterpriseChanges): Omit<EnterpriseChanges, 'expected_updated_at'> {
  const { expected_updated_at: _expected, ...fields } = changes;
  const text = (value: string | null | undefined, emptyIsNull: boolean) => (value === undefined || value === null ? value : value.trim() === '' && emptyIsNull ? null : value.trim());
  return {
    ...fields,
    ...(fields.name !== undefined ? { name: text(fields.name, false) ?? '' } : {}),
    ...(fields.org !== undefined ? { org: text(fields.org, false) ?? '' } : {}),
    ...(fields.industry !== undefined ? { industry: text(fields.industry, true) } : {}),
    ...(fields.founded !== undefined ? { founded: text(fields.founded, true) } : {}),
    ...(fields.contact_name !== undefined ? { contact_name: text(fields.contact_name, true) } : {}),
    ...(fields.contact_phone !== undefined ? { contact_phone: text(fields.contact_phone, true) } : {}),
  };
}

/**
 * Changes one enterprise within the caller's permission: every field checked by the schema the
 * import checks it with (registry-field-schemas.ts), refused as a whole when any field is wrong
 * or not the caller's to change, and refused with `conflict` when the record changed since the
 * editor loaded it. The change is kept in the registry history (only the changed fields, before
 * and after) and in the audit log.
 */
export async function updateEnterprise(db: DatabaseOrTransaction, creditCode: string, changes: EnterpriseChanges, caller: RegistryCaller & { actor: Actor; origin: RequestOrigin }): Promise<void> {
  const { actor, permissions, tree, now } = caller;
  await inTransaction(db, async (tx) => {
    const row = await lockEnterpriseRow(tx, registryScopeOf(actor, permissions, tree), creditCode.trim().toUpperCase());
    if (!row) throw notFound('企业', 'Enterprise', creditCode);
    const resource = { creditCode: row.creditCode, orgCode: row.org };
    const editable = new Set(editableEnterpriseFields(actor, permissions, resource, tree));
    const fields = trimmed(changes);
    const given = (Object.keys(fields) as EnterpriseField[]).filter((field) => fields[field] !== undefined);
    const refused = given.filter((field) => !editable.has(field));
    if (refused.length > 0) {
      const labels = refused.map((field) => fieldLabels[field]);
      throw new AppError('forbidden', `无权修改：${labels.map(([zh]) => zh).join('、')}`, `not allowed to change: ${labels.map(([, en]) => en).join(', ')}`, { fields: refused });
    }
    if (row.updatedAt.getTime() !== new Date(changes.expected_updated_at).getTime()) {
      const changedAt = formatBeijingTime(row.updatedAt);
      throw new AppError('conflict', `该企业信息已于 ${changedAt}（北京时间）被修改，请刷新后重试`, `the enterprise was changed at ${changedAt} (Beijing time); reload and try again`, { updated_at: row.updatedAt.toISOString() });
    }

    const checked = enterpriseEditSchema({ tree, today: today(now) }).safeParse(fields);
    if (!checked.success) throw invalidEnterpriseData(fieldProblemsOf(checked.error.issues, fields));
    const valid = checked.data;
    const next: Partial<EnterpriseRow> = {};
    if (valid.name !== undefined) Object.assign(next, { name: valid.name, nameGrams: nameGrams(valid.name) });
    if (valid.org !== undefined) next.org = valid.org;
    if (valid.above_scale !== undefined) next.aboveScale = valid.above_scale;
    if (valid.industry !== undefined) next.industry = valid.industry;
    if (valid.founded !== undefined) next.founded = valid.founded;
    if (valid.contact_name !== undefined) next.contactName = valid.contact_name;
    if (valid.contact_phone !== undefined) next.contactPhone = valid.contact_phone;
    if (valid.years !== undefined) {
      const years: Record<string, StoredFinancialYear> = { ...row.years };
      for (const [year, record] of Object.entries(valid.years)) {
        if (record === null) delete years[year];
        else years[year] = storedFinancialYear(record);
      }
      next.years = Object.fromEntries(Object.entries(years).sort(([a], [b]) => a.localeCompare(b)));
    }
    if (valid.events !== undefined) next.events = sortedEvents(valid.events.map(storedEnterpriseEvent));
    if (valid.hte_innovation_score !== undefined) next.hteInnovationScore = valid.hte_innovation_score;
    if (valid.flags !== undefined) {
      if (valid.flags.deemed_taxation !== undefined) next.deemedTaxation = valid.flags.deemed_taxation;
      if (valid.flags.western_development_encouraged !== undefined) next.westernDevelopmentEncouraged = valid.flags.western_development_encouraged;
      if (valid.flags.ic_or_machine_tool_list !== undefined) next.icOrMachineToolList = valid.flags.ic_or_machine_tool_list;
    }

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(next)) {
      if (key === 'nameGrams') continue;
      const previous = row[key as keyof EnterpriseRow];
      if (comparable(key, previous) === comparable(key, value)) continue;
      before[key] = previous ?? null;
      after[key] = value ?? null;
    }
    if (Object.keys(after).length === 0) return;
    await updateEnterpriseRow(tx, row.creditCode, next, now);
    await insertHistory(tx, [{ registry: 'enterprise', key: row.creditCode, change: 'update', before, after, changedBy: actor.username, changedAt: now }]);
    await recordAuditEvent(tx, { actor, action: 'registry.edit', entityType: 'enterprise', entityId: row.creditCode, before: withoutContacts(before), after: withoutContacts(after), origin: caller.origin });
  });
}

/** A value as compared for a change: years whatever their key order or stored form. */
function comparable(key: string, value: unknown): string {
  if (key === 'events') return JSON.stringify(sortedEvents((value ?? []) as StoredEnterpriseEvent[]));
  if (key !== 'years' || value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const years = Object.entries(value as Record<string, StoredFinancialYear>).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(years.map(([year, record]) => [year, canonicalFinancialYear(record)]));
}

/** The audit log records that contacts changed, not the personal information itself. */
function withoutContacts(values: Record<string, unknown>): Record<string, unknown> {
  const result = { ...values };
  for (const key of ['contactName', 'contactPhone']) if (key in result) result[key] = '（已变更）';
  return result;
}
