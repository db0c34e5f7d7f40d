import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Actor, RequestOrigin } from '../accounts/actor.ts';
import type { PermissionTable } from '../accounts/permissions.ts';
import type { AreaTree } from '../areas/area-tree.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { DatabaseOrTransaction } from '../db/open-database.ts';
import { notFound } from '../shared/app-error.ts';
import { certificationLabels, isValidOn, type CertificationType } from './certification-validity.ts';
import { certifications, enterprises, registryHistory } from './registry-schema.ts';
import { editableEnterpriseFields } from './update-enterprise.ts';

/** 138****5678: enough to recognise, not enough to call. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  return phone.length <= 7 ? `${phone.slice(0, 1)}***` : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function maskName(name: string | null): string | null {
  if (!name) return name;
  return `${[...name][0] ?? ''}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
}

/**
 * One enterprise with its certifications (valid or not, today) and history. Outside the caller's
 * scope it does not exist (404, not 403: nothing about another's enterprise leaks). Contacts are
 * personal information: shown only with `registry.contacts`, and every such view is audited.
 */
export async function getEnterprise(db: DatabaseOrTransaction, creditCode: string, options: { actor: Actor | null; permissions: PermissionTable; tree: AreaTree; origin: RequestOrigin; today?: string }) {
  const { actor, permissions, tree } = options;
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode.toUpperCase()));
  const resource = row ? { creditCode: row.creditCode, orgCode: row.org } : undefined;
  if (!row || !resource || !permissions.canOn(actor, 'registry.read', resource, tree)) throw notFound('企业', 'Enterprise', creditCode);
  const showContacts = permissions.canOn(actor, 'registry.contacts', resource, tree);
  if (showContacts && (row.contactName || row.contactPhone)) {
    await recordAuditEvent(db, { actor, action: 'enterprise.view_contacts', entityType: 'enterprise', entityId: row.creditCode, origin: options.origin });
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const certs = await db.select().from(certifications).where(eq(certifications.creditCode, row.creditCode)).orderBy(asc(certifications.validFrom));
  // The enterprise's own changes and those of its certifications (keyed credit code|type|from),
  // each looked up by its exact key.
  const certificationKeys = certs.map((cert) => `${cert.creditCode}|${cert.type}|${cert.validFrom}`);
  const history = await db
    .select()
    .from(registryHistory)
    .where(
      or(
        and(eq(registryHistory.registry, 'enterprise'), eq(registryHistory.key, row.creditCode)),
        certificationKeys.length > 0 ? and(eq(registryHistory.registry, 'certification'), inArray(registryHistory.key, certificationKeys)) : undefined,
      ),
    )
    .orderBy(asc(registryHistory.id));
  const hide = (record: unknown) => {
    if (!record || typeof record !== 'object' || showContacts) return record;
    const { contactName, contactPhone, ...rest } = record as Record<string, unknown>;
    return { ...rest, contactName: maskName((contactName as string | null) ?? null), contactPhone: maskPhone((contactPhone as string | null) ?? null) };
  };
  return {
    enterprise: {
      credit_code: row.creditCode,
      name: row.name,
      org: row.org,
      org_name: tree.find(row.org)?.name ?? row.org,
      industry: row.industry,
      founded: row.founded,
      above_scale: row.aboveScale,
      contact_name: showContacts ? row.contactName : maskName(row.contactName),
      contact_phone: showContacts ? row.contactPhone : maskPhone(row.contactPhone),
      contacts_masked: !showContacts,
      years: row.years,
      synthetic: row.synthetic,
      updated_at: row.updatedAt.toISOString(),
    },
    certifications: certs.map((cert) => ({
      type: cert.type,
      label: certificationLabels[cert.type as CertificationType] ?? cert.type,
      number: cert.number,
      valid_from: cert.validFrom,
      valid_to: cert.validTo,
      status: cert.revokedOn ? ('revoked' as const) : ('valid' as const),
      revoked_on: cert.revokedOn,
      valid_today: isValidOn(cert, today),
    })),
    history: history.map((entry) => ({ registry: entry.registry, change: entry.change, before: hide(entry.before), after: hide(entry.after), changed_by: entry.changedBy, changed_at: entry.changedAt.toISOString() })),
    abilities: { edit: permissions.canOn(actor, 'registry.edit', resource, tree), contacts: showContacts },
    editable_fields: editableEnterpriseFields(actor, permissions, resource, tree),
  };
}
