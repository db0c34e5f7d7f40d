import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { AreaTree } from '../areas/index.ts';
import { defaultValidTo } from './certification-validity.ts';
import { checkCreditCode } from '../shared/index.ts';
import {
  areaCodeSchema,
  certificationFieldsSchema,
  enterpriseDeclarationColumnsSchema,
  enterpriseEventFieldsSchema,
  enterpriseEventInputSchema,
  enterpriseFieldsSchema,
  enterpriseFlagsInputSchema,
  enterpriseYearFieldsSchema,
  financialYearInputSchema,
  financialYearKeySchema,
  hteInnovationScoreSchema,
  isoDateSchema,
  platformEvaluationFieldsSchema,
  platformFieldsSchema,
  techContractFieldsSchema,
  yuanAmountProblem,
  type FieldProblem,
} from './registry-contract.ts';
import { duplicateEvents } from './enterprise-events.ts';
import { enterpriseEventLabels, financialFieldLabels, type FinancialField } from './registry-vocabulary.ts';

/**
 * The registry kinds' field schemas as the server checks them: the contract's schemas (one per
 * kind, shared with the web) plus what needs the server's data — the area tree, a credit code's
 * check character, today in Beijing, exact comparison of amounts. The import of a file row and the
 * edit of an enterprise go through the same schema, so that a value refused by one is refused by
 * the other, with the same field named.
 */
export interface FieldContext {
  tree: AreaTree;
  /** Today in Beijing (YYYY-MM-DD), from the injected clock. */
  today: string;
}

type Payload<T> = z.core.ParsePayload<T>;

function refuse<T>(payload: Payload<T>, message: string, messageEn: string, path?: PropertyKey[]): void {
  payload.issues.push({ code: 'custom', input: payload.value, message, params: { message_en: messageEn }, continue: false, ...(path ? { path } : {}) });
}

/** 统一社会信用代码 with its check character (GB 32100-2015); callers give it trimmed and in capitals. */
export const creditCodeSchema = z.string().check((payload) => {
  const checked = checkCreditCode(payload.value);
  if (!checked.ok) refuse(payload, checked.message, checked.message_en);
});

/** A county of the region: every area in a register is one, so that counts and amounts roll up the tree. */
export function countyCodeSchema(tree: AreaTree) {
  return areaCodeSchema.check((payload) => {
    const area = tree.find(payload.value);
    if (!area) refuse(payload, `未知行政区划代码“${payload.value}”`, `unknown area code "${payload.value}"`);
    else if (area.level !== 'county') refuse(payload, `“${payload.value}”（${area.name}）不是县级区划代码：请填写所在县（市、区）`, `"${payload.value}" (${area.name}) is not a county-level code: give the county`);
  });
}

/** A contract party's area: a county inside the region, or any well-formed code outside it (区外). */
export function partyAreaSchema(tree: AreaTree) {
  return areaCodeSchema.check((payload) => {
    const area = tree.find(payload.value);
    if (area && area.level !== 'county' && area.level !== 'country') {
      refuse(payload, `“${payload.value}”（${area.name}）不是县级区划代码：请填写所在县（市、区）`, `"${payload.value}" (${area.name}) is not a county-level code: give the county`);
    }
  });
}

function notAfterToday(today: string) {
  return (payload: Payload<string>) => {
    if (payload.value > today) refuse(payload, `日期“${payload.value}”晚于今天（${today}）`, `the date "${payload.value}" is after today (${today})`);
  };
}

/** A year of financials: from 1990 to the current year in Beijing (no forecasts in a registry). */
export function financialYearKeyUpTo(today: string) {
  const latest = Number(today.slice(0, 4));
  return financialYearKeySchema.check((payload) => {
    if (Number(payload.value) > latest) refuse(payload, `年度“${payload.value}”无效（应为 1990 至 ${latest} 年）`, `"${payload.value}" is not a year from 1990 to ${latest}`);
  });
}

/** Parts that cannot exceed their whole (high-tech revenue is part of revenue, …). */
const partsOfWholes: [FinancialField, FinancialField][] = [
  ['rd_expense_in_china', 'rd_expense'],
  ['high_tech_revenue', 'revenue'],
  ['tech_staff', 'staff'],
];

