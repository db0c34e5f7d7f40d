import { demoCreditCode, demoEnterpriseName, noOrigin, systemActor } from '../accounts/index.ts';
import type { PermissionTable } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { DatabaseOrTransaction } from '../db/index.ts';
import { AppError, creditCodeCheckCharacter, currentYear, mulberry32, today } from '../shared/index.ts';
import type { TableFile } from '../shared/index.ts';
import { importRegistry, type RegistryImportReport } from './import-registry.ts';
import { registryKinds, type RegistryKind } from './registry-vocabulary.ts';

export { isRegistryEmpty } from './registry-repository.ts';

/**
 * A synthetic registry with plausible shapes for Ningxia, never to be taken for real data: every
 * name starts with "合成·" and every record is stored with `synthetic = true`. Deterministic for a
 * given seed, so that a demo is reproducible.
 *
 * Shapes: firms spread over the counties roughly as economic activity is (银川's districts
 * heaviest), industries from the region's key sectors, and certification rates near the published
 * totals (高企 ≈ 700 and 科技型中小企业 ≈ 1,000–2,000 in a register of ~20,000 firms scale to about
 * 12 % and 25 % of a demo register). Tech-based SMEs renew their entry most years; certified firms
 * spend more on R&D and sell more high-tech products, so that some SMEs come close to high-tech
 * recognition; most platforms pass their periodic evaluations, a few fail or are revoked.
 *
 * No generated date lies after `options.today` (the demo's "now" in Beijing; the end of
 * `latestYear` when not given): a certificate or an evaluation not yet due is not generated.
 * With `options.demoEnterprise`, the last enterprise is that one (the demo enterprise account's
 * firm): a named synthetic firm in 金凤区 with tech-based SME entries, a high-tech
 * certificate valid today and the same years of financials as every other firm.
 */
/** The last year of the Ningxia 2022 S&T opinions (packs/ningxia-2022-st-action: expires 2025-12-31). */
const ningxiaOpinionsLastYear = 2025;

