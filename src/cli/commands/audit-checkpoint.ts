import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditCheckpointToJson, auditKeyId, createAuditCheckpoint, generateAuditSigningKeys, parseAuditCheckpoint, type CheckpointSource } from '../../audit/index.ts';
import { openDatabase, type DatabaseOptions } from '../../db/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** What a key file could not give: the message for the operator (a usage error). */
class KeyFileError extends Error {}

/** The Ed25519 private key in a PEM file (PKCS#8, as `kechuang audit keygen` or `openssl genpkey -algorithm ed25519` writes it). */
export function readSigningKey(file: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new KeyFileError(`cannot read the audit signing key ${file}: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`the audit signing key ${file} is ${privateKey.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** An Ed25519 public key in a PEM file (SPKI); a private key file is accepted too, its public half used. */
export function readPublicKey(file: string): KeyObject {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(readFileSync(file));
  } catch (error) {
    throw new KeyFileError(`cannot read the audit public key ${file}: ${(error as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`the audit public key ${file} is ${publicKey.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  return publicKey;
}

/** Every `*.json` file of the folder, in name order (which is seq order for the files this CLI writes). */
export function readCheckpointFolder(dir: string): CheckpointSource[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ source: name, checkpoint: parseAuditCheckpoint(readFileSync(join(dir, name), 'utf8')) }));
}

/** `kechuang audit keygen --out DIR`: a new Ed25519 key pair; the private key readable by its owner only. */
export function auditKeygen(outDir: string, output: Output): number {
  const privateFile = join(outDir, 'audit-signing-key.pem');
  const publicFile = join(outDir, 'audit-signing-key.pub.pem');
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) {
      output.err(`error: ${file} exists; not overwritten (a lost key cannot sign again, a replaced one no longer matches earlier checkpoints)`);
      return exitCodes.badInput;
    }
  }
  mkdirSync(outDir, { recursive: true });
  const { privateKeyPem, publicKeyPem } = generateAuditSigningKeys();
  writeFileSync(privateFile, privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicFile, publicKeyPem, { mode: 0o644, flag: 'wx' });
  output.out(privateFile);
  output.out(publicFile);
  output.err(`audit signing key ${auditKeyId(createPublicKey(publicKeyPem))}: keep ${privateFile} outside the database server (AUDIT_SIGNING_KEY); give ${publicFile} to whoever verifies`);
  return exitCodes.ok;
}

export interface AuditCheckpointOptions extends DatabaseOptions {
  /** The private key file (`--key`, else $AUDIT_SIGNING_KEY). */
  keyFile: string | undefined;
  outDir: string;
  now?: Date;
}

/**
 * `kechuang audit checkpoint --key KEY --out DIR [--json]`: checks the chain (against the folder's
 * earlier checkpoints too) and, when it holds, writes a signed checkpoint of its head into DIR.
 * Prints the file's path; exit 1, and no file, when the chain does not hold.
 */
export async function auditCheckpoint(options: AuditCheckpointOptions, json: boolean, output: Output): Promise<number> {
  if (!options.keyFile) {
    output.err('error: the signing key is required: --key FILE or AUDIT_SIGNING_KEY (generate one with `kechuang audit keygen --out DIR`)');
    return exitCodes.usage;
  }
  let keys: { privateKey: KeyObject; publicKey: KeyObject };
  try {
    keys = readSigningKey(options.keyFile);
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    output.err(`error: ${error.message}`);
    return exitCodes.usage;
  }
  const previous = readCheckpointFolder(options.outDir);
  const database = await openDatabase(options);
  try {
    const { report, checkpoint } = await createAuditCheckpoint(database.db, { ...keys, previous, now: options.now ?? new Date() });
    if (!checkpoint) {
      for (const problem of report.problems) output.err(problem.message);
      if (report.omittedProblems > 0) output.err(`… and ${report.omittedProblems} more problem(s)`);
      output.err(`audit log TAMPERED: no checkpoint written (a checkpoint must never vouch for a tampered log)`);
      return exitCodes.badInput;
    }
    mkdirSync(options.outDir, { recursive: true });
    const stamp = checkpoint.createdAt.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    const file = join(options.outDir, `audit-checkpoint-${String(checkpoint.seq).padStart(12, '0')}-${stamp}.json`);
    const text = auditCheckpointToJson(checkpoint);
    writeFileSync(file, text, { flag: 'wx' });
    if (json) output.out(text);
    else output.out(file);
    output.err(`audit checkpoint signed by key ${checkpoint.keyId}: row ${checkpoint.seq}, ${checkpoint.rowCount} row(s), hash ${checkpoint.hash} (${report.checkpointsChecked} earlier checkpoint(s) still hold)`);
    return exitCodes.ok;
  } finally {
    await database.close();
  }
}

/** The public key to check checkpoints with: --public-key, else $AUDIT_PUBLIC_KEY, else the public half of the signing key. */
export function checkpointPublicKey(files: { publicKeyFile?: string | undefined; signingKeyFile?: string | undefined }, output: Output): KeyObject | undefined {
  try {
    if (files.publicKeyFile) return readPublicKey(files.publicKeyFile);
    if (files.signingKeyFile) return readSigningKey(files.signingKeyFile).publicKey;
  } catch (error) {
    if (!(error instanceof KeyFileError)) throw error;
    output.err(`error: ${error.message}`);
    return undefined;
  }
  output.err('error: --checkpoints needs the public key they were signed with: --public-key FILE or AUDIT_PUBLIC_KEY');
  return undefined;
}
