import type { z } from 'zod';
import { withColumnNames, type ColumnNames, type TableFile } from '../shared/index.ts';
import { defaultValidTo } from './certification-validity.ts';
import { storedEnterpriseEvent } from './enterprise-events.ts';
import { storedFinancialYear } from './enterprise-financials.ts';
import { nameGrams } from './name-grams.ts';
import { contractTypes } from './platform-types.ts';
import type { FieldProblem } from './registry-contract.ts';
import {
  certificationSchema,
  enterpriseDeclarationsSchema,
  enterpriseEventRowSchema,
  enterpriseSchema,
  enterpriseYearSchema,
  fieldProblemsOf,
  platformEvaluationSchema,
  platformSchema,
  techContractSchema,
  type FieldContext,
} from './registry-field-schemas.ts';
import { withoutThousandsSeparators, yuanText } from './registry-money.ts';
import type { RegistryLocation } from './registry-scope.ts';
import {
  countFieldNames,
  enterpriseEventTypesByName,
  enterpriseFlagLabels,
  evaluationResultsByName,
  financialFieldLabels,
  hteInnovationScoreLabel,
  moneyFieldNames,
  platformLevelsByName,
  type RegistryKind,
} from './registry-vocabulary.ts';

/**
 * How a file's cell becomes the value its kind's schema checks. Only the file's own conventions
 * are undone here (是/否, 2024/6/30, Chinese names of codes, thousands separators, an empty cell);
 * a cell that fits none of them is passed on as it is, for the schema to refuse with its message.
 */
type CellType = 'text' | 'creditCode' | 'boolean' | 'date' | 'money' | 'count' | 'year' | 'declaredFlag' | 'declaredScore' | { labels: Readonly<Record<string, string>> };

interface KindSpec {
  /** The columns of the file (and template), in order. */
  columns: Record<string, CellType>;
  required: readonly string[];
  /** What identifies a row's record, for duplicates in a file. */
  key: string;
}

const financialColumns = Object.fromEntries([...moneyFieldNames.map((field) => [field, 'money'] as const), ...countFieldNames.map((field) => [field, 'count'] as const)]);

const kinds: Record<RegistryKind, KindSpec> = {
  enterprises: {
    columns: {
      credit_code: 'creditCode',
      name: 'text',
      org: 'text',
      industry: 'text',
      founded: 'date',
      above_scale: 'boolean',
      contact_name: 'text',
      contact_phone: 'text',
      // Declarations (issue 12): a column left out of the file leaves the stored value; an empty cell is "not declared".
      hte_innovation_score: 'declaredScore',
      deemed_taxation: 'declaredFlag',
      western_development_encouraged: 'declaredFlag',
      ic_or_machine_tool_list: 'declaredFlag',
    },
    required: ['credit_code', 'name', 'org'],
    key: 'credit_code',
  },
  certifications: {
    columns: { credit_code: 'creditCode', type: 'text', number: 'text', valid_from: 'date', valid_to: 'date', revoked_on: 'date' },
    required: ['credit_code', 'type', 'valid_from'],
    key: 'credit_code+type+valid_from',
  },
  platforms: {
    columns: { registration_number: 'text', name: 'text', type: 'text', level: { labels: platformLevelsByName }, host: 'text', host_credit_code: 'creditCode', org: 'text', approved_on: 'date', construction_from: 'date', construction_to: 'date' },
    required: ['registration_number', 'name', 'type', 'level', 'host', 'org', 'approved_on'],
    key: 'registration_number',
  },
  tech_contracts: {
    columns: {
      registration_number: 'text',
      type: { labels: contractTypes },
      contract_amount: 'money',
      tech_amount: 'money',
      seller_name: 'text',
      seller_credit_code: 'creditCode',
      seller_org: 'text',
      buyer_name: 'text',
      buyer_credit_code: 'creditCode',
      buyer_org: 'text',
      registered_on: 'date',
    },
    required: ['registration_number', 'type', 'contract_amount', 'tech_amount', 'seller_name', 'seller_org', 'buyer_name', 'buyer_org', 'registered_on'],
    key: 'registration_number',
  },
  enterprise_years: { columns: { credit_code: 'creditCode', year: 'text', ...financialColumns }, required: ['credit_code', 'year'], key: 'credit_code+year' },
  platform_evaluations: {
    columns: { registration_number: 'text', evaluated_on: 'date', result: { labels: evaluationResultsByName }, note: 'text' },
    required: ['registration_number', 'evaluated_on', 'result'],
    key: 'registration_number+evaluated_on',
  },
  enterprise_events: {
    columns: { credit_code: 'creditCode', type: { labels: enterpriseEventTypesByName }, year: 'year', amount: 'money' },
    required: ['credit_code', 'type', 'year'],
    key: 'credit_code+type+year',
  },
};

