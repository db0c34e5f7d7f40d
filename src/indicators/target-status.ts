/**
 * Status rules for a target (shown in the UI and in docs/indicators.md; tested at their
 * boundaries). The thresholds are here, in one place, so that they can be discussed and changed.
 */
export const targetStatuses = ['achieved', 'on_track', 'at_risk', 'off_track', 'not_met', 'no_data', 'no_own_target'] as const;
export type TargetStatus = (typeof targetStatuses)[number];

export const statusRules = {
  /** at_risk instead of off_track when the latest value is at least this share of the straight path … */
  atRiskShareOfPath: 0.9,
  /** … or when the linear forecast reaches at least this share of the target by the target year. */
  atRiskShareOfForecast: 0.95,
} as const;

export const statusRuleText = [
  { status: 'no_data', zh: '没有该指标在评估年份及以前的任何数据。', en: 'No value of the indicator up to the evaluation year.' },
  { status: 'achieved', zh: '目标年份已有数据且达到目标；或最新数据已达到目标（提前实现）。', en: 'The target year has a value that meets the target, or the latest value already meets it (ahead of time).' },
  { status: 'not_met', zh: '目标年份已过且有该年数据，但未达到目标。', en: 'The target year has passed, has a value, and the value misses the target.' },
  { status: 'on_track', zh: '尚未达到，但最新值不低于从基期值到目标值的直线路径上该年的值（序时进度）。', en: 'Not yet met, but the latest value is on or above the straight path from the baseline to the target.' },
  { status: 'at_risk', zh: `只有一期数据（无从判断趋势）且尚未达到目标；或落后于序时进度，但迄今的年均增速不低于此后所需的年均增速，或最新值不低于路径值的 ${statusRules.atRiskShareOfPath * 100}%，或按线性趋势预测到目标年份可达目标值的 ${statusRules.atRiskShareOfForecast * 100}% 以上。`, en: `A single value (no trend to judge) short of the target; or behind the path, but the growth rate seen so far is at least the rate still needed, or the value is at least ${statusRules.atRiskShareOfPath * 100}% of the path value, or the linear forecast reaches ${statusRules.atRiskShareOfForecast * 100}% of the target by the target year.` },
  { status: 'off_track', zh: '落后于序时进度，且不满足“有风险”的条件。', en: 'Behind the path, and not within the at-risk margins.' },
  {
    status: 'no_own_target',
    zh: '该地区没有分解到本地区的目标（政策包或统筹部门均未设定），不以全区目标衡量：只列出本地区的数值、占全区的比重（可加总的指标）和在同级地区中的排名。',
    en: 'The area has no target of its own (neither the pack nor the coordinator set one) and is not judged against the regional target: its value, its share of the regional figure (additive indicators) and its rank among its sibling areas are shown instead.',
  },
] as const;

/** The statuses as people read them (the evaluation table, the report, the web's labels). */
export const targetStatusLabels: Record<TargetStatus, string> = {
  achieved: '已实现',
  on_track: '进展顺利',
  at_risk: '存在风险',
  off_track: '严重滞后',
  not_met: '未实现',
  no_data: '暂无数据',
  no_own_target: '未分解目标',
};

