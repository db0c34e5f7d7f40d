import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { noOrigin, systemActor } from '../../accounts/index.ts';
import { findAuditProtection, getAuditHead, setAuditAlgorithm, recordAuditEvent, presentAuditVerification, secureAuditChain, verifyAuditChain, type CheckpointSource } from '../../audit/index.ts';
import { inTransaction, openDatabase, type DatabaseOptions } from '../../db/index.ts';
import { exitCodes, type Output } from '../output.ts';
import { checkpointPublicKey, readCheckpointFolder } from './audit-checkpoint.ts';

/** Exit code of a log that fails the check: 1, as for any input that is not as it should be. */
const tampered = exitCodes.badInput;

export interface AuditVerifyOptions extends DatabaseOptions {
  /** Heads recorded earlier with `kechuang audit head`, as `SEQ:HASH`; each row must still carry its hash. */
  anchors?: readonly string[] | undefined;
  /** A folder of signed checkpoints (`kechuang audit checkpoint`), and the key files to check them with. */
  checkpointsDir?: string | undefined;
  publicKeyFile?: string | undefined;
  signingKeyFile?: string | undefined;
}

/**
 * `kechuang audit verify [--json]`: walks the hash chain of the audit log; every problem on stderr
 * (naming the row), with --json one document on stdout. Exit 0 when intact, 1 when tampered with.
 */
export async function auditVerify(options: AuditVerifyOptions, json: boolean, output: Output): Promise<number> {
  const anchors = (options.anchors ?? []).map(parseAnchor);
  const invalid = anchors.filter((anchor) => typeof anchor === 'string');
  if (invalid.length > 0) {
    for (const text of invalid) output.err(`--anchor must be SEQ:HASH (64 hex digits), got "${text}"`);
    return exitCodes.usage;
  }
  let checkpoints: { checkpoints: CheckpointSource[]; publicKey: KeyObject } | undefined;
  if (options.checkpointsDir !== undefined) {
    const publicKey = checkpointPublicKey(options, output);
    if (!publicKey) return exitCodes.usage;
    if (!existsSync(options.checkpointsDir)) {
      output.err(`error: --checkpoints ${options.checkpointsDir}: no such folder`);
      return exitCodes.usage;
    }
    checkpoints = { checkpoints: readCheckpointFolder(options.checkpointsDir), publicKey };
  }
  const database = await openDatabase(options);
  try {
    const report = await verifyAuditChain(database.db, { anchors: anchors.filter((anchor) => typeof anchor !== 'string'), ...checkpoints });
    for (const problem of report.problems) output.err(problem.message);
    if (report.omittedProblems > 0) output.err(`… and ${report.omittedProblems} more problem(s)`);
    const head = `head at row ${report.head.lastSeq}, hash ${report.head.lastHash}`;
    const protection = await findAuditProtection(database.db);
    if (protection.owner !== 'kechuang_audit_owner') {
      output.err(`warning: audit_log is owned by ${protection.owner}, not kechuang_audit_owner: whoever can act as ${protection.owner} can rewrite the chain (run \`kechuang audit secure\` as a superuser; docs/audit.md)`);
    }
    if (protection.enabledTriggers !== 2) output.err(`warning: ${2 - protection.enabledTriggers} of the 2 append-only triggers of audit_log are disabled or missing (someone with the owner's or a superuser's rights switched them off)`);
    if (checkpoints) output.err(`${report.checkpointsChecked} of ${checkpoints.checkpoints.length} signed checkpoint(s) checked against the log`);
    if (report.ok) output.err(`audit log intact: ${report.rows} row(s), ${head}`);
    else output.err(`audit log TAMPERED: ${report.problems.length + report.omittedProblems} problem(s) in ${report.rows} row(s); ${head}`);
    if (json) {
      output.out(JSON.stringify(presentAuditVerification(report), null, 2));
    }
    return report.ok ? exitCodes.ok : tampered;
  } finally {
    await database.close();
  }
}

/**
 * `kechuang audit head [--json]`: the newest row's sequence number and hash. Written down outside
 * the database (a ticket, a signed mail), it anchors the chain: a later `audit verify --anchor
 * SEQ:HASH` shows whether the log up to that row was rewritten, head and all.
 */
export async function auditHead(options: DatabaseOptions, json: boolean, output: Output): Promise<number> {
  const database = await openDatabase(options);
  try {
    const head = await getAuditHead(database.db);
    if (json) output.out(JSON.stringify({ last_seq: head.lastSeq, last_hash: head.lastHash, row_count: head.rowCount }, null, 2));
    else output.out(`${head.lastSeq}:${head.lastHash}`);
    output.err(`audit head: ${head.rowCount} row(s), last row ${head.lastSeq} — record "${head.lastSeq}:${head.lastHash}" outside the platform to anchor the chain`);
    return exitCodes.ok;
  } finally {
    await database.close();
  }
}

/** The anchor, or the text itself when it is not one. */
function parseAnchor(text: string): { seq: number; hash: string } | string {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return text;
  return { seq: Number(match[1]), hash: match[2].toLowerCase() };
}

/**
 * `kechuang audit set-algorithm sha256|sm3`: the deployment's choice for new rows, itself audited.
 * `sha256` means `sha256-v2`, hashed by the database (docs/audit.md); `sm3` rows are hashed by the
 * application, as PostgreSQL has no SM3.
 */
export async function auditSetAlgorithm(name: string, options: DatabaseOptions, output: Output): Promise<number> {
  const algorithm = name === 'sha256' || name === 'sha256-v2' ? 'sha256-v2' : name === 'sm3' ? 'sm3' : undefined;
  if (algorithm === undefined) {
    output.err(`error: algorithm must be sha256 or sm3, got "${name}"`);
    return exitCodes.usage;
  }
  const database = await openDatabase(options);
  try {
    await inTransaction(database.db, async (tx) => {
      const before = await getAuditHead(tx);
      await setAuditAlgorithm(tx, algorithm);
      await recordAuditEvent(tx, { actor: systemActor, action: 'audit.set_algorithm', entityType: 'audit_log', entityId: null, before: { algorithm: before.algorithm }, after: { algorithm }, origin: noOrigin });
    });
    output.err(`new audit rows are hashed with ${algorithm}`);
    return exitCodes.ok;
  } finally {
    await database.close();
  }
}

/**
 * `kechuang audit secure`: as a database superuser, gives the audit chain to kechuang_audit_owner
 * where migration 0010 ran as a role that could not (docs/audit.md). Safe to run again.
 */
export async function auditSecure(options: DatabaseOptions, output: Output): Promise<number> {
  const database = await openDatabase(options);
  try {
    output.err(`audit chain: ${await secureAuditChain(database.db)}`);
    return exitCodes.ok;
  } finally {
    await database.close();
  }
}
