import { createHash } from 'node:crypto';
import type { JsonValue } from './audit-contract.ts';

/** The hash functions a row may be chained with: SHA-256, or SM3 (GB/T 32905-2016) where 国密 is required. */
export const auditHashAlgorithms = ['sha256', 'sm3'] as const;
export type AuditHashAlgorithm = (typeof auditHashAlgorithms)[number];

export function isAuditHashAlgorithm(value: string): value is AuditHashAlgorithm {
  return (auditHashAlgorithms as readonly string[]).includes(value);
}

/** What the first row links to: both algorithms give 256-bit digests, so one genesis serves both. */
export const genesisHash = '0'.repeat(64);

/**
 * The fields of a row the hash covers — everything but `seq` (an identity value, which a rolled-back
 * transaction consumes, so gaps are normal) and the hash itself. `prev_hash` is covered by being
 * hashed in front of this content.
 */
export interface AuditHashContent {
  occurredAt: Date | string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  outcome: string;
  requestId: string | null;
  clientIp: string | null;
  hashAlgorithm: AuditHashAlgorithm;
}

/**
 * The hash of a row: H(prev_hash ‖ canonical JSON of its content), as lower-case hex.
 *
 * @example
 * const hash = hashAuditRow(genesisHash, { occurredAt: new Date(), action: 'user.create', … , hashAlgorithm: 'sm3' });
 */
export function hashAuditRow(prevHash: string, content: AuditHashContent): string {
  return createHash(content.hashAlgorithm).update(prevHash).update(canonicalAuditContent(content)).digest('hex');
}

/**
 * The canonical text of a row's content. Field names are the column names, so that someone checking
 * the chain with another tool needs only the table and this rule: keys sorted, no whitespace,
 * `occurred_at` as an ISO-8601 UTC string with milliseconds, absent values as null.
 */
export function canonicalAuditContent(content: AuditHashContent): string {
  const occurredAt = typeof content.occurredAt === 'string' ? content.occurredAt : content.occurredAt.toISOString();
  return canonicalJson({
    occurred_at: occurredAt,
    actor_id: content.actorId,
    actor_username: content.actorUsername,
    actor_role: content.actorRole,
    action: content.action,
    entity_type: content.entityType,
    entity_id: content.entityId,
    before: content.before ?? null,
    after: content.after ?? null,
    outcome: content.outcome,
    request_id: content.requestId,
    client_ip: content.clientIp,
    hash_algorithm: content.hashAlgorithm,
  });
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return writeCanonical(normaliseJsonValue(value));
}

/**
 * A value as it reads back from a jsonb column: Dates (and anything with `toJSON`) as their JSON
 * form, undefined properties dropped, undefined array items and non-finite numbers as null, -0 as 0, and
 * bigints as decimal strings (JSON has no bigint, and jsonb would lose precision beyond 2^53).
 * The row stores exactly this value, so hashing at write and at verify sees the same thing.
 */
export function normaliseJsonValue(value: unknown): JsonValue {
  return normalise(value, new Set());
}

function normalise(value: unknown, ancestors: Set<object>): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  // -0 too: JSON writes it as 0.
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  if (typeof value === 'string') return storableText(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'function' || typeof value === 'symbol') return null;
  const object = value as object;
  if ('toJSON' in object && typeof object.toJSON === 'function') return normalise((object.toJSON as () => unknown).call(object), ancestors);
  if (ancestors.has(object)) throw new TypeError('audit event value is circular');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) return object.map((item: unknown) => normalise(item, ancestors));
    // Object.fromEntries defines own properties, so even a key named "__proto__" survives.
    return Object.fromEntries(
      Object.entries(object)
        .filter(([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol')
        .map(([key, item]) => [storableText(key), normalise(item, ancestors)]),
    );
  } finally {
    ancestors.delete(object);
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can store it: it refuses U+0000 and unpaired surrogates in text and jsonb,
 * and a refused audit row would fail the change it records — or, for a login attempt with such a
 * username, leave the attempt unrecorded. Both become U+FFFD, the replacement character.
 */
export function storableText(text: string): string {
  return text.replace(loneSurrogate, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/**
 * Written out by hand rather than by JSON.stringify of a sorted object: JavaScript objects put
 * integer-like keys ("9", "10") first whatever the insertion order, which another tool would not
 * reproduce. Keys are in UTF-16 code-unit order (the default sort, not a locale's).
 */
function writeCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(writeCanonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${writeCanonical(record[key])}`);
  return `{${members.join(',')}}`;
}
