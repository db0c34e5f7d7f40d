import type { DatabaseOrTransaction } from '../db/index.ts';
import { platformQueryOf } from './find-platforms.ts';
import type { PlatformFilter } from './registry-contract.ts';
import { allPages, areaCondition, filterNote, syntheticLabel, type RegistryExport } from './registry-exports.ts';
import { presentPlatform } from './registry-presenters.ts';
import { findPlatformRows } from './registry-repository.ts';
import { registryScopeOf, type RegistryCaller } from './registry-scope.ts';
import { evaluationResultLabels } from './registry-vocabulary.ts';

/** The platforms in the caller's scope matching the list's filters, as a workbook. */
export async function exportPlatforms(db: DatabaseOrTransaction, caller: RegistryCaller, filter: PlatformFilter): Promise<RegistryExport> {
  const scope = registryScopeOf(caller.actor, caller.permissions, caller.tree);
  const rows = await allPages(async (limit, offset) => (await findPlatformRows(db, scope, platformQueryOf(filter, caller, { limit, offset }))).rows);
  return {
    fileName: 'platforms.xlsx',
    sheet: {
      name: '创新平台和载体',
      columns: [
        { header: '登记编号', key: 'registration_number' },
        { header: '名称', key: 'name', width: 36 },
        { header: '类型', key: 'type' },
        { header: '级别', key: 'level' },
        { header: '依托单位', key: 'host', width: 30 },
        { header: '区划代码', key: 'org' },
        { header: '区划', key: 'org_name' },
        { header: '认定日期', key: 'approved_on' },
        { header: '建设期起', key: 'construction_from' },
        { header: '建设期止', key: 'construction_to' },
        { header: '最近评估', key: 'latest' },
        { header: '数据性质', key: 'synthetic' },
      ],
      rows: rows.map((row) => {
        const platform = presentPlatform(row, caller.tree);
        return {
          registration_number: platform.registration_number,
          name: platform.name,
          type: platform.type,
          level: platform.level === 'national' ? '国家级' : '自治区级',
          host: platform.host,
          org: platform.org,
          org_name: platform.org_name,
          approved_on: platform.approved_on,
          construction_from: platform.construction_from,
          construction_to: platform.construction_to,
          latest: platform.latest_evaluation ? `${platform.latest_evaluation.date} ${evaluationResultLabels[platform.latest_evaluation.result]}` : '',
          synthetic: syntheticLabel(platform.synthetic),
        };
      }),
      notes: [filterNote([filter.q ? `名称含“${filter.q}”` : undefined, areaCondition(caller.tree, filter.org), filter.type ? `类型：${filter.type}` : undefined], caller.now)],
    },
  };
}
