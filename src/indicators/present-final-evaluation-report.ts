import type { AreaTree } from '../areas/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import type { PackEvaluation } from './evaluate-pack.ts';
import { buildFinalEvaluationReport } from './reports/final-evaluation-report.ts';

/** The final-evaluation report (终期评估报告) of an evaluation, as a Word (.docx) file to download. */
export async function presentFinalEvaluationReport(pack: PolicyPack, tree: AreaTree, evaluation: PackEvaluation, now: Date): Promise<{ fileName: string; content: Buffer }> {
  const content = await buildFinalEvaluationReport({
    pack: {
      id: pack.metadata.id,
      title: pack.metadata.title,
      ...(pack.metadata.doc_number === undefined ? {} : { doc_number: pack.metadata.doc_number }),
      issued: pack.metadata.issued,
      ...(pack.metadata.expires === undefined ? {} : { expires: pack.metadata.expires }),
    },
    area: { code: evaluation.org, name: tree.find(evaluation.org)?.name ?? evaluation.org },
    asOf: evaluation.as_of,
    generatedAt: now,
    evaluations: evaluation.targets,
    indicators: pack.indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, unit: indicator.unit })),
    clauses: pack.clauses.map((clause) => ({ number: clause.number, label: clause.label, title: clause.title })),
    benchmarkAreaName: tree.find('100000')?.name,
  });
  return { fileName: `final-evaluation-${evaluation.org}-${evaluation.as_of}.docx`, content };
}
