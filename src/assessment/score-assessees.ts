import { Decimal } from 'decimal.js';
import { AppError } from '../shared/index.ts';
import type { AssesseeRecord } from './assessee-record.ts';
import type { AssesseeKind, AssessmentScore, ScorePart } from './assessment-contract.ts';
import type { SchemeCriterionRule, ScoringScheme } from './read-scheme.ts';

/** Wide enough that no quotient of counts and points loses a digit before the one rounding. */
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Exact = InstanceType<typeof Exact>;

const kindOrder: Record<AssesseeKind, number> = { unit: 0, area: 1 };
const collator = new Intl.Collator('zh-Hans-CN');

/** How a criterion turned out for one assessee, before the points are shared out. */
interface Outcome {
  criterion: SchemeCriterionRule;
  treatment: ScorePart['treatment'];
  /** Attainment as an exact fraction, numerator over denominator (scored and full only). */
  numerator: Exact;
  denominator: Exact;
  counts: Record<string, number>;
  /** The attainment in words, with the counts put in: `(3 + 1 × 0.5) ÷ 4`. */
  expression: { zh: string; en: string };
  /** What was counted, in words. */
  facts: { zh: string; en: string };
  /** Why the criterion was not scored (redistributed, dropped or full). */
  reason?: { zh: string; en: string };
}

/**
 * The yearly score of every unit and area, with each criterion's points and basis, ranked among
 * assessees of the same kind (equal totals share a rank; listed by name within a total).
 * Arithmetic is exact (decimal.js): each part is shown rounded to 0.01, the total is rounded once
 * from the exact parts. Units come first, then areas.
 *
 * @example
 * const scores = scoreAssessees(await source.recordsOf(2026), bundledScheme());
 */
export function scoreAssessees(records: readonly AssesseeRecord[], scheme: ScoringScheme): AssessmentScore[] {
  const seen = new Set<string>();
  for (const [index, record] of records.entries()) {
    checkRecord(record, index);
    const key = `${record.assignee.kind}:${record.assignee.id}`;
    if (seen.has(key)) throw badRecord(index, record, 'assignee', '重复出现', 'appears twice');
    seen.add(key);
  }
  const scored = records.map((record) => scoreOne(record, scheme));
  return rank(scored);
}

function scoreOne(record: AssesseeRecord, scheme: ScoringScheme): AssessmentScore {
  const outcomes = scheme.criteria.map((criterion) => outcomeOf(record, criterion, scheme));
  const receiving = outcomes.filter((outcome) => outcome.treatment === 'scored' || outcome.treatment === 'full');
  const redistributed = outcomes.filter((outcome) => outcome.treatment === 'redistributed');
  const receivingPoints = sum(receiving.map((outcome) => new Exact(outcome.criterion.max.toString())));
  const pooledPoints = sum(redistributed.map((outcome) => new Exact(outcome.criterion.max.toString())));
  // Full points for nothing due (no 督办单) do not make a score on their own: with nothing scored
  // by its formula, the assessee has no total and no rank.
  const isScored = outcomes.some((outcome) => outcome.treatment === 'scored');
  // Every receiving criterion's points grow by the same factor, (receiving + pooled) ÷ receiving.
  const grows = isScored && pooledPoints.gt(0);

  let total = new Exact(0);
  let maxTotal = new Exact(0);
  const parts = outcomes.map((outcome): ScorePart => {
    const schemeMax = new Exact(outcome.criterion.max.toString());
    const receives = isScored && (outcome.treatment === 'scored' || outcome.treatment === 'full');
    const max = receives ? (grows ? schemeMax.times(receivingPoints.plus(pooledPoints)).div(receivingPoints) : schemeMax) : new Exact(0);
    const score = receives ? outcome.numerator.times(max).div(outcome.denominator) : new Exact(0);
    total = total.plus(score);
    maxTotal = maxTotal.plus(max);
    const maxWords = grows ? { zh: `${plain(schemeMax)} × ${plain(receivingPoints.plus(pooledPoints))} ÷ ${plain(receivingPoints)}`, en: `${plain(schemeMax)} × ${plain(receivingPoints.plus(pooledPoints))} ÷ ${plain(receivingPoints)}` } : { zh: plain(schemeMax), en: plain(schemeMax) };
    return {
      criterion: outcome.criterion.id,
      kind: outcome.criterion.kind,
      label: outcome.criterion.label,
      score: fixed(score),
      max: fixed(max),
      scheme_max: fixed(schemeMax),
      treatment: outcome.treatment,
      ratio: receives ? outcome.numerator.div(outcome.denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4) : null,
      basis: { counts: outcome.counts, ...basisWords(outcome, receives, maxWords, score, grows) },
    };
  });

  return {
    assignee: { kind: record.assignee.kind, id: record.assignee.id },
    name: record.name,
    year: record.year,
    total: fixed(total),
    max_total: fixed(maxTotal),
    scored: isScored,
    rank: null,
    parts,
  };
}

