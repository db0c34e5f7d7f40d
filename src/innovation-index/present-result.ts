import type { IndexNodeDto, IndexRankingRow, IndexResultDto, IndexSensitivity, IndexSpecSummary, IndexStepDto, IndexTextDto, IndexUnitInputs } from './innovation-index-contract.ts';
import type { IndexResult, IndexSpec, IndexTable, StageChange, StageName } from './index-model.ts';

/** Every demo value's source starts with this mark (the platform's demo seeding writes it): such inputs are labelled 演示数据. */
export const demoSourceMark = '【演示数据】';

/** Names of the columns that are no spec indicator (denominators such as population): the store knows them; a CSV does not (its code stands). */
export type ColumnNames = ReadonlyMap<string, IndexTextDto>;

const nameOfColumn = (names: ColumnNames | undefined, code: string): IndexTextDto => names?.get(code) ?? { zh: code, en: code };

const finite = (value: number | undefined): number | null => (value === undefined || Number.isNaN(value) || !Number.isFinite(value) ? null : value);
const number = (value: number) => String(Number(value.toPrecision(12)));

export function presentSpecSummary(spec: IndexSpec): IndexSpecSummary {
  return {
    id: spec.id,
    version: spec.version,
    title: spec.title,
    description: spec.description,
    input: spec.input,
    levels: spec.levels,
    indicators: spec.indicators.length,
    normalise: spec.steps.normalise.method,
  };
}

