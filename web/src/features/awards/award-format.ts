/** "246913.58" → "246,913.58元" (exact: the string is grouped, never turned into a float). */
export function yuanText(amount: string, language: 'zh' | 'en' = 'zh'): string {
  const [whole = '0', fraction = '00'] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const text = `${grouped}.${fraction.padEnd(2, '0').slice(0, 2)}`;
  return language === 'zh' ? `${text}元` : `¥${text}`;
}

/** Tag colours by state. */
export const awardStateColours: Record<string, string> = {
  candidate: 'default',
  confirmed: 'blue',
  announced: 'gold',
  objection_raised: 'volcano',
  period_ended: 'cyan',
  approved: 'geekblue',
  paid: 'green',
  withdrawn: 'default',
};

/** The tabs of the ledger, in the order of the process. */
export const awardTabs = ['candidate', 'confirmed', 'announced', 'objection_raised', 'period_ended', 'approved', 'paid', 'withdrawn'] as const;
