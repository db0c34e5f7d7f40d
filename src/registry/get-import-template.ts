import { registryColumnNames, registryColumns } from './registry-kinds.ts';
import type { RegistryExport } from './registry-exports.ts';
import type { RegistryKind } from './registry-vocabulary.ts';

/**
 * The import template of a registry: its columns under their Chinese headers (the import reads
 * them, or the English column names), every one formatted as text so that Excel keeps codes as
 * written. The guidance is in comments on the header cells: a note row below the header was read
 * as a data row of the filled-in template.
 */
export function getImportTemplate(kind: RegistryKind): RegistryExport {
  const spec = registryColumns[kind];
  const header = (column: string) => registryColumnNames[kind][column]?.[0] ?? column;
  return {
    fileName: `${kind}-template.xlsx`,
    sheet: {
      name: kind,
      columns: spec.columns.map((column, index) => ({
        header: header(column),
        key: column,
        width: 18,
        format: 'text' as const,
        note: [
          spec.required.includes(column) ? '必填' : '选填',
          `英文列名 ${column}（表头可全用中文或全用英文，不可混用）`,
          ...(index === 0 ? ['本表各列已设为文本格式，统一社会信用代码等编号请勿改为数字；金额以元为单位，最多两位小数'] : []),
        ].join('；'),
      })),
      rows: [],
    },
  };
}
