import type { KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/index.ts';
import { auditCheckpointSignatureValid, auditKeyId, type AuditCheckpoint } from './audit-checkpoint.ts';
import { genesisHash, hashAuditRow, hashAuditRowV2, isAuditHashAlgorithm } from './audit-hash.ts';
import { findAuditRowsAfter, getAuditHead, type AuditChainRow } from './audit-repository.ts';

export type AuditProblemKind = 'edited' | 'broken_link' | 'head_mismatch' | 'truncated' | 'checkpoint' | 'backdated';

export interface AuditProblem {
  /** The row the problem is found at; null when it concerns rows that are no longer there. */
  seq: number | null;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditChainReport {
  ok: boolean;
  /** Rows in the log. */
  rows: number;
  problems: AuditProblem[];
  /** Problems found beyond the first `maxProblems` (a log rewritten wholesale would list every row). */
  omittedProblems: number;
  /** The head as stored, for the operator to compare with the value recorded elsewhere. */
  head: { lastSeq: number; lastHash: string; rowCount: number; algorithm: string };
  /** Signed checkpoints whose signature held and that were checked against the log. */
  checkpointsChecked: number;
  /** The database's clock when the snapshot the check read was taken (ISO-8601 UTC). */
  databaseTime: string;
}

/**
 * How much earlier than a checkpoint a row after it may be dated without being called backdated:
 * a row is dated when its transaction takes the chain's lock and counted when it commits, so one
 * that took the lock just before the checkpoint's snapshot and committed just after is both; and
 * rows hashed by the application (sm3) are dated by the application server's clock.
 */
export const backdatingTolerance = 15 * 60 * 1000;

/** A checkpoint file as read (or what was wrong with it), named by where it came from. */
export interface CheckpointSource {
  source: string;
  checkpoint: AuditCheckpoint | { error: string };
}

export interface VerifyAuditChainOptions {
  /** Rows read per query, so that a log of millions of rows is never held at once. */
  pageSize?: number;
  maxProblems?: number;
  /**
   * Heads recorded earlier outside the database (`kechuang audit head`): each such row must still
   * carry that hash. Without an anchor, someone able to disable the trigger could rewrite the
   * whole chain and the head consistently; with one, such a rewrite shows.
   */
  anchors?: readonly { seq: number; hash: string }[];
  /**
   * Signed checkpoints (`kechuang audit checkpoint`): each signature must hold under `publicKey`,
   * and the log must still hold each checkpoint's row with its hash and as many rows up to it.
   */
  checkpoints?: readonly CheckpointSource[];
  publicKey?: KeyObject;
}

/**
 * Walks the whole audit log in sequence order and names every row where the chain does not hold:
 * a row whose content no longer matches its hash (edited), a row whose previous-hash is not the
 * hash of the row before it (a row deleted or inserted there), and a head that does not match the
 * last row and the row count (newest rows deleted, or rows added behind the head's back).
 *
 * Gaps in `seq` alone are not reported: a rolled-back transaction consumes identity values.
 *
 * @example
 * const report = await verifyAuditChain(db);
 * if (!report.ok) for (const problem of report.problems) console.error(problem.message);
 */
export async function verifyAuditChain(db: Database, options: VerifyAuditChainOptions = {}): Promise<AuditChainReport> {
  const pageSize = options.pageSize ?? 5_000;
  const maxProblems = options.maxProblems ?? 1_000;
  // One snapshot for the head and every page: appends made while the walk runs are not seen, so
  // they cannot look like a head mismatch.
  return db.transaction(
    async (tx) => {
      const head = await getAuditHead(tx);
      const [clock] = await queryRows<{ now: string }>(tx, sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`);
      const problems: AuditProblem[] = [];
      let omittedProblems = 0;
      const report = (problem: AuditProblem) => {
        if (problems.length < maxProblems) problems.push(problem);
        else omittedProblems += 1;
      };
      const anchors = new Map((options.anchors ?? []).map((anchor) => [anchor.seq, anchor.hash.toLowerCase()]));
      const checkpoints = signedCheckpoints(options, report);
      const checkpointsChecked = [...checkpoints.values()].reduce((total, signed) => total + signed.length, 0);
      // The checkpoints in seq order, and the latest database time among those before the current row.
      const bySeq = [...checkpoints.entries()].sort(([a], [b]) => a - b).flatMap(([, signed]) => signed);
      let nextCheckpoint = 0;
      let latestBefore: { source: string; seq: number; time: number; text: string } | undefined;

      // The two rows before the current one, by stored hash; the genesis stands before the first.
      let previous: { seq: number | null; hash: string } = { seq: null, hash: genesisHash };
      let beforePrevious: { seq: number | null; hash: string } | undefined;
      let rows = 0;
      let headRowSeen = false;
      let firstBeyondHead: number | null = null;
      let cursor: number | null = null;

      for (;;) {
        const page = await findAuditRowsAfter(tx, cursor, pageSize);
        for (const row of page) {
          rows += 1;
          checkContent(row, report);
          while (nextCheckpoint < bySeq.length && bySeq[nextCheckpoint]!.checkpoint.seq < row.seq) {
            const { source, checkpoint } = bySeq[nextCheckpoint]!;
            const time = Date.parse(checkpoint.databaseTime);
            if (!latestBefore || time > latestBefore.time) latestBefore = { source, seq: checkpoint.seq, time, text: checkpoint.databaseTime };
            nextCheckpoint += 1;
          }
          if (latestBefore && Date.parse(row.occurredAt) < latestBefore.time - backdatingTolerance) {
            report({
              seq: row.seq,
              kind: 'backdated',
              message: `row ${row.seq}: dated ${row.occurredAt}, but appended after the signed checkpoint ${latestBefore.source} (row ${latestBefore.seq}, database time ${latestBefore.text}): forged and backdated, or the clocks were more than 15 minutes apart`,
            });
          }
          if (row.prevHash !== previous.hash) report(linkProblem(row, previous, beforePrevious));
          if (row.seq === head.lastSeq) {
            headRowSeen = true;
            if (row.hash !== head.lastHash) {
              report({ seq: row.seq, kind: 'head_mismatch', message: `row ${row.seq}: hash differs from the audit head's (the newest row was replaced, or the head edited)` });
            }
          }
          if (row.seq > head.lastSeq && firstBeyondHead === null) firstBeyondHead = row.seq;
          const anchored = anchors.get(row.seq);
          if (anchored !== undefined && anchored !== row.hash) {
            report({ seq: row.seq, kind: 'edited', message: `row ${row.seq}: hash differs from the recorded anchor ${anchored} (the chain was rewritten from here or before)` });
          }
          anchors.delete(row.seq);
          for (const { source, checkpoint } of checkpoints.get(row.seq) ?? []) {
            if (checkpoint.hash !== row.hash) {
              report({ seq: row.seq, kind: 'edited', message: `row ${row.seq}: hash differs from the signed checkpoint ${source} (the chain was rewritten at this row or before)` });
            } else if (checkpoint.rowCount !== rows) {
              report({ seq: row.seq, kind: 'truncated', message: `row ${row.seq}: the signed checkpoint ${source} counted ${checkpoint.rowCount} row(s) up to here, the log has ${rows} (rows before it deleted or inserted)` });
            }
          }
          checkpoints.delete(row.seq);
          beforePrevious = previous;
          previous = { seq: row.seq, hash: row.hash };
        }
        const last = page.at(-1);
        if (!last || page.length < pageSize) break;
        cursor = last.seq;
      }

      for (const seq of anchors.keys()) {
        report({ seq, kind: 'broken_link', message: `row ${seq}: recorded as an anchor but no longer in the log (deleted)` });
      }
      const logText = `the log has ${rows} row(s) ending at ${previous.seq === null ? 'no row' : `row ${previous.seq}`}`;
      for (const [seq, signed] of checkpoints) {
        for (const { source, checkpoint } of signed) {
          // A checkpoint of the empty log (seq 0) names no row.
          if (seq === 0 && checkpoint.rowCount === 0) continue;
          report({ seq, kind: 'truncated', message: `row ${seq}: signed in checkpoint ${source} (${checkpoint.rowCount} row(s) then) but no longer in the log; ${logText} (deleted, or the log truncated below it)` });
        }
      }
      checkHead(head, { rows, lastSeq: previous.seq, headRowSeen, firstBeyondHead }, report);
      return {
        ok: problems.length === 0 && omittedProblems === 0,
        rows,
        problems,
        omittedProblems,
        head: { lastSeq: head.lastSeq, lastHash: head.lastHash, rowCount: head.rowCount, algorithm: head.algorithm },
        checkpointsChecked,
        databaseTime: clock?.now ?? new Date(0).toISOString(),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** The checkpoints whose signature holds, by seq; a problem for each that is malformed or not signed by the key. */
function signedCheckpoints(options: VerifyAuditChainOptions, report: (problem: AuditProblem) => void): Map<number, { source: string; checkpoint: AuditCheckpoint }[]> {
  const bySeq = new Map<number, { source: string; checkpoint: AuditCheckpoint }[]>();
  const sources = options.checkpoints ?? [];
  if (sources.length > 0 && !options.publicKey) throw new TypeError('checking audit checkpoints needs the public key they were signed with');
  for (const { source, checkpoint } of sources) {
    if ('error' in checkpoint) {
      report({ seq: null, kind: 'checkpoint', message: `checkpoint ${source}: unreadable (${checkpoint.error})` });
    } else if (!auditCheckpointSignatureValid(checkpoint, options.publicKey!)) {
      report({ seq: checkpoint.seq, kind: 'checkpoint', message: `checkpoint ${source}: signature does not hold under the public key ${auditKeyId(options.publicKey!)} (the file was altered, or signed with another key)` });
    } else {
      bySeq.set(checkpoint.seq, [...(bySeq.get(checkpoint.seq) ?? []), { source, checkpoint }]);
    }
  }
  return bySeq;
}

function checkContent(row: AuditChainRow, report: (problem: AuditProblem) => void): void {
  if (!isAuditHashAlgorithm(row.hashAlgorithm)) {
    report({ seq: row.seq, kind: 'edited', message: `row ${row.seq}: unknown hash algorithm "${row.hashAlgorithm}" (edited)` });
    return;
  }
  const expected = row.hashAlgorithm === 'sha256-v2' ? hashAuditRowV2(row.prevHash, row) : hashAuditRow(row.prevHash, { ...row, hashAlgorithm: row.hashAlgorithm });
  if (expected !== row.hash) report({ seq: row.seq, kind: 'edited', message: `row ${row.seq}: content does not match its hash (edited)` });
}

function linkProblem(row: AuditChainRow, previous: { seq: number | null; hash: string }, beforePrevious: { seq: number | null; hash: string } | undefined): AuditProblem {
  // The row links to the one two back: the row between them is not part of the chain — inserted.
  if (beforePrevious && previous.seq !== null && row.prevHash === beforePrevious.hash) {
    const linksTo = beforePrevious.seq === null ? 'the start of the log' : `row ${beforePrevious.seq}`;
    return { seq: previous.seq, kind: 'broken_link', message: `row ${previous.seq}: not part of the chain — row ${row.seq} links past it to ${linksTo} (inserted)` };
  }
  if (previous.seq === null) {
    return { seq: row.seq, kind: 'broken_link', message: `row ${row.seq}: previous-hash link broken — a row before it was deleted or inserted (at the start of the log)` };
  }
  // Or row `previous.seq` was rewritten and given a fresh hash: that looks the same from here.
  return { seq: row.seq, kind: 'broken_link', message: `row ${row.seq}: previous-hash link broken — a row before it was deleted or inserted, or re-hashed (after row ${previous.seq})` };
}

function checkHead(
  head: { lastSeq: number; lastHash: string; rowCount: number },
  log: { rows: number; lastSeq: number | null; headRowSeen: boolean; firstBeyondHead: number | null },
  report: (problem: AuditProblem) => void,
): void {
  const headText = `audit head says ${head.rowCount} rows ending at row ${head.lastSeq}`;
  const logText = `the log has ${log.rows} ending at ${log.lastSeq === null ? 'no row' : `row ${log.lastSeq}`}`;
  const emptyHead = head.rowCount === 0 && head.lastSeq === 0 && head.lastHash === genesisHash;
  if (log.firstBeyondHead !== null) {
    report({ seq: log.firstBeyondHead, kind: 'head_mismatch', message: `${headText}, ${logText} (rows from row ${log.firstBeyondHead} on were added without the head: inserted)` });
  } else if (!emptyHead && !log.headRowSeen) {
    report({ seq: null, kind: 'head_mismatch', message: `${headText}, ${logText} (newest rows deleted)` });
  } else if (head.rowCount !== log.rows) {
    const difference = head.rowCount > log.rows ? `${head.rowCount - log.rows} row(s) deleted` : `${log.rows - head.rowCount} row(s) inserted`;
    report({ seq: null, kind: 'head_mismatch', message: `${headText}, ${logText} (${difference})` });
  }
}
