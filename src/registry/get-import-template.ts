import { registryColumnNames, registryColumns } from './registry-kinds.ts';
import type { RegistryExport } from './registry-exports.ts';
import type { RegistryKind } from './registry-vocabulary.ts';

/**
 * The import template of a registry: its columns under their Chinese headers (the import reads
 * them, or the English column names), every one formatted as text so that Excel keeps codes as
 * written.
 */
export function getImportTemplate(kind: RegistryKind): RegistryExport {
  const spec = registryColumns[kind];
  const header = (column: string) => registryColumnNames[kind][column]?.[0] ?? column;
  return {
    fileName: `${kind}-template.xlsx`,
    sheet: {
      name: kind,
      columns: spec.columns.map((column) => ({ header: header(column), key: column, width: 18, format: 'text' as const })),
      rows: [],
      notes: [`必填列：${spec.required.map(header).join('、')}；统一社会信用代码等编号列已设为文本格式，请勿改为数字。金额以元为单位，最多两位小数。表头可用中文或英文列名（${spec.columns.join(',')}），但不可混用。`],
    },
  };
}
