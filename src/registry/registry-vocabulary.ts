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

/**
 * GB/T 4754-2017 国民经济行业分类, the names the platform ships: every section (门类 A–T), the
 * divisions (大类) of the classes the demo register and the region's key sectors use, and those
 * classes (小类). A code deeper than the table knows is named by its nearest known level
 * (C2619 → 化学原料和化学制品制造业), so that a name is always shown beside the code.
 */
export const industryNames: Readonly<Record<string, string>> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
  // 大类 and 小类 used by the demo register (generate-demo-registry.ts) and the region's key sectors.
  A01: '农业',
  A0149: '其他园艺作物种植',
  C13: '农副食品加工业',
  C137: '蔬菜、菌类、水果和坚果加工',
  C1373: '水果和坚果加工',
  C14: '食品制造业',
  C144: '乳制品制造',
  C1441: '液体乳制造',
  C15: '酒、饮料和精制茶制造业',
  C151: '酒的制造',
  C1515: '葡萄酒制造',
  C26: '化学原料和化学制品制造业',
  C261: '基础化学原料制造',
  C2614: '有机化学原料制造',
  C27: '医药制造业',
  C30: '非金属矿物制品业',
  C301: '水泥、石灰和石膏制造',
  C3011: '水泥制造',
  C31: '黑色金属冶炼和压延加工业',
  C314: '铁合金冶炼',
  C3140: '铁合金冶炼',
  C32: '有色金属冶炼和压延加工业',
  C321: '常用有色金属冶炼',
  C3216: '铝冶炼',
  C35: '专用设备制造业',
  C38: '电气机械和器材制造业',
  C382: '输配电及控制设备制造',
  C3825: '光伏设备及元器件制造',
  C39: '计算机、通信和其他电子设备制造业',
  C397: '电子器件制造',
  C3976: '光电子器件制造',
  D44: '电力、热力生产和供应业',
  I65: '软件和信息技术服务业',
  I651: '软件开发',
  I6513: '应用软件开发',
  M73: '研究和试验发展',
  M732: '工程和技术研究和试验发展',
  M7320: '工程和技术研究和试验发展',
  M75: '科技推广和应用服务业',
};

/**
 * The name of a GB/T 4754 code: its own, or (for a code the table does not list) that of its
 * nearest listed level, C2619 → 化学原料和化学制品制造业; null for no code or no known section.
 */
export function industryName(code: string | null): string | null {
  if (!code) return null;
  for (let length = code.length; length >= 1; length -= 1) {
    const name = industryNames[code.slice(0, length)];
    if (name) return name;
  }
  return null;
}

/**
 * GB/T 2260 names of areas outside the region, which the platform's area tree (Ningxia only) does
 * not hold: every province-level area, and the counterpart districts the demo register uses.
 * A code not listed is named by its province: 110105 → 北京市.
 */
export const outsideAreaNames: Readonly<Record<string, string>> = {
  '110000': '北京市', '120000': '天津市', '130000': '河北省', '140000': '山西省', '150000': '内蒙古自治区',
  '210000': '辽宁省', '220000': '吉林省', '230000': '黑龙江省', '310000': '上海市', '320000': '江苏省',
  '330000': '浙江省', '340000': '安徽省', '350000': '福建省', '360000': '江西省', '370000': '山东省',
  '410000': '河南省', '420000': '湖北省', '430000': '湖南省', '440000': '广东省', '450000': '广西壮族自治区',
  '460000': '海南省', '500000': '重庆市', '510000': '四川省', '520000': '贵州省', '530000': '云南省',
  '540000': '西藏自治区', '610000': '陕西省', '620000': '甘肃省', '630000': '青海省', '640000': '宁夏回族自治区',
  '650000': '新疆维吾尔自治区', '710000': '台湾省', '810000': '香港特别行政区', '820000': '澳门特别行政区',
  '110108': '北京市海淀区',
  '310115': '上海市浦东新区',
  '440305': '广东省深圳市南山区',
  '610113': '陕西省西安市雁塔区',
  '620102': '甘肃省兰州市城关区',
};

/** The name of an area outside the region: its own if listed, else its province's; null if the province is unknown. */
export function outsideAreaName(code: string): string | null {
  return outsideAreaNames[code] ?? outsideAreaNames[`${code.slice(0, 2)}0000`] ?? null;
}
