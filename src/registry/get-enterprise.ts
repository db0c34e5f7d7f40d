import type { RequestOrigin } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { notFound, today } from '../shared/index.ts';
import { presentEvents } from './enterprise-events.ts';
import type { EnterpriseDetail } from './registry-contract.ts';
import { areaName, maskName, maskPhone, presentCertification, presentHistoryEntry, presentYears } from './registry-presenters.ts';
import { findCertificationsOf, findEnterpriseHistory, findEnterpriseRow, type CertificationRow, type EnterpriseRow, type HistoryRow } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller, type RegistryScope } from './registry-scope.ts';
import { editableEnterpriseFields } from './update-enterprise.ts';
import { industryName } from './registry-vocabulary.ts';

/** What the enterprise page shows, as stored: the same for every caller with the same scope. */
export interface EnterpriseRecord {
  row: EnterpriseRow;
  certifications: CertificationRow[];
  history: HistoryRow[];
}

/** How the page reads an enterprise's record: three queries, or a server's cache of them. */
export type EnterpriseRecordLookup = (scope: RegistryScope, creditCode: string) => Promise<EnterpriseRecord | undefined>;

/** The enterprise, its certifications and its history, if the scope covers it. */
export async function findEnterpriseRecord(db: DatabaseOrTransaction, scope: RegistryScope, creditCode: string): Promise<EnterpriseRecord | undefined> {
  const row = await findEnterpriseRow(db, scope, creditCode);
  if (!row) return undefined;
  const certifications = await findCertificationsOf(db, scope, [row.creditCode]);
  const history = await findEnterpriseHistory(db, scope, row.creditCode, certifications.map((cert) => `${cert.creditCode}|${cert.type}|${cert.validFrom}`));
  return { row, certifications, history };
}

/**
 * One enterprise with its certifications (valid or not today, the day in Beijing) and history.
 * Outside the caller's scope it does not exist (404, not 403: nothing about another's enterprise
 * leaks). Contacts are personal information: shown only with `registry.contacts`, and every such
 * view is audited.
 */
export async function getEnterprise(db: DatabaseOrTransaction, creditCode: string, caller: RegistryCaller & { origin: RequestOrigin }, lookup: EnterpriseRecordLookup = (scope, code) => findEnterpriseRecord(db, scope, code)): Promise<EnterpriseDetail> {
  const { actor, permissions, tree } = caller;
  const scope = registryScopeOf(actor, permissions, tree);
  const record = await lookup(scope, creditCode.trim().toUpperCase());
  if (!record) throw notFound('企业', 'Enterprise', creditCode);
  const { row, certifications, history } = record;
  const resource = { creditCode: row.creditCode, orgCode: row.org };
  const showContacts = permissions.canOn(actor, 'registry.contacts', resource, tree);
  if (showContacts && (row.contactName || row.contactPhone)) {
    await recordAuditEvent(db, { actor, action: 'enterprise.view_contacts', entityType: 'enterprise', entityId: row.creditCode, origin: caller.origin });
  }
  const day = today(caller.now);
  const hideContacts = (record: Record<string, unknown> | null) => {
    if (!record || showContacts) return record;
    const masked = { ...record };
    if ('contactName' in masked) masked.contactName = maskName(typeof masked.contactName === 'string' ? masked.contactName : null);
    if ('contactPhone' in masked) masked.contactPhone = maskPhone(typeof masked.contactPhone === 'string' ? masked.contactPhone : null);
    return masked;
  };
  const editable = editableEnterpriseFields(actor, permissions, resource, tree);
  return {
    enterprise: {
      credit_code: row.creditCode,
      name: row.name,
      org: row.org,
      org_name: areaName(tree, row.org),
      industry: row.industry,
      industry_name: industryName(row.industry),
      founded: row.founded,
      above_scale: row.aboveScale,
      contact_name: showContacts ? row.contactName : maskName(row.contactName),
      contact_phone: showContacts ? row.contactPhone : maskPhone(row.contactPhone),
      contacts_masked: !showContacts,
      years: presentYears(row.years),
      events: presentEvents(row.events),
      hte_innovation_score: row.hteInnovationScore,
      flags: { deemed_taxation: row.deemedTaxation, western_development_encouraged: row.westernDevelopmentEncouraged, ic_or_machine_tool_list: row.icOrMachineToolList },
      synthetic: row.synthetic,
      updated_at: row.updatedAt.toISOString(),
    },
    certifications: certifications.map((cert) => presentCertification(cert, day)),
    history: history.map((entry) => presentHistoryEntry(entry, hideContacts)),
    abilities: { edit: editable.length > 0, contacts: showContacts },
    editable_fields: editable,
  };
}