/** An amount or count as an exact decimal, or undefined when it is not a valid one (its own field says why). */
function exactFigure(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? new Decimal(value) : undefined;
  if (typeof value === 'string') return yuanAmountProblem(value) === undefined ? new Decimal(value) : undefined;
  return undefined;
}

function partsNotAboveWholes(payload: Payload<Partial<Record<FinancialField, string | number | undefined>>>): void {
  for (const [part, whole] of partsOfWholes) {
    const partValue = exactFigure(payload.value[part]);
    const wholeValue = exactFigure(payload.value[whole]);
    if (partValue && wholeValue && partValue.greaterThan(wholeValue)) {
      const [partLabel, wholeLabel] = [financialFieldLabels[part], financialFieldLabels[whole]];
      refuse(
        payload,
        `${partLabel.zh}（${partValue.toFixed()}）不能大于${wholeLabel.zh}（${wholeValue.toFixed()}）`,
        `${partLabel.en} (${partValue.toFixed()}) cannot exceed ${wholeLabel.en} (${wholeValue.toFixed()})`,
        [part],
      );
    }
  }
}

/** One year's figures, the parts checked against their wholes. */
export const financialYearRecordSchema = financialYearInputSchema.check(partsNotAboveWholes);

/** An enterprise: a real credit code, a county of the region, a founding date not after today. */
export function enterpriseSchema(context: FieldContext) {
  return enterpriseFieldsSchema.extend({
    credit_code: creditCodeSchema,
    org: countyCodeSchema(context.tree),
    founded: isoDateSchema.check(notAfterToday(context.today)).nullable(),
  });
}

/** The fields of an enterprise an edit may give (each optional) and its years, checked as an import checks them. */
export function enterpriseEditSchema(context: FieldContext) {
  return z.object({
    ...enterpriseSchema(context).omit({ credit_code: true }).partial().shape,
    years: z.record(financialYearKeyUpTo(context.today), financialYearRecordSchema.nullable()).optional(),
    events: z.array(enterpriseEventInputSchema.check(eventNotAfter(context.today))).max(100).check(eventsOncePerYear).optional(),
    hte_innovation_score: hteInnovationScoreSchema.nullable().optional(),
    flags: enterpriseFlagsInputSchema.optional(),
  });
}

/** An event of a year to come is not a registry's: the year is at most the current one in Beijing. */
function eventNotAfter(today: string) {
  const latest = Number(today.slice(0, 4));
  return (payload: Payload<{ type: keyof typeof enterpriseEventLabels; year: number }>) => {
    if (payload.value.year > latest) refuse(payload, `年度“${payload.value.year}”晚于今年（${latest}）`, `the year ${payload.value.year} is after this year (${latest})`, ['year']);
  };
}

/** One event per type and year: the second is refused, naming its place in the list. */
function eventsOncePerYear(payload: Payload<{ type: keyof typeof enterpriseEventLabels; year: number }[]>): void {
  for (const index of duplicateEvents(payload.value)) {
    const event = payload.value[index]!;
    const label = enterpriseEventLabels[event.type];
    refuse(payload, `${event.year} 年“${label.zh}”重复`, `"${label.en}" of ${event.year} given twice`, [index, 'year']);
  }
}

/** The declarations a file of enterprises may carry (score, flags): a column left out leaves the stored value. */
export const enterpriseDeclarationsSchema = enterpriseDeclarationColumnsSchema;

/** A row of events: a real credit code, a year up to the current one, an amount only for a type that carries one. */
export function enterpriseEventRowSchema(context: FieldContext) {
  return enterpriseEventFieldsSchema.extend({ credit_code: creditCodeSchema, year: financialYearKeyUpTo(context.today) }).check((payload) => {
    const label = enterpriseEventLabels[payload.value.type];
    if (!label.amount && payload.value.amount !== undefined) refuse(payload, `“${label.zh}”没有金额`, `"${label.en}" has no amount`, ['amount']);
  });
}

