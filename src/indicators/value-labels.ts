/** How values are named to people, in exports and messages. */
export const valueKindLabels = { published: '公布值', computed: '计算值', rolled_up: '下级汇总' } as const;

/** A bound as the figure's source states it ("突破700家" is 下限); exact figures need no word. */
export const qualifierLabels = { exact: '', lower_bound: '下限', upper_bound: '上限' } as const;

/** Where a value stands in the entry workflow. */
export const valueStatusLabels = { draft: '草稿', submitted: '已提交', returned: '已退回', approved: '已审核' } as const;

/** The review levels, as the reviewer they wait for. */
export const reviewLevelLabels = { city: '市级审核', region: '区级审核' } as const;

/** The workflow's steps, as verbs. */
export const workflowActionLabels = { submit: '提交', approve: '审核通过', return: '退回', unlock: '解锁' } as const;
