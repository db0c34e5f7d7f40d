/**
 * A plain constant file (no imports): the contract and the web read it.
 *
 * Types of innovation platforms and carriers, and which policy indicator each one counts toward
 * (interpretation of (三) and (十四): "各类科技创新平台" = the laboratories and centres of (十四);
 * "双创"载体 = maker spaces, incubators, accelerators, university science parks of (十三);
 * transfer bases of (六); new R&D institutions of (九)).
 */
export const platformTypes = {
  全国重点实验室: 'st_platforms',
  自治区实验室: 'st_platforms',
  自治区重点实验室: 'st_platforms',
  工程技术研究中心: 'st_platforms',
  技术创新中心: 'st_platforms',
  产业技术协同创新中心: 'st_platforms',
  制造业创新中心: 'st_platforms',
  临床医学研究中心: 'st_platforms',
  野外科学观测研究站: 'st_platforms',
  企业技术中心: 'st_platforms',
  国际科技合作基地: 'st_platforms',
  新型研发机构: 'new_rd_institutions',
  众创空间: 'innovation_carriers',
  科技企业孵化器: 'innovation_carriers',
  加速器: 'innovation_carriers',
  大学科技园: 'innovation_carriers',
  科技成果转化示范基地: 'transfer_bases',
  中试基地: 'transfer_bases',
} as const;

export type PlatformType = keyof typeof platformTypes;
export const platformTypeNames = Object.keys(platformTypes) as [PlatformType, ...PlatformType[]];

export function isPlatformType(value: string): value is PlatformType {
  return Object.hasOwn(platformTypes, value);
}

/** The five types of 技术合同认定登记, stored as codes; files may give the Chinese names. */
export const contractTypeLabels = { development: '技术开发', transfer: '技术转让', licensing: '技术许可', consulting: '技术咨询', service: '技术服务' } as const;
export type ContractType = keyof typeof contractTypeLabels;
export const contractTypeCodes = Object.keys(contractTypeLabels) as [ContractType, ...ContractType[]];
/** Chinese name → code, for reading files. */
export const contractTypes = Object.fromEntries(Object.entries(contractTypeLabels).map(([code, label]) => [label, code])) as Record<string, ContractType>;
