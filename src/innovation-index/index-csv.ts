import type { IndexResult, StageName } from './index-model.ts';

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A number in full precision (what the pipeline computed), empty when missing. */
function numberField(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '' : String(value);
}

/** One kept stage as CSV: `unit,name,year,<indicator codes…>`, one line per unit-year (an empty cell = missing). */
export function stageCsv(result: IndexResult, stage: StageName): string {
  const kept = result.stages.find((candidate) => candidate.name === stage);
  if (!kept) throw new Error(`stage ${stage} was not kept (run the index with keepStages)`);
  const k = result.indicators.length;
  const lines = [['unit', 'name', 'year', ...result.indicators].map(field).join(',')];
  result.units.forEach((unit, u) => {
    result.years.forEach((year, y) => {
      const row = u * result.years.length + y;
      const cells = [field(unit.code), field(unit.name.zh), String(year)];
      for (let j = 0; j < k; j += 1) cells.push(numberField(kept.values[row * k + j]));
      lines.push(cells.join(','));
    });
  });
  return `${lines.join('\n')}\n`;
}

/** The scores as CSV: `unit,name,year,score,relative,rank,group,<node ids…>` (every node's aggregate). */
export function scoresCsv(result: IndexResult): string {
  const nodeCount = result.nodes.length;
  const lines = [['unit', 'name', 'year', 'score', 'relative', 'rank', 'group', ...result.nodes.map((node) => node.id)].map(field).join(',')];
  result.scores.forEach((score, row) => {
    const unit = result.units[Math.floor(row / Math.max(1, result.years.length))];
    const cells = [field(score.unit), field(unit?.name.zh ?? score.unit), String(score.year), numberField(score.score), numberField(score.relative), score.rank === null ? '' : String(score.rank), field(score.group ?? '')];
    for (let node = 0; node < nodeCount; node += 1) cells.push(numberField(result.nodeScores[row * nodeCount + node]));
    lines.push(cells.join(','));
  });
  return `${lines.join('\n')}\n`;
}