/** A certificate: its term must end after it starts (the type's default term when none is given), a revocation lie within it. */
export function certificationSchema() {
  return certificationFieldsSchema.extend({ credit_code: creditCodeSchema }).check((payload) => {
    const { type, valid_from: from, valid_to: explicitTo, revoked_on: revokedOn } = payload.value;
    if (!isoDateSchema.safeParse(from).success || (explicitTo !== null && !isoDateSchema.safeParse(explicitTo).success)) return;
    const to = explicitTo ?? defaultValidTo(type, from);
    if (to < from) return refuse(payload, '有效期止早于起始日', 'valid_to is before valid_from', ['valid_to']);
    if (revokedOn !== null && isoDateSchema.safeParse(revokedOn).success && (revokedOn < from || revokedOn > to)) {
      refuse(payload, `撤销日期应在有效期内（${from} 至 ${to}）`, `revoked_on must lie within the validity (${from} to ${to})`, ['revoked_on']);
    }
  });
}

/** A platform in a county of the region, its host's credit code (if given) real. */
export function platformSchema(context: FieldContext) {
  return platformFieldsSchema.extend({ org: countyCodeSchema(context.tree), host_credit_code: creditCodeSchema.nullable() });
}

/** A contract: real credit codes, parties placed in counties (or outside the region), technology amount within the contract amount. */
export function techContractSchema(context: FieldContext) {
  return techContractFieldsSchema
    .extend({
      seller_credit_code: creditCodeSchema.nullable(),
      seller_org: partyAreaSchema(context.tree),
      buyer_credit_code: creditCodeSchema.nullable(),
      buyer_org: partyAreaSchema(context.tree),
    })
    .check((payload) => {
      const contract = exactFigure(payload.value.contract_amount);
      const technology = exactFigure(payload.value.tech_amount);
      if (contract && technology && technology.greaterThan(contract)) refuse(payload, '技术交易额不能大于合同金额', 'the technology amount cannot exceed the contract amount', ['tech_amount']);
    });
}

/** A row of yearly financials: a known year, at least one figure, parts within their wholes. */
export function enterpriseYearSchema(context: FieldContext) {
  return enterpriseYearFieldsSchema
    .extend({ credit_code: creditCodeSchema, year: financialYearKeyUpTo(context.today) })
    .check(partsNotAboveWholes)
    .check((payload) => {
      const { credit_code: _code, year: _year, ...figures } = payload.value;
      if (Object.values(figures).every((value) => value === undefined)) refuse(payload, '至少填写一项财务数据', 'give at least one financial figure', ['revenue']);
    });
}

export const platformEvaluationSchema = platformEvaluationFieldsSchema;

/** The value the input held at an issue's path, to tell "missing" from "wrong". */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const typeNames: Record<string, [string, string]> = {
  number: ['数字', 'a number'],
  boolean: ['是/否', 'yes/no'],
  string: ['文本', 'text'],
  object: ['一组字段', 'an object'],
};

/**
 * Zod's issues as problems a person can act on, in Chinese and English, each naming its field by
 * its path (`years.2024.revenue`). The schemas' own rules carry both messages; zod's built-in
 * ones (a missing value, a wrong type, an unknown enum value or field) are worded here.
 */
export function fieldProblemsOf(issues: readonly z.core.$ZodIssue[], input: unknown, basePath: readonly PropertyKey[] = []): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    const field = path.map(String).join('.');
    const value = valueAt(input, path);
    const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    const problem = (message: string, messageEn: string) => problems.push({ field, message, message_en: messageEn });
    switch (issue.code) {
      case 'custom': {
        const messageEn = (issue.params as { message_en?: unknown } | undefined)?.message_en;
        problem(issue.message, typeof messageEn === 'string' ? messageEn : issue.message);
        break;
      }
      case 'invalid_key':
        problems.push(...fieldProblemsOf(issue.issues, input, path));
        break;
      case 'invalid_type': {
        if (value === undefined || value === null || value === '') {
          problem('不能为空', 'required');
          break;
        }
        const [zh, en] = typeNames[issue.expected] ?? [issue.expected, issue.expected];
        problem(`“${shown}”应为${zh}`, `"${shown}" should be ${en}`);
        break;
      }
      case 'invalid_value':
        problem(`“${shown}”不是可选值（${issue.values.map(String).join('、')}）`, `"${shown}" is not one of ${issue.values.map(String).join(', ')}`);
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) problems.push({ field: [...path, key].map(String).join('.'), message: `未知字段“${key}”`, message_en: `unknown field "${key}"` });
        break;
      default:
        problem(`不符合要求（${issue.message}）`, issue.message);
    }
  }
  return problems;
}