/** The steps a spec runs, in words (zh, en), in the order the pipeline runs them. */
export function presentSteps(spec: IndexSpec, names?: ColumnNames, units?: readonly { code: string; name: IndexTextDto }[]): IndexStepDto[] {
  const unitName = (code: string): IndexTextDto => units?.find((unit) => unit.code === code)?.name ?? { zh: code, en: code };
  const steps: IndexStepDto[] = [];
  const levelNames = { region: { zh: '全区', en: 'the region' }, city: { zh: '各市', en: 'cities' }, county: { zh: '各县（市、区）', en: 'counties' } };
  steps.push({
    step: 'input',
    name: { zh: '数据来源', en: 'Input' },
    detail:
      spec.input === 'store'
        ? {
            zh: `平台中已审核（公布）的指标数据，地区范围：${spec.levels.map((level) => levelNames[level].zh).join('、')}。各地区取本级数值；派生指标（如研发投入强度）按公式由其构成项计算；本级无数值时取下级地区合计（须全部下级地区有值）。未审核的数据不参与。`,
            en: `Approved (published) indicator values held by the platform, for ${spec.levels.map((level) => levelNames[level].en).join(', ')}. Each area's own value; derived indicators (such as R&D intensity) computed by their formula from their components; without an own value, the sum of the child areas (only when every child has one). Unreviewed values are never used.`,
          }
        : { zh: '随指数附带的 CSV 数据文件（每行一个地区一年）。', en: 'The CSV data file shipped with the index (one row per unit and year).' },
  });
  const withDenominator = spec.indicators.filter((indicator) => indicator.denominator);
  steps.push({
    step: 'denominate',
    name: { zh: '折算', en: 'Denominate' },
    detail:
      spec.steps.denominate && withDenominator.length > 0
        ? {
            zh: withDenominator.map((indicator) => `${indicator.name.zh} ÷ ${nameOfColumn(names, indicator.denominator!.code).zh}${indicator.denominator!.scale === 1 ? '' : ` × ${number(indicator.denominator!.scale)}`}`).join('；') + '（分母缺失或为零时视为缺失）',
            en: withDenominator.map((indicator) => `${indicator.name.en} ÷ ${nameOfColumn(names, indicator.denominator!.code).en}${indicator.denominator!.scale === 1 ? '' : ` × ${number(indicator.denominator!.scale)}`}`).join('; ') + ' (a missing or zero denominator gives a missing value)',
          }
        : { zh: '不折算，使用原始数值。', en: 'None: raw values are used.' },
  });
  const impute = {
    none: { zh: '不补齐：缺失值在汇总时跳过。', en: 'None: missing values are skipped when aggregating.' },
    group_mean: { zh: '缺失值以同年同组（县〔市、区〕所属的市）地区的均值补齐；同组无数值时仍为缺失。', en: 'A missing value takes the mean of the same year’s units of its group (a county’s city); without any, it stays missing.' },
    mean: { zh: '缺失值以同年全部地区的均值补齐。', en: 'A missing value takes the mean of every unit in the same year.' },
  }[spec.steps.impute];
  steps.push({ step: 'impute', name: { zh: '缺失值补齐', en: 'Impute' }, detail: impute });
  const outliers = spec.steps.outliers;
  steps.push({
    step: 'outliers',
    name: { zh: '离群值处理', en: 'Outliers' },
    detail: outliers
      ? {
          zh: `逐项指标：样本偏度绝对值大于 ${number(outliers.skewness)} 且超额峰度大于 ${number(outliers.kurtosis)} 时，将偏斜一侧的极值缩尾为相邻值，至多 ⌈${number(outliers.max_share)}×N⌉ 个点${outliers.log_fallback ? '；仍超限时撤销缩尾，改取对数' : ''}（COINr 默认方法）。`,
          en: `Per indicator: while |skewness| > ${number(outliers.skewness)} and excess kurtosis > ${number(outliers.kurtosis)}, the extreme on the skewed side is winsorised to the next value, at most ⌈${number(outliers.max_share)}·N⌉ points${outliers.log_fallback ? '; if still outside, winsorising is undone and the column log-transformed' : ''} (COINr's default).`,
        }
      : { zh: '不处理离群值。', en: 'None.' },
  });
  const normalise = spec.steps.normalise;
  steps.push({
    step: 'normalise',
    name: { zh: '标准化', en: 'Normalise' },
    detail:
      normalise.method === 'minmax'
        ? {
            zh: `最小—最大值标准化到 ${number(normalise.low)}–${number(normalise.high)}，${normalise.over === 'panel' ? '各年合并计算最小值和最大值（跨年可比）' : '逐年计算'}；逆向指标取（最大值 − 数值）÷（最大值 − 最小值）。`,
            en: `Min–max to ${number(normalise.low)}–${number(normalise.high)}, ${normalise.over === 'panel' ? 'minimum and maximum over all years together (comparable across years)' : 'each year on its own'}; for a negative indicator (max − x) ÷ (max − min).`,
          }
        : normalise.method === 'zscore'
          ? { zh: `标准分数：${number(normalise.mean)} + ${number(normalise.sd)} × z，${normalise.over === 'panel' ? '各年合并' : '逐年'}计算。`, en: `z-scores: ${number(normalise.mean)} + ${number(normalise.sd)} × z, ${normalise.over === 'panel' ? 'over all years together' : 'each year on its own'}.` }
          : {
              zh: `距目标值：数值 ÷ 目标值 × ${number(normalise.scale)}${normalise.cap === null ? '' : `，最高 ${number(normalise.cap)}`}（逆向指标为目标值 ÷ 数值）。`,
              en: `Distance to the goalpost: value ÷ goalpost × ${number(normalise.scale)}${normalise.cap === null ? '' : `, capped at ${number(normalise.cap)}`} (negative indicators: goalpost ÷ value).`,
            },
  });
  steps.push({
    step: 'aggregate',
    name: { zh: '加权汇总', en: 'Aggregate' },
    detail:
      spec.steps.aggregate === 'arithmetic'
        ? { zh: '加权算术平均，逐级汇总；缺失项跳过，权重在现有项之间重新归一。', en: 'Weighted arithmetic mean, level by level; missing items are skipped and the weights renormalised over those present.' }
        : { zh: '加权几何平均，逐级汇总；缺失项跳过。', en: 'Weighted geometric mean, level by level; missing items are skipped.' },
  });
  steps.push({ step: 'rank', name: { zh: '排名', en: 'Rank' }, detail: { zh: '同一年内按得分排名，1 为最好；得分相同者名次并列（取较好名次）。', en: 'Within each year by score, 1 best; ties share the better rank.' } });
  if (spec.relative) {
    const year = spec.relative.year === null ? { zh: '同年', en: 'the same year' } : { zh: `${spec.relative.year}年`, en: String(spec.relative.year) };
    steps.push({ step: 'relative', name: { zh: '相对值', en: 'Relative' }, detail: { zh: `得分 ÷ ${unitName(spec.relative.unit).zh}（${year.zh}）得分 × 100。`, en: `Score ÷ the score of ${unitName(spec.relative.unit).en} (${year.en}) × 100.` } });
  }
  if (spec.groups) {
    const bands = spec.groups.groups.map((group) => (group.above === null ? group.name.zh : `${group.name.zh}（高于 ${number(group.above * 100)}%）`)).join('、');
    const bandsEn = spec.groups.groups.map((group) => (group.above === null ? group.name.en : `${group.name.en} (above ${number(group.above * 100)}%)`)).join(', ');
    steps.push({ step: 'groups', name: { zh: '分组', en: 'Groups' }, detail: { zh: `按同年得分相对${unitName(spec.groups.reference).zh}得分的比例分组：${bands}；参照地区本身不分组、不排名。`, en: `By the ratio of the score to ${unitName(spec.groups.reference).en}’s in the same year: ${bandsEn}; the reference itself has no group.` } });
  }
  return steps;
}

