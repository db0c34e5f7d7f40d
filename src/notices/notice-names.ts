import type { AreaTree } from '../areas/index.ts';
import type { PolicyPack } from '../policy/index.ts';
import { AppError } from '../shared/index.ts';
import type { Assignee, NamedAssignee, NoticeAssigneeOptions } from './notices-contract.ts';

/** What names and references are read from: the current packs and the area tree. */
export interface NoticeDirectory {
  packs: readonly PolicyPack[];
  tree: AreaTree;
}

function policyPacks(directory: NoticeDirectory): PolicyPack[] {
  return directory.packs.filter((pack) => pack.metadata.kind === 'policy');
}

/** The assignee's Chinese name (unit short name, area name), or undefined when it is unknown. */
export function assigneeName(directory: NoticeDirectory, assignee: Assignee): string | undefined {
  if (assignee.kind === 'area') return directory.tree.find(assignee.id)?.name;
  for (const pack of policyPacks(directory)) {
    const unit = pack.units.find((candidate) => candidate.id === assignee.id && candidate.kind !== 'group');
    if (unit) return unit.short_name;
  }
  return undefined;
}

/** The assignee with its name; 400 naming the field when it is no unit of the pack or no city or county of the tree. */
export function checkAssignee(directory: NoticeDirectory, assignee: Assignee): NamedAssignee {
  if (assignee.kind === 'area') {
    const area = directory.tree.find(assignee.id);
    if (!area || (area.level !== 'prefecture' && area.level !== 'county')) {
      throw new AppError('bad_request', `督办对象：找不到市或县（区）“${assignee.id}”`, `assignee: no city or county "${assignee.id}"`, [{ field: 'assignee.id', message: `找不到市或县（区）“${assignee.id}”`, message_en: `no city or county "${assignee.id}"` }]);
    }
    return { ...assignee, name: area.name };
  }
  const name = assigneeName(directory, assignee);
  if (name === undefined) {
    throw new AppError('bad_request', `督办对象：政策包中没有责任单位“${assignee.id}”`, `assignee: no unit "${assignee.id}" in the policy pack`, [{ field: 'assignee.id', message: `政策包中没有责任单位“${assignee.id}”`, message_en: `no unit "${assignee.id}" in the policy pack` }]);
  }
  return { ...assignee, name };
}

export interface NoticeReference {
  pack_id: string;
  kind: 'task' | 'measure';
  id: string;
  title: string;
  task_id: string;
}

/** The pack task or measure a notice refers to; 400 naming the field when no policy pack has it. */
export function findReference(directory: NoticeDirectory, id: string): NoticeReference {
  for (const pack of policyPacks(directory)) {
    for (const task of pack.tasks) {
      if (task.id === id) return { pack_id: pack.metadata.id, kind: 'task', id, title: task.title, task_id: task.id };
      const measure = task.measures.find((candidate) => candidate.id === id);
      if (measure) return { pack_id: pack.metadata.id, kind: 'measure', id, title: measure.title, task_id: task.id };
    }
  }
  throw new AppError('bad_request', `关联事项：政策包中没有任务或举措“${id}”`, `reference: no task or measure "${id}" in the policy pack`, [{ field: 'reference_id', message: `政策包中没有任务或举措“${id}”`, message_en: `no task or measure "${id}" in the policy pack` }]);
}

/** Whom a notice may be issued to: every unit of the policy packs (not groups) and every city and county. */
export function noticeAssigneeOptions(directory: NoticeDirectory): NoticeAssigneeOptions {
  const seen = new Set<string>();
  const units = policyPacks(directory).flatMap((pack) =>
    pack.units.flatMap((unit) => {
      if (unit.kind === 'group' || seen.has(unit.id)) return [];
      seen.add(unit.id);
      return [{ kind: 'unit' as const, id: unit.id, name: unit.short_name, full_name: unit.name }];
    }),
  );
  const areas = [...directory.tree.atLevel('prefecture'), ...directory.tree.atLevel('county')]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((area) => ({ kind: 'area' as const, id: area.code, name: area.name, level: area.level as 'prefecture' | 'county', parent_code: area.parentCode }));
  return { units, areas };
}