/** The columns of each registry's import file (and template), in order; required ones first. */
export const registryColumns = Object.fromEntries(
  Object.entries(kinds).map(([kind, spec]) => [kind, { columns: Object.keys(spec.columns), required: spec.required, key: spec.key }]),
) as Record<RegistryKind, { columns: string[]; required: readonly string[]; key: string }>;

/** Names of a credit code column, as the register and the exports write them. */
const creditCodeNames = ['统一社会信用代码', '信用代码'];

/**
 * The Chinese headers of each registry's file, beside the English column names (the first is the
 * template's header, as the registry's exports name the column; money in 元, the unit the file is
 * read in). A file uses one language throughout.
 */
export const registryColumnNames: Record<RegistryKind, ColumnNames> = {
  enterprises: {
    credit_code: creditCodeNames,
    name: ['企业名称', '名称'],
    org: ['区划代码', '地区代码'],
    industry: ['行业代码', '行业'],
    founded: ['成立日期'],
    above_scale: ['规模以上', '规上'],
    contact_name: ['联系人'],
    contact_phone: ['联系电话'],
    hte_innovation_score: [hteInnovationScoreLabel.zh, '创新能力评价得分'],
    deemed_taxation: [enterpriseFlagLabels.deemed_taxation.zh, '核定征收'],
    western_development_encouraged: [enterpriseFlagLabels.western_development_encouraged.zh, '西部鼓励类产业'],
    ic_or_machine_tool_list: [enterpriseFlagLabels.ic_or_machine_tool_list.zh, '集成电路或工业母机清单'],
  },
  certifications: {
    credit_code: creditCodeNames,
    type: ['资质类型', '类型'],
    number: ['证书编号'],
    valid_from: ['有效期起', '认定日期'],
    valid_to: ['有效期止'],
    revoked_on: ['撤销日期'],
  },
  platforms: {
    registration_number: ['登记编号'],
    name: ['平台名称', '名称'],
    type: ['平台类型', '类型'],
    level: ['级别'],
    host: ['依托单位'],
    host_credit_code: ['依托单位信用代码'],
    org: ['区划代码', '地区代码'],
    approved_on: ['认定日期'],
    construction_from: ['建设期起'],
    construction_to: ['建设期止'],
  },
  tech_contracts: {
    registration_number: ['登记编号'],
    type: ['合同类型'],
    contract_amount: ['合同金额（元）', '合同金额'],
    tech_amount: ['技术交易额（元）', '技术交易额'],
    seller_name: ['卖方'],
    seller_credit_code: ['卖方信用代码'],
    seller_org: ['卖方区划', '卖方区划代码'],
    buyer_name: ['买方'],
    buyer_credit_code: ['买方信用代码'],
    buyer_org: ['买方区划', '买方区划代码'],
    registered_on: ['登记日期'],
  },
  enterprise_years: {
    credit_code: creditCodeNames,
    year: ['年度', '财务年度'],
    ...Object.fromEntries(moneyFieldNames.map((field) => [field, [`${financialFieldLabels[field].zh}（元）`, financialFieldLabels[field].zh]])),
    ...Object.fromEntries(countFieldNames.map((field) => [field, [financialFieldLabels[field].zh]])),
  },
  platform_evaluations: {
    registration_number: ['登记编号'],
    evaluated_on: ['评估日期'],
    result: ['评估结果'],
    note: ['备注'],
  },
  enterprise_events: {
    credit_code: creditCodeNames,
    type: ['事件类型', '事件'],
    year: ['年度', '事件年度'],
    amount: ['金额（元）', '金额', '奖金（元）'],
  },
};

/**
 * A registry file's table with its headers as the English column names, Chinese headers read
 * (registryColumnNames); a header naming no column of the kind, a column given twice and a header
 * mixing both languages are refused, naming the column.
 */
export function registryTable(kind: RegistryKind, fileName: string, table: TableFile): TableFile {
  return withColumnNames(fileName, table, registryColumnNames[kind]);
}

/** 2024-06-30, 2024/6/30, 2024.6.30 and 2024年6月30日 as ISO; anything else as written. */
function readDate(text: string): string {
  const match = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(text);
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : text;
}

