import type { RunState } from './screening-repository.ts';

/** A run's state in words, for messages (409s name the state). */
export const stateLabels: Record<RunState, { zh: string; en: string }> = {
  queued: { zh: '正在排队', en: 'queued' },
  running: { zh: '正在进行', en: 'running' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  done: { zh: '已完成', en: 'done' },
  failed: { zh: '已失败', en: 'failed' },
};