function outcomeOf(record: AssesseeRecord, criterion: SchemeCriterionRule, scheme: ScoringScheme): Outcome {
  const kind = record.assignee.kind;
  const base = { criterion, numerator: new Exact(0), denominator: new Exact(1) };
  if (!criterion.appliesTo.includes(kind)) {
    const who = kind === 'unit' ? { zh: '责任单位', en: 'units' } : { zh: '地区', en: 'areas' };
    return scheme.notApplicable === 'pro_rata'
      ? { ...base, treatment: 'redistributed', counts: {}, expression: none, facts: none, reason: { zh: `本项不适用于${who.zh}，分值按比例折入其他各项`, en: `does not apply to ${who.en}: its points go pro rata to the other criteria` } }
      : { ...base, treatment: 'dropped', counts: {}, expression: none, facts: none, reason: { zh: `本项不适用于${who.zh}，不计分（满分相应减少）`, en: `does not apply to ${who.en}: not scored (the maximum is lower by its points)` } };
  }
  const attainment = attainmentOf(record, criterion);
  if (attainment.denominator.isZero()) {
    const nothing = { zh: `${attainment.facts.zh}，无应考核事项`, en: `${attainment.facts.en}: nothing to assess` };
    switch (criterion.whenNoneDue) {
      case 'full':
        return { ...base, numerator: new Exact(1), treatment: 'full', counts: attainment.counts, expression: none, facts: attainment.facts, reason: { zh: `${nothing.zh}，按评分办法计满分`, en: `${nothing.en}, full points by the scheme` } };
      case 'zero':
        return { ...base, treatment: 'scored', counts: attainment.counts, expression: { zh: '0', en: '0' }, facts: attainment.facts, reason: { zh: `${nothing.zh}，按评分办法计0分`, en: `${nothing.en}, no points by the scheme` } };
      case 'redistribute':
        return { ...base, treatment: 'redistributed', counts: attainment.counts, expression: none, facts: attainment.facts, reason: { zh: `${nothing.zh}，分值按比例折入其他各项`, en: `${nothing.en}: its points go pro rata to the other criteria` } };
    }
  }
  return { ...base, ...attainment, treatment: 'scored' };
}

const none = { zh: '', en: '' };