function readCell(type: CellType, raw: string | undefined): unknown {
  // A declaration whose column the file leaves out stays as stored: undefined is "not given".
  if (raw === undefined && (type === 'declaredFlag' || type === 'declaredScore')) return undefined;
  const text = (raw ?? '').trim();
  if (typeof type === 'object') return text === '' ? null : (type.labels[text] ?? text);
  switch (type) {
    case 'text':
      return text === '' ? null : text;
    case 'creditCode':
      return text === '' ? null : text.toUpperCase();
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['', '0', 'false', '否', 'n', 'no'].includes(lower)) return false;
      if (['1', 'true', '是', 'y', 'yes'].includes(lower)) return true;
      return text;
    }
    case 'date':
      return text === '' ? null : readDate(text);
    case 'year':
      // 2024 or 2024年; the schema checks the rest.
      return text === '' ? null : text.replace(/年$/, '');
    case 'declaredFlag': {
      const lower = text.toLowerCase();
      if (lower === '') return null;
      if (['0', 'false', '否', 'n', 'no'].includes(lower)) return false;
      if (['1', 'true', '是', 'y', 'yes'].includes(lower)) return true;
      return text;
    }
    case 'declaredScore':
      if (text === '') return null;
      return /^\d{1,3}$/.test(text) ? Number(text) : text;
    case 'money':
      // Left out when empty: an unknown figure, or a required amount that is missing.
      return text === '' ? undefined : withoutThousandsSeparators(text);
    case 'count': {
      if (text === '') return undefined;
      const plain = withoutThousandsSeparators(text);
      // Only plain decimal digits become numbers: 1e3 or 0x10 stay text and are refused as such.
      // So do more digits than a number keeps exactly, so that the refusal shows what was written.
      return /^\d{1,15}(\.\d+)?$/.test(plain) ? Number(plain) : text;
    }
  }
}

/** A row as its kind's schema sees it. */
function readRow(kind: RegistryKind, cells: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kinds[kind].columns).map(([column, type]) => [column, readCell(type, cells[column])]));
}

/** What the database keeps of a checked row, and its key. */
export interface ParsedRow {
  key: string;
  values: Record<string, unknown>;
}

/**
 * Where a file row's record lies, read from its cells whether or not the row is otherwise right
 * (so that an importer outside its scope learns that at once): the row's own area for a record of
 * its own — an enterprise's county, a platform's, a contract's seller's (contracts are registered
 * where the seller is, 技术合同认定登记管理办法) — and its key; for a row of another record
 * (certifications, financials, evaluations) that record's key, whose place decides.
 */
export function whereRowLies(kind: RegistryKind, cells: Record<string, string>): { key?: string; location?: RegistryLocation; parentKey?: string } {
  const cell = (column: string) => (cells[column] ?? '').trim();
  const code = (column: string) => cell(column).toUpperCase() || null;
  const located = (org: string, creditCode: string | null) => (/^\d{6}$/.test(org) ? { org, creditCode } : undefined);
  switch (kind) {
    case 'enterprises':
      return { key: code('credit_code') ?? undefined, location: located(cell('org'), code('credit_code')) };
    case 'platforms':
      // A platform is an area's record, never an enterprise's (its host does not own it).
      return { key: cell('registration_number') || undefined, location: located(cell('org'), null) };
    case 'tech_contracts':
      return { key: cell('registration_number') || undefined, location: located(cell('seller_org'), code('seller_credit_code')) };
    case 'certifications':
    case 'enterprise_years':
    case 'enterprise_events':
      return { parentKey: code('credit_code') ?? undefined };
    case 'platform_evaluations':
      return { parentKey: cell('registration_number') || undefined };
  }
}

function check<S extends z.ZodType>(schema: S, input: Record<string, unknown>): { data?: z.infer<S>; problems: FieldProblem[] } {
  const result = schema.safeParse(input);
  return result.success ? { data: result.data, problems: [] } : { problems: fieldProblemsOf(result.error.issues, input) };
}

/**
 * Checks one row of a registry file with its kind's schema (the same the edit form's changes go
 * through) and returns what to store, or the problems, each naming its column.
 */
/**
 * The field schemas of one import, built once per context: building a zod schema costs far more
 * than checking a row with it, and an import checks every row against the same one.
 */
const schemasByContext = new WeakMap<FieldContext, Map<string, unknown>>();

function schemaOf<Schema>(context: FieldContext, kind: RegistryKind, build: () => Schema): Schema {
  let schemas = schemasByContext.get(context);
  if (!schemas) schemasByContext.set(context, (schemas = new Map()));
  if (!schemas.has(kind)) schemas.set(kind, build());
  return schemas.get(kind) as Schema;
}

