/**
 * The registry's closed vocabularies: enum lists and label maps, and nothing else (no imports),
 * so that the contract (registry-contract.ts) and through it the web may read them.
 */

/**
 * The import kinds: four registries, and two kinds of rows that belong to a record of one
 * (an enterprise's financials for a year, a platform's evaluation), imported the same way.
 */
export const registryKinds = ['enterprises', 'certifications', 'platforms', 'tech_contracts', 'enterprise_years', 'platform_evaluations'] as const;
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
export const moneyFieldNames = ['revenue', 'rd_expense', 'rd_expense_in_china', 'high_tech_revenue', 'total_assets', 'costs'] as const;
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
export const declaredEnterpriseFields = ['industry', 'founded', 'contact_name', 'contact_phone', 'years'] as const;
export const masterEnterpriseFields = ['name', 'org', 'above_scale'] as const;
export type EnterpriseField = (typeof declaredEnterpriseFields)[number] | (typeof masterEnterpriseFields)[number];
export const enterpriseFields = [...masterEnterpriseFields, ...declaredEnterpriseFields] as const;

/** Indicator codes the registries can count (all of them sums over counties). */
export const registryIndicatorCodes = ['national_hte', 'tech_smes', 'innovative_demo_enterprises', 'st_platforms', 'innovation_carriers', 'new_rd_institutions', 'transfer_bases', 'tech_contract_turnover', 'tech_contract_absorption'] as const;
export type RegistryIndicatorCode = (typeof registryIndicatorCodes)[number];
