import { and, eq, inArray } from 'drizzle-orm';
import { noOrigin, systemActor } from '../accounts/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { today } from '../shared/index.ts';
import { currentCycle } from './cycles.ts';
import { supervisionMeasures, supervisionReportHistory, supervisionReports } from './supervision-schema.ts';

const demoPack = 'ningxia-2022-st-action';

/**
 * Demo mode: a few reports for the demo accounts to see on the first start (labelled 演示数据):
 * the finance department's report on m-21-01 submitted (in the coordinator's review queue), its
 * report on m-21-03 returned with a reason (in its 已退回), a draft on m-10-10, and 兴庆区's
 * contribution to m-04-01 submitted. Only when no report exists yet.
 */
export async function seedDemoReports(db: DatabaseOrTransaction, now: Date = new Date()): Promise<number> {
  return inTransaction(db, async (tx) => {
    const [any] = await tx.select({ id: supervisionReports.id }).from(supervisionReports).limit(1);
    if (any) return 0;
    const measures = await tx
      .select()
      .from(supervisionMeasures)
      .where(and(eq(supervisionMeasures.packId, demoPack), inArray(supervisionMeasures.key, ['m-21-01', 'm-21-03', 'm-10-10', 'm-04-01'])));
    const byKey = new Map(measures.map((measure) => [measure.key, measure]));
    const plans = [
      { key: 'm-21-01', kind: 'unit' as const, id: 'finance-department', report: 'lead' as const, state: 'submitted' as const, status: 'on_schedule' as const, percent: 70, narrative: '【演示数据】本季度已按计划拨付科技专项资金，资金使用情况良好。', comment: null },
      { key: 'm-21-03', kind: 'unit' as const, id: 'finance-department', report: 'lead' as const, state: 'returned' as const, status: 'behind' as const, percent: 30, narrative: '【演示数据】绩效评价方案正在起草。', comment: '【演示数据】请补充滞后原因和下一步措施' },
      { key: 'm-10-10', kind: 'unit' as const, id: 'finance-department', report: 'lead' as const, state: 'draft' as const, status: 'on_schedule' as const, percent: 40, narrative: '【演示数据】草稿', comment: null },
      { key: 'm-04-01', kind: 'area' as const, id: '640104', report: 'contribution' as const, state: 'submitted' as const, status: null, percent: null, narrative: '【演示数据】兴庆区已组织辖区企业申报关键技术攻关项目。', comment: null },
    ];
    let created = 0;
    for (const plan of plans) {
      const measure = byKey.get(plan.key);
      if (!measure) continue;
      const cycle = currentCycle(measure.frequency, today(now), measure.dueDay);
      const submitted = plan.state !== 'draft';
      const [row] = await tx
        .insert(supervisionReports)
        .values({
          measureId: measure.id,
          assigneeKind: plan.kind,
          assigneeId: plan.id,
          period: cycle.period,
          kind: plan.report,
          state: plan.state,
          status: plan.status,
          percent: plan.percent,
          narrative: plan.narrative,
          figures: plan.report === 'lead' ? [{ label: '【演示数据】投入资金', value: '1200.50', unit: '万元' }] : [],
          indicatorLinks: [],
          dueOn: cycle.due_on,
          submittedAt: submitted ? now : null,
          submittedBy: submitted ? 'system' : null,
          firstSubmittedAt: submitted ? now : null,
          reviewedAt: plan.state === 'returned' ? now : null,
          reviewedBy: plan.state === 'returned' ? 'system' : null,
          returnComment: plan.comment,
          createdAt: now,
          createdBy: 'system',
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) continue;
      created += 1;
      if (submitted) await tx.insert(supervisionReportHistory).values({ reportId: row.id, revision: 1, action: 'submit', fromState: 'draft', toState: 'submitted', actor: 'system', at: now, comment: null, snapshot: { status: row.status, percent: row.percent } });
      if (plan.state === 'returned') await tx.insert(supervisionReportHistory).values({ reportId: row.id, revision: 1, action: 'return', fromState: 'submitted', toState: 'returned', actor: 'system', at: now, comment: plan.comment });
    }
    if (created > 0) await recordAuditEvent(tx, { actor: systemActor, action: 'supervision.demo', entityType: 'supervision_report', entityId: null, after: { reports: created }, origin: noOrigin });
    return created;
  });
}