export function parseRegistryRow(kind: RegistryKind, cells: Record<string, string>, context: FieldContext): { row?: ParsedRow; problems: FieldProblem[] } {
  const input = readRow(kind, cells);
  switch (kind) {
    case 'enterprises': {
      const { hte_innovation_score: score, deemed_taxation: deemed, western_development_encouraged: western, ic_or_machine_tool_list: icList, ...master } = input;
      const declarations = check(enterpriseDeclarationsSchema, { hte_innovation_score: score, deemed_taxation: deemed, western_development_encouraged: western, ic_or_machine_tool_list: icList });
      const { data, problems } = check(schemaOf(context, kind, () => enterpriseSchema(context)), master);
      if (!data || !declarations.data) return { problems: [...problems, ...declarations.problems] };
      const declared = declarations.data;
      const values = {
        creditCode: data.credit_code,
        name: data.name,
        nameGrams: nameGrams(data.name),
        org: data.org,
        industry: data.industry,
        founded: data.founded,
        aboveScale: data.above_scale,
        contactName: data.contact_name,
        contactPhone: data.contact_phone,
        // Only the declarations the file gives: the others stay as stored.
        ...(declared.hte_innovation_score !== undefined ? { hteInnovationScore: declared.hte_innovation_score } : {}),
        ...(declared.deemed_taxation !== undefined ? { deemedTaxation: declared.deemed_taxation } : {}),
        ...(declared.western_development_encouraged !== undefined ? { westernDevelopmentEncouraged: declared.western_development_encouraged } : {}),
        ...(declared.ic_or_machine_tool_list !== undefined ? { icOrMachineToolList: declared.ic_or_machine_tool_list } : {}),
      };
      return { row: { key: data.credit_code, values }, problems };
    }
    case 'certifications': {
      const { data, problems } = check(schemaOf(context, kind, () => certificationSchema()), input);
      if (!data) return { problems };
      const values = { creditCode: data.credit_code, type: data.type, number: data.number, validFrom: data.valid_from, validTo: data.valid_to ?? defaultValidTo(data.type, data.valid_from), revokedOn: data.revoked_on };
      return { row: { key: `${data.credit_code}|${data.type}|${data.valid_from}`, values }, problems };
    }
    case 'platforms': {
      const { data, problems } = check(schemaOf(context, kind, () => platformSchema(context)), input);
      if (!data) return { problems };
      const values = {
        registrationNumber: data.registration_number,
        name: data.name,
        nameGrams: nameGrams(data.name),
        type: data.type,
        level: data.level,
        host: data.host,
        hostCreditCode: data.host_credit_code,
        org: data.org,
        approvedOn: data.approved_on,
        constructionFrom: data.construction_from,
        constructionTo: data.construction_to,
      };
      return { row: { key: data.registration_number, values }, problems };
    }
    case 'tech_contracts': {
      const { data, problems } = check(schemaOf(context, kind, () => techContractSchema(context)), input);
      if (!data) return { problems };
      const values = {
        registrationNumber: data.registration_number,
        type: data.type,
        // Exact, with two decimals: numeric columns keep every digit.
        contractAmount: yuanText(data.contract_amount),
        techAmount: yuanText(data.tech_amount),
        sellerName: data.seller_name,
        sellerCreditCode: data.seller_credit_code,
        sellerOrg: data.seller_org,
        buyerName: data.buyer_name,
        buyerCreditCode: data.buyer_credit_code,
        buyerOrg: data.buyer_org,
        registeredOn: data.registered_on,
        partyGrams: [...new Set([...nameGrams(data.seller_name), ...nameGrams(data.buyer_name)])],
      };
      return { row: { key: data.registration_number, values }, problems };
    }
    case 'enterprise_years': {
      const { data, problems } = check(schemaOf(context, kind, () => enterpriseYearSchema(context)), input);
      if (!data) return { problems };
      const { credit_code: creditCode, year, ...figures } = data;
      return { row: { key: `${creditCode}|${year}`, values: { creditCode, year, record: storedFinancialYear(figures) } }, problems };
    }
    case 'enterprise_events': {
      const { data, problems } = check(schemaOf(context, kind, () => enterpriseEventRowSchema(context)), input);
      if (!data) return { problems };
      const event = storedEnterpriseEvent({ type: data.type, year: Number(data.year), ...(data.amount !== undefined ? { amount: data.amount } : {}) });
      return { row: { key: `${data.credit_code}|${data.type}|${data.year}`, values: { creditCode: data.credit_code, event } }, problems };
    }
    case 'platform_evaluations': {
      const { data, problems } = check(platformEvaluationSchema, input);
      if (!data) return { problems };
      return { row: { key: `${data.registration_number}|${data.evaluated_on}`, values: { registrationNumber: data.registration_number, date: data.evaluated_on, result: data.result, note: data.note } }, problems };
    }
  }
}
