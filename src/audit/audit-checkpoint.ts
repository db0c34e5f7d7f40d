import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A signed checkpoint of the audit chain: the head (seq, hash, row count) at one moment, signed
 * with an Ed25519 key that is kept outside the database (docs/audit.md). A later
 * `kechuang audit verify --checkpoints DIR` checks every signature and that the chain still holds
 * each checkpoint's row with the same hash and the same number of rows up to it: rewriting or
 * deleting anything at or before a checkpoint shows, even when done consistently, head and all.
 *
 * SM2 (GB/T 32918) signatures would fit the same file with another `signature_algorithm`; only
 * Ed25519 is implemented.
 */
export const auditCheckpointFormat = 'kechuang-audit-checkpoint-v1' as const;

export interface AuditCheckpoint {
  format: typeof auditCheckpointFormat;
  /** The newest row when signed (0 for an empty log), its hash (the genesis hash for an empty log), and the rows up to it. */
  seq: number;
  hash: string;
  rowCount: number;
  /** The algorithm the head chose for new rows when signed (each row records its own). */
  algorithm: string;
  /** When signed, ISO-8601 UTC, by the signing machine's clock. */
  createdAt: string;
  /**
   * The database's clock when the signed head was read (ISO-8601 UTC). Rows appended later carry
   * later times (audit_append() dates them by the same clock): a row after the checkpoint dated
   * well before this was forged, backdated to look as if it had been there all along.
   */
  databaseTime: string;
  signatureAlgorithm: 'ed25519';
  /** The first 16 hex digits of SHA-256 of the public key (SPKI DER): which key signed it. */
  keyId: string;
  /** Base64 Ed25519 signature of `auditCheckpointPayload`. */
  signature: string;
}

export type UnsignedAuditCheckpoint = Omit<AuditCheckpoint, 'format' | 'signatureAlgorithm' | 'keyId' | 'signature'>;

/**
 * The bytes that are signed (UTF-8): one `name=value` line per field, in this order. Written out
 * rather than JSON, so that another tool can rebuild it from the file without a JSON canonical form.
 */
export function auditCheckpointPayload(checkpoint: Omit<AuditCheckpoint, 'signature'>): string {
  return [
    auditCheckpointFormat,
    `seq=${checkpoint.seq}`,
    `hash=${checkpoint.hash}`,
    `row_count=${checkpoint.rowCount}`,
    `algorithm=${checkpoint.algorithm}`,
    `created_at=${checkpoint.createdAt}`,
    `database_time=${checkpoint.databaseTime}`,
    `signature_algorithm=${checkpoint.signatureAlgorithm}`,
    `key_id=${checkpoint.keyId}`,
    '',
  ].join('\n');
}

export function auditKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** A new Ed25519 key pair as PEM (PKCS#8 private, SPKI public), for `kechuang audit keygen`. */
export function generateAuditSigningKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function signAuditCheckpoint(unsigned: UnsignedAuditCheckpoint, privateKey: KeyObject, publicKey: KeyObject): AuditCheckpoint {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`the audit signing key must be Ed25519, got ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`);
  const fields = { format: auditCheckpointFormat, ...unsigned, signatureAlgorithm: 'ed25519' as const, keyId: auditKeyId(publicKey) };
  const signature = sign(null, Buffer.from(auditCheckpointPayload(fields), 'utf8'), privateKey).toString('base64');
  return { ...fields, signature };
}

export function auditCheckpointSignatureValid(checkpoint: AuditCheckpoint, publicKey: KeyObject): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519' || checkpoint.signatureAlgorithm !== 'ed25519') return false;
  try {
    return verify(null, Buffer.from(auditCheckpointPayload(checkpoint), 'utf8'), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The file's JSON (snake_case, as the CLI writes it). */
export function auditCheckpointToJson(checkpoint: AuditCheckpoint): string {
  return `${JSON.stringify(
    {
      format: checkpoint.format,
      seq: checkpoint.seq,
      hash: checkpoint.hash,
      row_count: checkpoint.rowCount,
      algorithm: checkpoint.algorithm,
      created_at: checkpoint.createdAt,
      database_time: checkpoint.databaseTime,
      signature_algorithm: checkpoint.signatureAlgorithm,
      key_id: checkpoint.keyId,
      signature: checkpoint.signature,
    },
    null,
    2,
  )}\n`;
}

/** A checkpoint file read back, or what is wrong with it. */
export function parseAuditCheckpoint(text: string): AuditCheckpoint | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null) return { error: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  if (record.format !== auditCheckpointFormat) return { error: `format is not ${auditCheckpointFormat}` };
  const wholeNumber = (name: string) => (typeof record[name] === 'number' && Number.isSafeInteger(record[name]) && (record[name] as number) >= 0 ? (record[name] as number) : undefined);
  const string = (name: string) => (typeof record[name] === 'string' ? (record[name] as string) : undefined);
  const seq = wholeNumber('seq');
  const rowCount = wholeNumber('row_count');
  const hash = string('hash');
  const algorithm = string('algorithm');
  const createdAt = string('created_at');
  const databaseTime = string('database_time');
  const keyId = string('key_id');
  const signature = string('signature');
  if (seq === undefined || rowCount === undefined) return { error: 'seq and row_count must be whole numbers' };
  if (hash === undefined || !/^[0-9a-f]{64}$/.test(hash)) return { error: 'hash must be 64 lower-case hex digits' };
  if (algorithm === undefined || createdAt === undefined || databaseTime === undefined || keyId === undefined || signature === undefined) {
    return { error: 'algorithm, created_at, database_time, key_id and signature are required' };
  }
  if (Number.isNaN(Date.parse(databaseTime))) return { error: 'database_time is not a time' };
  if (record.signature_algorithm !== 'ed25519') return { error: 'signature_algorithm must be ed25519' };
  return { format: auditCheckpointFormat, seq, hash, rowCount, algorithm, createdAt, databaseTime, signatureAlgorithm: 'ed25519', keyId, signature };
}