export function generateDemoRegistry(
  tree: AreaTree,
  /** `financialYears`: how many complete years of financials each firm gets (default 3). */
  counts: { enterprises: number; platforms: number; contracts: number; financialYears?: number },
  seed = 2022,
  /** The year the demo is "now" (in Beijing): certificates run up to it, financials up to the year before. */
  latestYear: number,
  options: { today?: string | undefined; demoEnterprise?: { creditCode: string; name: string } | undefined } = {},
): Record<RegistryKind, TableFile> {
  const random = mulberry32(seed);
  // The fields and events of issue 12 draw from a stream of their own, so that the register of a
  // seed (names, certificates, figures) stays what it was before they were added.
  const extraRandom = mulberry32(seed ^ 0x5eed12);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [item, weight] of items) if ((roll -= weight) <= 0) return item;
    return items[0]![0];
  };
  const counties = tree.atLevel('county');
  const cityWeight: Record<string, number> = { '640100': 5, '640200': 1.5, '640300': 1.5, '640400': 0.8, '640500': 1 };
  const countyWeights = counties.map((county) => [county.code, cityWeight[county.parentCode ?? ''] ?? 1] as const);
  const sectors = [
    ['C2614', '化工', 3], ['C3011', '建材', 1.5], ['C3140', '冶金', 1], ['C3216', '新材料', 2], ['C3825', '新能源装备', 2], ['C3976', '电子', 1.5],
    ['C1515', '葡萄酒', 1.5], ['C1373', '枸杞食品', 1.2], ['C1441', '乳业', 1], ['I6513', '软件', 2.5], ['M7320', '研发服务', 2], ['A0149', '现代农业', 1],
  ] as const;
  const words = ['塞上', '贺兰', '六盘', '黄河', '沙湖', '星海', '鸣翠', '朔方', '凤城', '明珠', '丝路', '绿源', '金沙', '长城', '宁东', '清水'];
  const code = (index: number, prefix: string) => {
    // 10 characters of prefix (91 + area + MA) and a 7-digit serial: 17, then the check character.
    const body = `${prefix}${String(index).padStart(7, '0')}`.replace(/[IOZSV]/g, '0');
    return `${body}${creditCodeCheckCharacter(body)}`;
  };

  const lastDay = options.today ?? `${latestYear}-12-31`;
  /** A date of the demo's past (or today), never one after it. */
  const happened = (date: string) => date <= lastDay;

  const enterpriseRows: Record<string, string>[] = [];
  const eventRows: Record<string, string>[] = [];
  /**
   * Declarations of a synthetic firm (issue 12): the experts' innovation score only for high-tech
   * firms (they were scored when recognised), the western-development preference declared by
   * about a third, deemed taxation by a few small firms, the IC / machine-tool list by a few
   * equipment and electronics makers; the rest not declared (empty), never "no" by default.
   */
  const syntheticDeclarations = (tier: number, industry: string) => ({
    hte_innovation_score: tier === 2 ? String(66 + Math.floor(extraRandom() * 25)) : '',
    deemed_taxation: tier === 0 && extraRandom() < 0.05 ? '是' : extraRandom() < 0.5 ? '否' : '',
    western_development_encouraged: extraRandom() < 0.35 ? '是' : '',
    ic_or_machine_tool_list: (industry.startsWith('C38') || industry.startsWith('C39')) && extraRandom() < 0.1 ? '是' : '',
  });
  const certificationRows: Record<string, string>[] = [];
  /** Per enterprise: its last revenue and its tier (0 none, 1 tech-based SME, 2 high-tech). */
  const profiles: { creditCode: string; revenue: number; tier: number }[] = [];
  const generatedEnterprises = options.demoEnterprise && counts.enterprises > 0 ? counts.enterprises - 1 : counts.enterprises;
  for (let index = 1; index <= generatedEnterprises; index += 1) {
    const org = weighted(countyWeights);
    const [industry, sector] = weighted(sectors.map(([industryCode, name, weight]) => [[industryCode, name] as const, weight] as const));
    const creditCode = code(index, `91${org}MA`);
    const founded = `${2000 + Math.floor(random() * 23)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const revenue = Math.round(10 ** (6 + random() * 3));
    enterpriseRows.push({
      credit_code: creditCode,
      name: `合成·宁夏${pick(words)}${pick(words)}${sector}${pick(['科技', '实业', '技术', '股份'])}有限公司${index}`,
      org,
      industry,
      founded,
      above_scale: revenue >= 20_000_000 ? '是' : '否',
      contact_name: `${pick(['张', '王', '李', '马', '杨', '刘'])}${pick(['伟', '芳', '军', '敏', '磊', '静'])}`,
      contact_phone: `1${pick(['3', '5', '8'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
    });
    const roll = random();
    Object.assign(enterpriseRows.at(-1)!, syntheticDeclarations(roll < 0.12 ? 2 : roll < 0.25 ? 1 : 0, industry));
    if (revenue >= 20_000_000 && extraRandom() < 0.15) eventRows.push({ credit_code: creditCode, type: 'first_above_scale', year: String(latestYear - 3 + Math.floor(extraRandom() * 4)), amount: '' });
    if (roll < 0.12 && extraRandom() < 0.03) eventRows.push({ credit_code: creditCode, type: 'national_st_award', year: String(latestYear - 1 - Math.floor(extraRandom() * 3)), amount: extraRandom() < 0.5 ? '200000' : '100000' });
    if (roll < 0.25) {
      // Entered for a year at a time: from a first year, renewed each year until it lapses.
      let year = latestYear - 6 + Math.floor(random() * 6);
      do {
        if (happened(`${year}-04-01`)) certificationRows.push({ credit_code: creditCode, type: 'tech_sme', number: `${year}640${String(index).padStart(6, '0')}`, valid_from: `${year}-04-01`, valid_to: '' });
        year += 1;
      } while (year <= latestYear && random() < 0.85);
    }
    if (roll < 0.12) {
      const year = latestYear - 5 + Math.floor(random() * 5);
      certificationRows.push({ credit_code: creditCode, type: 'national_hte', number: `GR${year}64000${String(index).padStart(4, '0')}`, valid_from: `${year}-11-${String(10 + Math.floor(random() * 18)).padStart(2, '0')}`, valid_to: '' });
    }
    if (roll < 0.015) {
      const from = `${latestYear - 2 + Math.floor(random() * 2)}-06-30`;
      certificationRows.push({ credit_code: creditCode, type: 'innovative_demo_enterprise', number: '', valid_from: from, valid_to: `${latestYear}-12-31` });
      if (happened(from)) eventRows.push({ credit_code: creditCode, type: 'first_innovative_demo_enterprise', year: from.slice(0, 4), amount: '' });
    }
    profiles.push({ creditCode, revenue, tier: roll < 0.12 ? 2 : roll < 0.25 ? 1 : 0 });
  }
  if (options.demoEnterprise && counts.enterprises > 0) {
    // The demo enterprise account's own firm: entered as a tech-based SME for the last three years
    // (this year's entry once its date has come), and a high-tech certificate of the year before.
    const { creditCode, name } = options.demoEnterprise;
    // Declared: the experts' score of its high-tech recognition, the western-development preference.
    enterpriseRows.push({
      credit_code: creditCode,
      name,
      org: '640106',
      industry: 'I6513',
      founded: '2016-05-18',
      above_scale: '是',
      contact_name: '马敏',
      contact_phone: '13800000000',
      hte_innovation_score: '78',
      deemed_taxation: '否',
      western_development_encouraged: '是',
      ic_or_machine_tool_list: '否',
    });
    // It first became above-scale this year — or, once the Ningxia 2022 opinions have run out
    // ("本意见执行期限至2025年底", the pack's expiry), in 2025, the last year their (七) award of
    // 20 % of the year before's R&D applies — so that the calculator shows that award for that year.
    const aboveScaleYear = Math.min(latestYear, ningxiaOpinionsLastYear);
    eventRows.push({ credit_code: creditCode, type: 'first_above_scale', year: String(aboveScaleYear), amount: '' });
    for (let year = latestYear - 2; year <= latestYear; year += 1) {
      const from = [`${year}-04-01`, lastDay].sort()[0]!;
      if (from.startsWith(String(year))) certificationRows.push({ credit_code: creditCode, type: 'tech_sme', number: `${year}640000000`, valid_from: from, valid_to: '' });
    }
    const hteFrom = `${latestYear - 1}-11-20`;
    if (happened(hteFrom)) certificationRows.push({ credit_code: creditCode, type: 'national_hte', number: `GR${latestYear - 1}640000000`, valid_from: hteFrom, valid_to: '' });
    profiles.push({ creditCode, revenue: 32_000_000, tier: 2 });
  }

  const platformTypeWeights = [['自治区重点实验室', 3], ['工程技术研究中心', 4], ['企业技术中心', 4], ['众创空间', 3], ['科技企业孵化器', 2], ['新型研发机构', 2], ['中试基地', 1], ['科技成果转化示范基地', 1], ['全国重点实验室', 0.2], ['技术创新中心', 0.5]] as const;
  const platformRows: Record<string, string>[] = [];
  for (let index = 1; index <= counts.platforms; index += 1) {
    const type = weighted(platformTypeWeights);
    const org = weighted(countyWeights);
    const host = enterpriseRows.length > 0 ? pick(enterpriseRows) : undefined;
    platformRows.push({
      registration_number: `NXPT-${String(index).padStart(6, '0')}`,
      name: `合成·${pick(words)}${type}${index}`,
      type,
      level: type.startsWith('全国') ? 'national' : 'regional',
      host: host?.name ?? `合成·宁夏大学`,
      host_credit_code: host?.credit_code ?? '',
      org,
      approved_on: `${latestYear - 11 + Math.floor(random() * 10)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-15`,
      construction_from: '',
      construction_to: '',
    });
  }

  const contractRows: Record<string, string>[] = [];
  const contractTypeWeights = [['技术开发', 4], ['技术服务', 4], ['技术转让', 1], ['技术许可', 0.5], ['技术咨询', 1]] as const;
  const outsideAreas = ['110108', '310115', '440305', '610113', '620102'];
  for (let index = 1; index <= counts.contracts; index += 1) {
    const firm = pick(enterpriseRows.length > 0 ? enterpriseRows : [{ name: '合成·区内企业', credit_code: '', org: '640104' }]);
    // Most contracts sell technology from a Ningxia firm; some bring it in from outside (吸纳).
    const bought = random() < 0.15;
    const inside = random() < 0.7;
    const amount = Math.round(10 ** (4 + random() * 3.3));
    const partner = bought
      ? { name: `合成·区外卖方${index}`, credit_code: '', org: pick(outsideAreas) }
      : inside
        ? { name: `合成·买方${index}`, credit_code: '', org: weighted(countyWeights) }
        : { name: `合成·区外买方${index}`, credit_code: '', org: pick(outsideAreas) };
    const [seller, buyer] = bought ? [partner, firm] : [firm, partner];
    contractRows.push({
      registration_number: `NXJS-${String(index).padStart(7, '0')}`,
      type: weighted(contractTypeWeights),
      contract_amount: String(amount),
      tech_amount: String(Math.round(amount * (0.6 + random() * 0.4))),
      seller_name: seller.name ?? '',
      seller_credit_code: seller.credit_code ?? '',
      seller_org: seller.org ?? '640104',
      buyer_name: buyer.name ?? '',
      buyer_credit_code: buyer.credit_code ?? '',
      buyer_org: buyer.org ?? '640104',
      registered_on: `${latestYear - 4 + Math.floor(random() * 4)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
    });
  }

  const table = (rows: Record<string, string>[]): TableFile => ({
    headerLine: 1,
    columns: Object.keys(rows[0] ?? {}),
    rows: rows.map((cells, index) => ({ line: index + 2, cells })),
  });
  // Financials for the last complete years (three by default), growing about 8 % a year.
  const financialYears = counts.financialYears ?? 3;
  /**
   * Liabilities (30–70 % of revenue-scaled assets) for every firm; R&D under the super-deduction
   * collection (加计扣除口径, 85–100 % of the accounting R&D) for certified firms and half of the
   * others (the rest have not reported it: unknown, not zero).
   */
  const syntheticYearExtras = (tier: number, revenue: number, rdExpense: number) => ({
    total_liabilities: String(Math.round(revenue * (0.3 + extraRandom() * 0.7))),
    rd_expense_deduction: tier > 0 || extraRandom() < 0.5 ? String(Math.round(rdExpense * (0.85 + extraRandom() * 0.15))) : '',
  });
  const yearRows: Record<string, string>[] = [];
  for (const profile of profiles) {
    // About a quarter of the tech-based SMEs meet both high-tech thresholds (R&D 3–5 % of revenue, high-tech products 60 %).
    const rdShare = profile.tier === 2 ? 0.04 + random() * 0.05 : profile.tier === 1 ? 0.02 + random() * 0.06 : random() * 0.02;
    const highTechShare = profile.tier === 2 ? 0.6 + random() * 0.3 : profile.tier === 1 ? 0.4 + random() * 0.45 : random() * 0.3;
    const staff = Math.max(5, Math.round(profile.revenue / (300_000 + random() * 400_000)));
    for (let year = latestYear - financialYears; year < latestYear; year += 1) {
      const revenue = Math.round(profile.revenue / 1.08 ** (latestYear - 1 - year));
      const rdExpense = Math.round(revenue * rdShare);
      yearRows.push({
        credit_code: profile.creditCode,
        year: String(year),
        revenue: String(revenue),
        rd_expense: String(rdExpense),
        rd_expense_in_china: String(rdExpense),
        staff: String(staff),
        tech_staff: String(Math.round(staff * (profile.tier > 0 ? 0.12 + random() * 0.2 : random() * 0.1))),
        high_tech_revenue: String(Math.round(revenue * highTechShare)),
        total_assets: String(Math.round(revenue * (1 + random() * 1.5))),
        ip_class1: String(profile.tier === 2 ? Math.floor(random() * 4) : 0),
        ip_class2: String(Math.floor(random() * (profile.tier + 1) * 4)),
        costs: String(Math.round(revenue * (0.75 + random() * 0.2))),
        ...syntheticYearExtras(profile.tier, revenue, rdExpense),
      });
    }
  }

  // Periodic evaluations (优奖劣汰) every three years after approval, up to the latest year.
  const evaluationRows: Record<string, string>[] = [];
  for (const row of platformRows) {
    let year = Number(row.approved_on!.slice(0, 4)) + 3;
    while (year <= latestYear) {
      const result = weighted([['excellent', 2], ['pass', 7], ['fail', 0.7], ['revoked', 0.3]] as const);
      // This year's evaluation, when its date is still to come, is not generated.
      if (!happened(`${year}-12-15`)) break;
      evaluationRows.push({ registration_number: row.registration_number!, evaluated_on: `${year}-12-15`, result, note: result === 'fail' ? '限期整改' : '' });
      if (result === 'revoked') break;
      year += 3;
    }
  }

  return {
    enterprises: table(enterpriseRows),
    certifications: table(certificationRows),
    platforms: table(platformRows),
    tech_contracts: table(contractRows),
    enterprise_years: table(yearRows),
    platform_evaluations: table(evaluationRows),
    enterprise_events: table(eventRows.filter((row) => Number(row.year) <= Number(lastDay.slice(0, 4)))),
  };
}

/**
 * Generates a synthetic registry and imports it, kind by kind (parents first), each kind all or
 * nothing and stored with `synthetic = true`. Returns what each import did.
 */
export async function loadDemoRegistry(
  db: DatabaseOrTransaction,
  counts: { enterprises: number; platforms: number; contracts: number },
  /** `now`: the clock (the system's at start-up when not given); `latestYear` defaults to its year in Beijing. */
  options: { tree: AreaTree; permissions: PermissionTable; seed?: number; latestYear?: number; now?: Date },
): Promise<RegistryImportReport[]> {
  const now = options.now ?? new Date();
  const latestYear = options.latestYear ?? currentYear(now);
  // Dates up to today in Beijing; a demo of an earlier year runs to that year's end.
  const lastDay = latestYear < currentYear(now) ? `${latestYear}-12-31` : today(now);
  const tables = generateDemoRegistry(options.tree, counts, options.seed ?? 2022, latestYear, { today: lastDay, demoEnterprise: { creditCode: demoCreditCode, name: demoEnterpriseName } });
  const reports: RegistryImportReport[] = [];
  for (const kind of registryKinds) {
    const table = tables[kind];
    if (table.rows.length === 0) continue;
    const report = await importRegistry(db, kind, `demo-${kind}`, table, { tree: options.tree, actor: systemActor, permissions: options.permissions, origin: noOrigin, synthetic: true, now });
    if (report.problems.length > 0) throw new AppError('internal', `合成数据生成有误：${report.problems[0]?.message}`, `synthetic data failed its own checks: ${report.problems[0]?.message_en}`);
    reports.push(report);
  }
  return reports;
}