/** The criterion's attainment as numerator ÷ denominator, with the counts and the words. */
function attainmentOf(record: AssesseeRecord, criterion: SchemeCriterionRule): Pick<Outcome, 'numerator' | 'denominator' | 'counts' | 'expression' | 'facts'> {
  const fraction = new Exact((criterion.lateFraction ?? new Decimal(0)).toString());
  switch (criterion.kind) {
    case 'on_time_reporting': {
      const { due, on_time: onTime, late, missing } = record.reports;
      return {
        numerator: new Exact(onTime).plus(new Exact(late).times(fraction)),
        denominator: new Exact(due),
        counts: { due, on_time: onTime, late, missing },
        facts: { zh: `应报${due}次，按时报送${onTime}次，逾期报送${late}次（按${plain(fraction)}计），未报送${missing}次`, en: `${due} report(s) due, ${onTime} on time, ${late} late (counted at ${plain(fraction)}), ${missing} missing` },
        expression: { zh: `(${onTime} + ${late} × ${plain(fraction)}) ÷ ${due}`, en: `(${onTime} + ${late} × ${plain(fraction)}) ÷ ${due}` },
      };
    }
    case 'milestone_progress': {
      const { due, met } = record.milestones;
      return {
        numerator: new Exact(met),
        denominator: new Exact(due),
        counts: { due, met },
        facts: { zh: `到期节点${due}个，按期完成${met}个`, en: `${due} milestone(s) due, ${met} met` },
        expression: { zh: `${met} ÷ ${due}`, en: `${met} ÷ ${due}` },
      };
    }
    case 'notice_responses': {
      const { issued, answered_on_time: onTime, answered_late: late, unanswered } = record.notices;
      return {
        numerator: new Exact(onTime).plus(new Exact(late).times(fraction)),
        denominator: new Exact(issued),
        counts: { issued, answered_on_time: onTime, answered_late: late, unanswered },
        facts: { zh: `督办单${issued}件，按期办复${onTime}件，逾期办复${late}件（按${plain(fraction)}计），未办复${unanswered}件（计0）`, en: `${issued} notice(s), ${onTime} answered on time, ${late} late (counted at ${plain(fraction)}), ${unanswered} unanswered (counted 0)` },
        expression: { zh: `(${onTime} + ${late} × ${plain(fraction)}) ÷ ${issued}`, en: `(${onTime} + ${late} × ${plain(fraction)}) ÷ ${issued}` },
      };
    }
    case 'indicator_targets': {
      const targets = record.targets ?? [];
      const withData = targets.filter((target): target is { indicator: string; attainment: number } => target.attainment !== null);
      // Each attainment counts at most 1 (a target exceeded does not make up for another missed) and at least 0.
      const capped = withData.map((target) => Exact.max(0, Exact.min(1, new Exact(String(target.attainment)))));
      const terms = withData.map((target, index) => {
        const value = new Exact(String(target.attainment));
        const shown = capped[index]!;
        return value.eq(shown) ? plain(shown) : `${plain(shown)}[${plain(value)}]`;
      });
      return {
        numerator: sum(capped),
        denominator: new Exact(withData.length),
        counts: { targets: targets.length, with_data: withData.length, without_data: targets.length - withData.length },
        facts: {
          zh: `指标目标${targets.length}项，有数据${withData.length}项，暂无数据${targets.length - withData.length}项（不计入）${withData.length > 0 ? '，各项完成程度为实际值 ÷ 目标值，超过1的按1计（方括号内为原值）' : ''}`,
          en: `${targets.length} indicator target(s), ${withData.length} with a value, ${targets.length - withData.length} without (left out)${withData.length > 0 ? '; each attainment is value ÷ target, at most 1 (the value before the cap in brackets)' : ''}`,
        },
        expression: { zh: `(${terms.join(' + ') || '0'}) ÷ ${withData.length}`, en: `(${terms.join(' + ') || '0'}) ÷ ${withData.length}` },
      };
    }
  }
}

function basisWords(outcome: Outcome, receives: boolean, maxWords: { zh: string; en: string }, score: Exact, grows: boolean): { zh: string; en: string } {
  const label = outcome.criterion.label;
  const grown = grows ? { zh: '（满分含其他项按比例折入的分值）', en: ' (the maximum includes points shared out from other criteria)' } : { zh: '', en: '' };
  if (!receives) {
    const reason = outcome.treatment === 'full' ? { zh: '本年度各项均无应考核事项，不评分', en: 'nothing to assess on any criterion this year: not scored' } : (outcome.reason ?? none);
    return { zh: `${label.zh}：${reason.zh}。`, en: `${label.en}: ${reason.en}.` };
  }
  if (outcome.reason) {
    // Full points (nothing due) or zero by the scheme.
    return { zh: `${label.zh}：${outcome.reason.zh}；得分 = ${fixed(score)}${grown.zh}。`, en: `${label.en}: ${outcome.reason.en}; points = ${fixed(score)}${grown.en}.` };
  }
  return {
    zh: `${label.zh}：${outcome.facts.zh}；得分 = ${outcome.expression.zh} × ${maxWords.zh} = ${fixed(score)}${grown.zh}。`,
    en: `${label.en}: ${outcome.facts.en}; points = ${outcome.expression.en} × ${maxWords.en} = ${fixed(score)}${grown.en}.`,
  };
}

