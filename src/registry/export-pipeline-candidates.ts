import type { DatabaseOrTransaction } from '../db/index.ts';
import { findTierPipeline, type HteCandidateDecider } from './find-tier-pipeline.ts';
import { exportTimeNote, type RegistryExport } from './registry-exports.ts';
import type { RegistryCaller } from './registry-scope.ts';

/** The tech-based SMEs close to high-tech recognition, as a workbook. */
export async function exportPipelineCandidates(db: DatabaseOrTransaction, caller: RegistryCaller, query: { from?: number | undefined; to?: number | undefined }, decide: HteCandidateDecider): Promise<RegistryExport> {
  const pipeline = await findTierPipeline(db, caller, query, decide);
  return {
    fileName: 'pipeline-candidates.xlsx',
    sheet: {
      name: '高企培育候选',
      title: '接近高新技术企业认定条件的科技型中小企业',
      columns: [
        { header: '统一社会信用代码', key: 'credit_code', width: 22 },
        { header: '名称', key: 'name', width: 36 },
        { header: '区划', key: 'org_name' },
        { header: '财务年度', key: 'year' },
        { header: '营业收入（元）', key: 'revenue', format: 'number' },
        { header: '研发费用占比', key: 'rd_ratio', format: 'percent' },
        { header: '高新技术产品收入占比', key: 'high_tech_share', format: 'percent' },
        { header: '尚需达到', key: 'advice', width: 60 },
      ],
      rows: pipeline.candidates.map((candidate) => ({ ...candidate, advice: candidate.advice.join('；') })),
      notes: [
        // The conditions as the pack words them (national.hte-recognition), not a copy of their numbers.
        `条件：有效的科技型中小企业，尚无有效的高新技术企业证书；按最近一个财务年度的账目，满足《高新技术企业认定管理办法》第十一条：${pipeline.candidate_criteria.join('；')}。研发费用占比为规则所取会计年度的合计。`,
        exportTimeNote(caller.now),
      ],
    },
  };
}
