import { findAreaTree } from '../areas/index.ts';
import type { AssesseeRecord, AssessmentRecordsSource } from '../assessment/index.ts';
import type { Database } from '../db/index.ts';
import { packInForce } from '../incentives/index.ts';
import { getPackEvaluation } from '../indicators/index.ts';
import { findNoticeCounts } from '../notices/index.ts';
import { findPacks } from '../policy/index.ts';
import { findAssessmentRecords } from '../supervision/index.ts';

type TargetAttainment = NonNullable<AssesseeRecord['targets']>[number];

/**
 * The assessment's records of a year, joined from the modules that keep them: supervision's
 * reports and milestones per assignee, the notices' counts, and for each area the attainment of
 * its own indicator targets (目标分解) as of that year, from every pack with targets in force then.
 * Attainment is value ÷ target for a floor (≥, >), target ÷ value for a ceiling (≤, <); an area
 * with no target of its own (or no value yet) has none, and the scheme redistributes those points.
 */
export function assessmentRecordsSource(db: Database): AssessmentRecordsSource {
  return {
    async recordsOf(year) {
      const tree = await findAreaTree(db);
      const [supervision, notices, packs] = await Promise.all([findAssessmentRecords(db, year, tree), findNoticeCounts(db, year), findPacks(db)]);
      const records = new Map<string, AssesseeRecord>();
      const keyOf = (assignee: { kind: string; id: string }) => `${assignee.kind}:${assignee.id}`;
      for (const record of supervision) records.set(keyOf(record.assignee), { ...record, notices: { issued: 0, answered_on_time: 0, answered_late: 0, unanswered: 0 } });
      for (const counts of notices) {
        const key = keyOf(counts.assignee);
        const record = records.get(key) ?? { assignee: { kind: counts.assignee.kind, id: counts.assignee.id }, name: counts.assignee.name, year, reports: { due: 0, on_time: 0, late: 0, missing: 0 }, milestones: { due: 0, met: 0 }, notices: { issued: 0, answered_on_time: 0, answered_late: 0, unanswered: 0 } };
        record.notices = { issued: counts.issued, answered_on_time: counts.answered_on_time, answered_late: counts.answered_late, unanswered: counts.unanswered };
        records.set(key, record);
      }
      const inForce = packs.filter((pack) => pack.targets.length > 0 && packInForce(pack, year));
      for (const record of records.values()) {
        if (record.assignee.kind !== 'area') continue;
        const targets: TargetAttainment[] = [];
        for (const pack of inForce) {
          const { evaluation } = await getPackEvaluation(db, pack.metadata.id, { org: record.assignee.id, asOf: year });
          for (const target of evaluation.targets) {
            if (target.target_basis !== 'own') continue;
            targets.push({ indicator: target.indicator, attainment: attainmentOf(target.comparator, target.progress) });
          }
        }
        record.targets = targets;
      }
      return [...records.values()];
    },
  };
}

function attainmentOf(comparator: string, progress: number | null): number | null {
  if (progress === null) return null;
  if (comparator === '>=' || comparator === '>') return progress;
  if ((comparator === '<=' || comparator === '<') && progress > 0) return 1 / progress;
  return null;
}
