/**
 * The registry's closed vocabularies: enum lists and label maps, and nothing else (no imports),
 * so that the contract (registry-contract.ts) and through it the web may read them.
 */

/**
 * The import kinds: four registries, and two kinds of rows that belong to a record of one
 * (an enterprise's financials for a year, a platform's evaluation), imported the same way.
 */
export const registryKinds = ['enterprises', 'certifications', 'platforms', 'tech_contracts', 'enterprise_years', 'platform_evaluations', 'enterprise_events'] as const;
export type RegistryKind = (typeof registryKinds)[number];

/** Certification types of an enterprise (validity rules in certification-validity.ts). */
export const certificationTypes = ['tech_sme', 'national_hte', 'provincial_hte', 'innovative_demo_enterprise', 'gazelle', 'unicorn'] as const;
export type CertificationType = (typeof certificationTypes)[number];

export const certificationLabels: Record<CertificationType, string> = {
  tech_sme: '科技型中小企业',
  national_hte: '国家高新技术企业',
  provincial_hte: '自治区高新技术企业',
  innovative_demo_enterprise: '创新型示范企业',
  gazelle: '瞪羚企业',
  unicorn: '独角兽企业',
};

/** Results of the periodic evaluation (优奖劣汰), stored as codes; files may give the Chinese names. */
export const evaluationResultLabels = { excellent: '优秀', pass: '合格', fail: '不合格', revoked: '撤销' } as const;
export type EvaluationResult = keyof typeof evaluationResultLabels;
export const evaluationResults = ['excellent', 'pass', 'fail', 'revoked'] as const satisfies readonly EvaluationResult[];
/** Chinese name → code, with the synonyms registers use (良好 counts as a pass, 摘牌 as revoked). */
export const evaluationResultsByName: Readonly<Record<string, EvaluationResult>> = { 优秀: 'excellent', 合格: 'pass', 不合格: 'fail', 撤销: 'revoked', 良好: 'pass', 摘牌: 'revoked' };

export const platformLevels = ['national', 'regional'] as const;
export type PlatformLevel = (typeof platformLevels)[number];
/** Chinese name → level, for reading files (省级 is the region's level). */
export const platformLevelsByName: Readonly<Record<string, PlatformLevel>> = { 国家级: 'national', 自治区级: 'regional', 省级: 'regional' };

/**
 * The yearly financials of an enterprise (contracts §3 `years`): what the incentive rules and
 * the national criteria read. Money in yuan, exact to the 分; counts whole. A field left out is
 * unknown, never zero: a rule that needs it says so (`needs_info`).
 */
export const moneyFieldNames = ['revenue', 'rd_expense', 'rd_expense_in_china', 'high_tech_revenue', 'total_assets', 'costs', 'total_liabilities', 'rd_expense_deduction'] as const;
export const countFieldNames = ['staff', 'tech_staff', 'ip_class1', 'ip_class2'] as const;
export type MoneyField = (typeof moneyFieldNames)[number];
export type CountField = (typeof countFieldNames)[number];
export type FinancialField = MoneyField | CountField;
export const financialFieldNames: readonly FinancialField[] = [...moneyFieldNames, ...countFieldNames];

export const financialFieldLabels: Record<FinancialField, { zh: string; en: string }> = {
  revenue: { zh: '营业收入', en: 'revenue' },
  rd_expense: { zh: '研发费用', en: 'R&D expense' },
  rd_expense_in_china: { zh: '境内研发费用', en: 'R&D expense in China' },
  high_tech_revenue: { zh: '高新技术产品（服务）收入', en: 'high-tech product (service) revenue' },
  total_assets: { zh: '资产总额', en: 'total assets' },
  costs: { zh: '成本费用支出总额', en: 'total costs and expenses' },
  total_liabilities: { zh: '负债总额', en: 'total liabilities' },
  rd_expense_deduction: { zh: '加计扣除口径研发费用', en: 'R&D expense eligible for super-deduction' },
  staff: { zh: '职工总数', en: 'staff' },
  tech_staff: { zh: '科技人员数', en: 'technology staff' },
  ip_class1: { zh: 'Ⅰ类知识产权数', en: 'class I IP rights' },
  ip_class2: { zh: 'Ⅱ类知识产权数', en: 'class II IP rights' },
};

