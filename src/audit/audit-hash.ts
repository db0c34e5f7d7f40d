import { createHash } from 'node:crypto';
import type { JsonValue } from './audit-contract.ts';

/**
 * How a row may be hashed. Each row records its own, so a chain may mix them:
 * - `sha256`, `sm3` (version 1): H(prev_hash ‖ canonical JSON), computed by the application
 *   (`hashAuditRow`). SM3 (GB/T 32905-2016) where 国密 is required: PostgreSQL has no built-in SM3,
 *   so SM3 rows are still hashed here and handed to `audit_append()` with the head they link to.
 * - `sha256-v2` (migration 0010, the default): SHA-256 of the length-prefixed text of
 *   `canonicalAuditTextV2`, computed by the database inside `audit_append()` and recomputed here,
 *   byte for byte, by `hashAuditRowV2`.
 */
export const auditHashAlgorithms = ['sha256', 'sm3', 'sha256-v2'] as const;
export type AuditHashAlgorithm = (typeof auditHashAlgorithms)[number];

/** The algorithms the application hashes itself (version 1); `sha256-v2` is hashed by the database. */
export type ApplicationHashedAlgorithm = Exclude<AuditHashAlgorithm, 'sha256-v2'>;

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
  hashAlgorithm: ApplicationHashedAlgorithm;
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

/**
 * The fields of a `sha256-v2` row as the database renders them: `occurredAt` as
 * `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, and `before` and
 * `after` as `jsonb::text` (PostgreSQL's own rendering of the stored value: keys ordered by length
 * then bytes, `", "` and `": "` separators, numbers as `numeric` prints them). Reading the jsonb
 * text back rather than re-rendering it in JavaScript keeps the verifier exact without a second
 * implementation of jsonb's output; the hash itself is recomputed here.
 */
export interface AuditRowTextV2 {
  occurredAt: string;
  actorId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  beforeText: string | null;
  afterText: string | null;
  outcome: string;
  requestId: string | null;
  clientIp: string | null;
  hashAlgorithm: string;
}

/** The first line of every `sha256-v2` canonical text. */
export const canonicalTextV2Header = 'kechuang-audit-v2\n';

/**
 * The canonical text of a `sha256-v2` row, exactly as `audit_canonical_v2()` (migration 0010)
 * builds it: the header line, then one line per field in this fixed order —
 * prev_hash, occurred_at, actor_id, actor_username, actor_role, action, entity_type, entity_id,
 * before, after, outcome, request_id, client_ip, hash_algorithm — each written as
 * `name=~` for SQL NULL, else `name=<length in UTF-8 bytes>:<value>`, and ended by `\n`.
 * The length prefix makes the text unambiguous whatever a value contains (newlines, `=`).
 *
 * @example
 * canonicalAuditTextV2(genesisHash, row) // 'kechuang-audit-v2\nprev_hash=64:000…\noccurred_at=24:2025-…Z\nactor_id=~\n…'
 */
export function canonicalAuditTextV2(prevHash: string, row: AuditRowTextV2): string {
  const fields: [string, string | null][] = [
    ['prev_hash', prevHash],
    ['occurred_at', row.occurredAt],
    ['actor_id', row.actorId],
    ['actor_username', row.actorUsername],
    ['actor_role', row.actorRole],
    ['action', row.action],
    ['entity_type', row.entityType],
    ['entity_id', row.entityId],
    ['before', row.beforeText],
    ['after', row.afterText],
    ['outcome', row.outcome],
    ['request_id', row.requestId],
    ['client_ip', row.clientIp],
    ['hash_algorithm', row.hashAlgorithm],
  ];
  return canonicalTextV2Header + fields.map(([name, value]) => `${name}=${value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`}\n`).join('');
}

/** SHA-256 of the UTF-8 bytes of `canonicalAuditTextV2`, as lower-case hex: what `audit_append()` stores. */
export function hashAuditRowV2(prevHash: string, row: AuditRowTextV2): string {
  return createHash('sha256').update(canonicalAuditTextV2(prevHash, row), 'utf8').digest('hex');
}