export function presentNodes(result: IndexResult): IndexNodeDto[] {
  return result.nodes.map((node) => ({
    id: node.id,
    name: node.name,
    parent: node.parent === null ? null : (result.nodes[node.parent]?.id ?? null),
    depth: node.depth,
    weight: node.weight,
    indicators: node.indicators.map((index) => result.indicators[index] ?? ''),
  }));
}

/** The node an indicator sits in directly: the deepest node (below the root) that aggregates it. */
export function pillarOf(result: IndexResult, indicator: number): number | null {
  let best: number | null = null;
  result.nodes.forEach((node, index) => {
    if (node.depth === 0 || !node.indicators.includes(indicator)) return;
    if (best === null || node.depth > result.nodes[best]!.depth) best = index;
  });
  return best;
}

/** Locates a unit-year in the result and in the table it was computed from. */
export class IndexLookup {
  private readonly resultUnits: Map<string, number>;
  private readonly tableUnits: Map<string, number>;
  private readonly tableColumns: Map<string, number>;

  constructor(
    readonly result: IndexResult,
    readonly table: IndexTable,
  ) {
    this.resultUnits = new Map(result.units.map((unit, index) => [unit.code, index]));
    this.tableUnits = new Map(table.units.map((unit, index) => [unit.code, index]));
    this.tableColumns = new Map(table.columns.map((code, index) => [code, index]));
  }

  row(unit: string, year: number): number | null {
    const unitIndex = this.resultUnits.get(unit);
    const yearIndex = this.result.years.indexOf(year);
    return unitIndex === undefined || yearIndex < 0 ? null : unitIndex * this.result.years.length + yearIndex;
  }

  /** The table's raw cell (value and source) of a column. */
  raw(unit: string, year: number, column: string): { value: number | null; source: string | null } {
    const unitIndex = this.tableUnits.get(unit);
    const yearIndex = this.table.years.indexOf(year);
    const columnIndex = this.tableColumns.get(column);
    if (unitIndex === undefined || yearIndex < 0 || columnIndex === undefined) return { value: null, source: null };
    const cell = (unitIndex * this.table.years.length + yearIndex) * this.table.columns.length + columnIndex;
    return { value: finite(this.table.values[cell]), source: this.table.sources.get(cell) ?? null };
  }

  /** Some input of the unit in that year is a demo value. */
  isDemo(unit: string, year: number): boolean {
    return this.table.columns.some((column) => this.raw(unit, year, column).source?.startsWith(demoSourceMark) ?? false);
  }
}

/** The year shown by default: the latest with a score. */
export function latestScoredYear(result: IndexResult): number | null {
  const years = result.scores.filter((score) => score.score !== null).map((score) => score.year);
  return years.length === 0 ? (result.years.at(-1) ?? null) : Math.max(...years);
}