/**
 * Fields of an enterprise's record and who may change them. An enterprise declares its own
 * industry, founding date, contacts and yearly financials (`registry.edit` on its own record);
 * its name and area come from the market-regulation register and the above-scale flag from the
 * statistics bureau, so they are master data (`registry.edit_master`).
 */
export const declaredEnterpriseFields = ['industry', 'founded', 'contact_name', 'contact_phone', 'years', 'hte_innovation_score', 'flags'] as const;
export const masterEnterpriseFields = ['name', 'org', 'above_scale', 'events'] as const;
export type EnterpriseField = (typeof declaredEnterpriseFields)[number] | (typeof masterEnterpriseFields)[number];
export const enterpriseFields = [...masterEnterpriseFields, ...declaredEnterpriseFields] as const;

/**
 * Registry events (事件) of an enterprise: what happened in a year that an incentive rule is
 * triggered by (issue 12; the rules' `event:` triggers and `event_year("…")`). A vocabulary, so
 * that more types are a line each: `amount` says whether the event carries a sum in yuan (the
 * national prize of a national S&T award). One event per type and year. Events come from other
 * authorities (the statistics bureau's above-scale list, the science department's lists, the
 * State Council's awards): master data (`registry.edit_master`), like the above-scale flag.
 */
export const enterpriseEventTypes = ['first_above_scale', 'first_innovative_demo_enterprise', 'national_st_award'] as const;
export type EnterpriseEventType = (typeof enterpriseEventTypes)[number];
export const enterpriseEventLabels: Record<EnterpriseEventType, { zh: string; en: string; amount: boolean }> = {
  first_above_scale: { zh: '首次纳入规模以上企业', en: 'first became above-scale', amount: false },
  first_innovative_demo_enterprise: { zh: '首次认定为创新型示范企业', en: 'first recognised as an innovative demonstration enterprise', amount: false },
  national_st_award: { zh: '获国家科学技术奖', en: 'national science and technology award', amount: true },
};
/** Chinese name → event type, for reading files. */
export const enterpriseEventTypesByName: Readonly<Record<string, EnterpriseEventType>> = Object.fromEntries(enterpriseEventTypes.map((type) => [enterpriseEventLabels[type].zh, type]));

/**
 * Declarations of an enterprise the national criteria read (contract §3 `flags`): 核定征收 (no
 * R&D super-deduction), 西部地区鼓励类产业 (15 % income tax), the integrated-circuit / industrial
 * machine-tool list (120 % super-deduction 2023–2027). Unset is "not declared", never "no".
 */
export const enterpriseFlagNames = ['deemed_taxation', 'western_development_encouraged', 'ic_or_machine_tool_list'] as const;
export type EnterpriseFlag = (typeof enterpriseFlagNames)[number];
export const enterpriseFlagLabels: Record<EnterpriseFlag, { zh: string; en: string }> = {
  deemed_taxation: { zh: '企业所得税核定征收', en: 'deemed (assessed) income taxation' },
  western_development_encouraged: { zh: '西部地区鼓励类产业企业', en: 'encouraged industry of the western region' },
  ic_or_machine_tool_list: { zh: '列入集成电路或工业母机企业清单', en: 'on the integrated-circuit or industrial machine-tool list' },
};
/** The experts' innovation score of high-tech recognition, labelled. */
export const hteInnovationScoreLabel = { zh: '高企认定创新能力评价得分', en: 'high-tech recognition innovation score' } as const;

/** Indicator codes the registries can count (all of them sums over counties). */
export const registryIndicatorCodes = ['national_hte', 'tech_smes', 'innovative_demo_enterprises', 'st_platforms', 'innovation_carriers', 'new_rd_institutions', 'transfer_bases', 'tech_contract_turnover', 'tech_contract_absorption'] as const;
export type RegistryIndicatorCode = (typeof registryIndicatorCodes)[number];