/** Ranks within each kind: by the total as shown, equal totals share a rank; then by name. */
function rank(scores: AssessmentScore[]): AssessmentScore[] {
  const ordered = [...scores].sort(
    (a, b) =>
      kindOrder[a.assignee.kind] - kindOrder[b.assignee.kind] ||
      Number(b.scored) - Number(a.scored) ||
      new Decimal(b.total).cmp(new Decimal(a.total)) ||
      collator.compare(a.name, b.name) ||
      a.assignee.id.localeCompare(b.assignee.id),
  );
  const result: AssessmentScore[] = [];
  let previous: AssessmentScore | undefined;
  let previousRank = 0;
  let position = 0;
  for (const score of ordered) {
    if (previous?.assignee.kind !== score.assignee.kind) position = 0;
    if (!score.scored) {
      result.push({ ...score, rank: null });
      previous = score;
      continue;
    }
    position += 1;
    const tied = previous !== undefined && previous.scored && previous.assignee.kind === score.assignee.kind && previous.total === score.total;
    const rankOf = tied ? previousRank : position;
    result.push({ ...score, rank: rankOf });
    previous = score;
    previousRank = rankOf;
  }
  return result;
}

function checkRecord(record: AssesseeRecord, index: number): void {
  const count = (value: unknown, field: string) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw badRecord(index, record, field, '应为非负整数', 'must be a whole number, 0 or more');
  };
  const { reports, milestones, notices } = record;
  for (const [field, value] of Object.entries(reports)) count(value, `reports.${field}`);
  for (const [field, value] of Object.entries(milestones)) count(value, `milestones.${field}`);
  for (const [field, value] of Object.entries(notices)) count(value, `notices.${field}`);
  if (reports.on_time + reports.late + reports.missing !== reports.due) {
    throw badRecord(index, record, 'reports', `按时${reports.on_time} + 逾期${reports.late} + 未报${reports.missing} 不等于应报${reports.due}`, `on_time ${reports.on_time} + late ${reports.late} + missing ${reports.missing} is not due ${reports.due}`);
  }
  if (milestones.met > milestones.due) throw badRecord(index, record, 'milestones', `完成${milestones.met}个多于到期${milestones.due}个`, `met ${milestones.met} exceeds due ${milestones.due}`);
  if (notices.answered_on_time + notices.answered_late + notices.unanswered !== notices.issued) {
    throw badRecord(index, record, 'notices', `按期${notices.answered_on_time} + 逾期${notices.answered_late} + 未办复${notices.unanswered} 不等于督办单${notices.issued}`, `answered_on_time ${notices.answered_on_time} + answered_late ${notices.answered_late} + unanswered ${notices.unanswered} is not issued ${notices.issued}`);
  }
  for (const [position, target] of (record.targets ?? []).entries()) {
    if (target.attainment !== null && !Number.isFinite(target.attainment)) throw badRecord(index, record, `targets[${position}].attainment`, '应为有限数值或空', 'must be a finite number or null');
  }
}

function badRecord(index: number, record: AssesseeRecord, field: string, zh: string, en: string): AppError {
  const who = `${record.name}（${record.assignee.kind}:${record.assignee.id}）`;
  return new AppError('bad_request', `考核数据第${index + 1}条 ${who} 的 ${field}：${zh}`, `assessment record ${index + 1}, ${record.assignee.kind} ${record.assignee.id}, ${field}: ${en}`, { record: index, field });
}

function sum(values: readonly Exact[]): Exact {
  return values.reduce((total, value) => total.plus(value), new Exact(0));
}

/** Two decimals, half up: "26.25". */
function fixed(value: Exact): string {
  return value.toFixed(2, Decimal.ROUND_HALF_UP);
}

/** A number as a person writes it: 30, 0.5, 37.5 (no trailing zeros). */
function plain(value: Exact | Decimal): string {
  return value.toString();
}