export function presentIndexResult(result: IndexResult, table: IndexTable, year: number | null, names?: ColumnNames): IndexResultDto {
  const spec = result.spec;
  const lookup = new IndexLookup(result, table);
  const nodeCount = result.nodes.length;
  const ranking: IndexRankingRow[] = [];
  if (year !== null) {
    result.units.forEach((unit) => {
      const row = lookup.row(unit.code, year);
      if (row === null) return;
      const score = result.scores[row];
      ranking.push({
        unit: unit.code,
        name: unit.name,
        parent: unit.group === unit.code ? null : unit.group,
        score: finite(score?.score ?? undefined),
        relative: finite(score?.relative ?? undefined),
        rank: score?.rank ?? null,
        group: score?.group ?? null,
        nodes: result.nodes.map((_, node) => finite(result.nodeScores[row * nodeCount + node])),
        demo: lookup.isDemo(unit.code, year),
      });
    });
    ranking.sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY));
  }
  const trend = result.units.map((unit) => ({
    unit: unit.code,
    name: unit.name,
    points: result.years.map((pointYear) => {
      const row = lookup.row(unit.code, pointYear);
      const score = row === null ? undefined : result.scores[row];
      return { year: pointYear, score: finite(score?.score ?? undefined), relative: finite(score?.relative ?? undefined), rank: score?.rank ?? null };
    }),
  }));
  return {
    spec: {
      ...presentSpecSummary(spec),
      notes: spec.notes,
      steps: presentSteps(spec, names, result.units),
      groups: spec.groups ? spec.groups.groups.map((group) => ({ id: group.id, name: group.name, above: group.above })) : null,
      relative: spec.relative,
    },
    year,
    years: result.years,
    nodes: presentNodes(result),
    indicators: spec.indicators.map((indicator, index) => {
      const pillar = pillarOf(result, result.indicators.indexOf(indicator.code));
      return {
        code: indicator.code,
        name: indicator.name,
        direction: indicator.direction,
        weight: indicator.weight,
        pillar: pillar === null || index < 0 ? null : result.nodes[pillar]!.id,
        denominator: indicator.denominator ? { ...indicator.denominator, name: nameOfColumn(names, indicator.denominator.code) } : null,
        goalpost: indicator.goalpost ? { value: indicator.goalpost.value, clause: indicator.goalpost.clause, note: indicator.goalpost.note } : null,
      };
    }),
    ranking,
    trend,
    treatments: result.treatments.map((treatment) => ({ ...treatment, skewness_before: finite(treatment.skewness_before ?? undefined), kurtosis_before: finite(treatment.kurtosis_before ?? undefined), skewness_after: finite(treatment.skewness_after ?? undefined), kurtosis_after: finite(treatment.kurtosis_after ?? undefined) })),
    has_demo: ranking.some((row) => row.demo),
  };
}

const changeReasons: Record<StageChange['reason'], IndexTextDto> = {
  imputed_group_mean: { zh: '缺失，以同年同组（所属市）地区的均值补齐', en: 'missing: imputed with the mean of its group (its city) in the same year' },
  imputed_mean: { zh: '缺失，以同年全部地区的均值补齐', en: 'missing: imputed with the mean of every unit in the same year' },
  winsorised: { zh: '离群值：偏度、峰度超限，缩尾为相邻值', en: 'outlier: skewness and kurtosis beyond the limits, winsorised to the next value' },
  log_transformed: { zh: '偏度、峰度超限且缩尾不足，整列取对数', en: 'skewness and kurtosis still beyond the limits after winsorising: the column was log-transformed' },
};

const stageNames: Record<StageName, IndexTextDto> = {
  raw: { zh: '原始值', en: 'raw' },
  denominated: { zh: '折算', en: 'denominated' },
  imputed: { zh: '补齐', en: 'imputed' },
  treated: { zh: '离群值处理', en: 'outliers treated' },
  normalised: { zh: '标准化', en: 'normalised' },
};

