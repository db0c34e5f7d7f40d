import type { AuditVerification } from './audit-contract.ts';
import type { AuditChainReport } from './verify-audit-chain.ts';

/** The chain check as the API answers it (snake_case, as `kechuang audit verify --json`). */
export function presentAuditVerification(report: AuditChainReport): AuditVerification {
  return {
    ok: report.ok,
    rows: report.rows,
    problems: report.problems.map((problem) => ({ seq: problem.seq, kind: problem.kind, message: problem.message })),
    omitted_problems: report.omittedProblems,
    head: { last_seq: report.head.lastSeq, last_hash: report.head.lastHash, row_count: report.head.rowCount },
  };
}
