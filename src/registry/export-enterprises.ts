import type { RequestOrigin } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { today } from '../shared/index.ts';
import { enterpriseQueryOf } from './find-enterprises.ts';
import { maskName, maskPhone, validCertificationTypes } from './registry-presenters.ts';
import { allPages, areaCondition, filterNote, syntheticLabel, type RegistryExport } from './registry-exports.ts';
import { findCertificationsOf, findEnterpriseRows } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';
import { certificationLabels, industryName } from './registry-vocabulary.ts';

/**
 * The enterprises in the caller's scope matching a name and area, as a workbook. Contacts are
 * masked unless `unmask` is asked for by an account that holds `registry.contacts`; then each
 * row's contacts are shown where that grant covers the enterprise, and the export — who took
 * it, with which filter — is in the audit log.
 */
export async function exportEnterprises(db: DatabaseOrTransaction, caller: RegistryCaller & { origin: RequestOrigin }, query: { q?: string | undefined; org?: string | undefined; unmask: boolean }): Promise<RegistryExport> {
  const { actor, permissions, tree } = caller;
  const scope = registryScopeOf(actor, permissions, tree);
  if (query.unmask) {
    // 403 without any contacts grant; a scoped one unmasks only the rows it covers (below).
    permissions.dataScopeOf(actor, 'registry.contacts');
    // An export of personal information is traceable: who took it, with which filter.
    await recordAuditEvent(db, { actor, action: 'enterprise.export_contacts', entityType: 'enterprise', entityId: null, after: { q: query.q ?? null, org: query.org ?? null }, origin: caller.origin });
  }
  const day = today(caller.now);
  const rows = await allPages(async (limit, offset) => (await findEnterpriseRows(db, scope, enterpriseQueryOf({ q: query.q, org: query.org }, caller, day, { limit, offset }))).rows);
  const valid = new Map<string, string[]>();
  for (let start = 0; start < rows.length; start += 1000) {
    const slice = rows.slice(start, start + 1000).map((row) => row.creditCode);
    for (const [code, types] of validCertificationTypes(await findCertificationsOf(db, scope, slice), day)) valid.set(code, types.map((type) => certificationLabels[type]));
  }
  const shows = (creditCode: string, org: string) => query.unmask && permissions.canOn(actor, 'registry.contacts', { creditCode, orgCode: org }, tree);
  return {
    fileName: 'enterprises.xlsx',
    sheet: {
      name: '企业',
      columns: [
        { header: '统一社会信用代码', key: 'credit_code', format: 'text', width: 22 },
        { header: '名称', key: 'name', format: 'text', width: 36 },
        { header: '区划代码', key: 'org', format: 'text' },
        { header: '区划', key: 'org_name', format: 'text' },
        { header: '行业', key: 'industry_name', format: 'text', width: 24 },
        { header: '行业代码', key: 'industry', format: 'text' },
        { header: '规上', key: 'above_scale', format: 'text' },
        { header: '有效资质', key: 'certifications', format: 'text', width: 30 },
        { header: '联系人', key: 'contact_name', format: 'text' },
        { header: '联系电话', key: 'contact_phone', format: 'text' },
        { header: '数据性质', key: 'synthetic', format: 'text' },
      ],
      rows: rows.map((row) => ({
        credit_code: row.creditCode,
        name: row.name,
        org: row.org,
        org_name: tree.find(row.org)?.name ?? row.org,
        industry_name: industryName(row.industry),
        industry: row.industry,
        above_scale: row.aboveScale ? '是' : '否',
        certifications: [...new Set(valid.get(row.creditCode) ?? [])].join('，'),
        contact_name: shows(row.creditCode, row.org) ? row.contactName : maskName(row.contactName),
        contact_phone: shows(row.creditCode, row.org) ? row.contactPhone : maskPhone(row.contactPhone),
        synthetic: syntheticLabel(row.synthetic),
      })),
      notes: [
        query.unmask ? '含个人信息（未脱敏），导出已记入审计日志。' : '联系人信息已脱敏。',
        filterNote([query.q ? `名称含“${query.q}”` : undefined, areaCondition(tree, query.org)], caller.now),
      ],
    },
  };
}