function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** One unit's inputs in one year: per indicator its raw value and source, each stage, what changed it and why, the normalised score, its weight and pillar. */
export function presentUnitInputs(result: IndexResult, table: IndexTable, unitCode: string, year: number, names?: ColumnNames): IndexUnitInputs | null {
  const lookup = new IndexLookup(result, table);
  const row = lookup.row(unitCode, year);
  const unit = result.units.find((candidate) => candidate.code === unitCode);
  if (row === null || !unit) return null;
  const spec = result.spec;
  const score = result.scores[row];
  const indicatorCount = result.indicators.length;
  const rankOf = result.scores.filter((candidate) => candidate.year === year && candidate.rank !== null).length;
  const groupName = score?.group ? (spec.groups?.groups.find((group) => group.id === score.group)?.name ?? null) : null;
  const indicators = spec.indicators.map((indicator) => {
    const column = result.indicators.indexOf(indicator.code);
    const raw = lookup.raw(unitCode, year, indicator.code);
    const denominator = indicator.denominator ? { code: indicator.denominator.code, name: nameOfColumn(names, indicator.denominator.code), scale: indicator.denominator.scale, ...lookup.raw(unitCode, year, indicator.denominator.code) } : null;
    const stages = result.stages.map((stage) => ({ stage: stage.name, value: column < 0 ? null : finite(stage.values[row * indicatorCount + column]) }));
    const changes: IndexUnitInputs['indicators'][number]['changes'] = [];
    result.stages.forEach((stage, index) => {
      if (index === 0 || stage.name === 'normalised') return;
      const recorded = stage.changes.filter((change) => change.row === row && change.indicator === column);
      for (const change of recorded) changes.push({ stage: stage.name, from: finite(change.from ?? undefined), to: finite(change.to), reason: changeReasons[change.reason] });
      const before = stages[index - 1]!.value;
      const after = stages[index]!.value;
      if (recorded.length > 0 || sameValue(before, after)) return;
      if (stage.name === 'denominated' && denominator) {
        const scale = denominator.scale === 1 ? '' : ` × ${number(denominator.scale)}`;
        changes.push({
          stage: stage.name,
          from: before,
          to: after,
          reason:
            denominator.value === null || denominator.value === 0
              ? { zh: `分母${denominator.name.zh}缺失或为零，视为缺失`, en: `the denominator ${denominator.name.en} is missing or zero: missing` }
              : { zh: `除以${denominator.name.zh}（${number(denominator.value)}）${scale}`, en: `divided by ${denominator.name.en} (${number(denominator.value)})${scale}` },
        });
      } else {
        changes.push({ stage: stage.name, from: before, to: after, reason: { zh: `由“${stageNames[stage.name].zh}”步骤改变`, en: `changed by the ${stageNames[stage.name].en} step` } });
      }
    });
    const pillar = column < 0 ? null : pillarOf(result, column);
    return {
      code: indicator.code,
      name: indicator.name,
      pillar: pillar === null ? null : { id: result.nodes[pillar]!.id, name: result.nodes[pillar]!.name },
      weight: indicator.weight,
      direction: indicator.direction,
      raw: raw.value,
      source: raw.source,
      demo: raw.source?.startsWith(demoSourceMark) ?? false,
      denominator,
      stages,
      changes,
      normalised: stages.at(-1)?.value ?? null,
    };
  });
  return {
    spec: { id: spec.id, title: spec.title },
    unit: unit.code,
    name: unit.name,
    year,
    years: result.years,
    score: finite(score?.score ?? undefined),
    relative: finite(score?.relative ?? undefined),
    rank: score?.rank ?? null,
    rank_of: rankOf,
    group: score?.group ?? null,
    group_name: groupName,
    nodes: result.nodes.map((node, index) => ({ id: node.id, name: node.name, depth: node.depth, score: finite(result.nodeScores[row * result.nodes.length + index]) })),
    indicators,
    has_demo: indicators.some((indicator) => indicator.demo || (indicator.denominator?.source?.startsWith(demoSourceMark) ?? false)),
  };
}

export function presentSensitivity(result: IndexResult): IndexSensitivity {
  const spec = result.spec;
  const sensitivity = result.sensitivity;
  const year = sensitivity?.year ?? null;
  const lookup = year === null ? null : new Map(result.units.map((unit, index) => [unit.code, index]));
  const units =
    sensitivity === null || year === null || lookup === null
      ? []
      : result.units.map((unit, unitIndex) => {
          const row = unitIndex * result.years.length + result.years.indexOf(year);
          const perturbed = sensitivity.perturbed.find((entry) => entry.unit === unit.code);
          const dropped = sensitivity.dropped.map((entry) => entry.ranks[unitIndex] ?? null);
          const present = dropped.filter((rank): rank is number => rank !== null);
          return {
            unit: unit.code,
            name: unit.name,
            rank: result.scores[row]?.rank ?? null,
            min: perturbed?.min ?? null,
            max: perturbed?.max ?? null,
            median: perturbed?.median ?? null,
            dropped,
            dropped_min: present.length === 0 ? null : Math.min(...present),
            dropped_max: present.length === 0 ? null : Math.max(...present),
          };
        });
  units.sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY));
  return {
    spec: { id: spec.id, title: spec.title },
    year,
    runs: spec.sensitivity.runs,
    weight_spread: spec.sensitivity.weight_spread,
    indicators: (sensitivity?.dropped ?? []).map((entry) => ({ code: entry.indicator, name: spec.indicators.find((indicator) => indicator.code === entry.indicator)?.name ?? { zh: entry.indicator, en: entry.indicator } })),
    units,
  };
}
