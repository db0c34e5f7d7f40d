import ExcelJS from 'exceljs';
import { valueFileColumnNames, valueFileColumns } from '../read-value-file.ts';

export interface IndicatorTemplateInput {
  indicators: { code: string; name: string; unit: string; period_type: string; derived: boolean }[];
  areas: { code: string; name: string }[];
}

/** The units the dropdown offers; the import converts within a family (万元 → 亿元), see unit-conversion.ts. */
const commonUnits = ['元', '万元', '亿元', '%', '家', '个', '件', '万人', '人'];

/** Rows that carry the dropdowns and text formats: far more than one import holds. */
const templateRows = 5000;

const periodTypes: Record<string, string> = { year: '年（如 2024）', quarter: '季（如 2024Q3）', month: '月（如 2024-07）' };

const sheets = { data: '数据', indicators: '指标说明', areas: '行政区划', lists: '下拉选项' } as const;

/**
 * The .xlsx template for indicator imports: the first sheet's header row is the Chinese one,
 * 指标,地区,期间,数值,单位,来源 (read as contracts §2's indicator,org,period,value,unit,source). The indicator, org and unit columns have dropdowns
 * whose lists are ranges of the other sheets — an inline list stops at 255 characters, which
 * twenty indicator codes already exceed — and org and period are text columns, so that Excel
 * neither drops an area code's digits nor turns 2024-07 into a date.
 */
export async function buildIndicatorImportTemplate(input: IndicatorTemplateInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '科创 Kechuang';
  const data = workbook.addWorksheet(sheets.data, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const indicatorSheet = workbook.addWorksheet(sheets.indicators);
  const areaSheet = workbook.addWorksheet(sheets.areas);
  const lists = workbook.addWorksheet(sheets.lists, { state: 'hidden' });

  const widths: Record<(typeof valueFileColumns)[number], number> = { indicator: 34, org: 12, period: 12, value: 14, unit: 10, source: 60 };
  data.columns = valueFileColumns.map((key) => ({ key, width: widths[key], style: key === 'org' || key === 'period' || key === 'indicator' || key === 'unit' ? { numFmt: '@' } : {} }));
  const notes: Record<(typeof valueFileColumns)[number], string> = {
    indicator: `指标代码，从下拉列表选择（见“${sheets.indicators}”表）`,
    org: `行政区划代码（6位），从下拉列表选择（见“${sheets.areas}”表）`,
    period: '年 2024；季 2024Q3；月 2024-07（按指标的周期填写）',
    value: '数值（不带单位和千分位）',
    unit: '计量单位；可不填（即指标的计量单位），万元等同类单位自动换算',
    source: '数据来源：文件名、发布机构或网址',
  };
  const header = data.getRow(1);
  valueFileColumns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = valueFileColumnNames[column]?.[0] ?? column;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.note = notes[column];
  });

  indicatorSheet.columns = [
    { header: 'code', key: 'code', width: 34 },
    { header: '名称', key: 'name', width: 36 },
    { header: '计量单位', key: 'unit', width: 10 },
    { header: '周期', key: 'period', width: 18 },
    { header: '是否派生', key: 'derived', width: 60 },
  ];
  for (const indicator of input.indicators) {
    indicatorSheet.addRow({
      code: indicator.code,
      name: indicator.name,
      unit: indicator.unit,
      period: periodTypes[indicator.period_type] ?? indicator.period_type,
      // A derived indicator is computed from its components, but a published ratio may be imported too: both are shown side by side.
      derived: indicator.derived ? '是（由分项指标计算；也可导入公布的比值）' : '否',
    });
  }

  areaSheet.columns = [
    { header: 'code', key: 'code', width: 12, style: { numFmt: '@' } },
    { header: '名称', key: 'name', width: 30 },
  ];
  for (const area of input.areas) areaSheet.addRow({ code: area.code, name: area.name });

  const units = [...new Set([...commonUnits, ...input.indicators.map((indicator) => indicator.unit)])];
  lists.getColumn(1).values = ['unit', ...units];

  for (const sheet of [indicatorSheet, areaSheet]) {
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1 }];
  }

  // ExcelJS keeps range validations in worksheet.dataValidations, which its typings leave out.
  const validations = (data as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  const rangeOf = (sheet: string, column: string, count: number) => `'${sheet}'!$${column}$2:$${column}$${Math.max(count, 1) + 1}`;
  const dropdown = (column: string, list: string, error: string, strict: boolean) =>
    validations.add(`${column}2:${column}${templateRows + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [list],
      showErrorMessage: true,
      errorStyle: strict ? 'stop' : 'warning',
      errorTitle: '不在列表中',
      error,
    });
  dropdown('A', rangeOf(sheets.indicators, 'A', input.indicators.length), `请从下拉列表选择指标代码（见“${sheets.indicators}”表）。`, true);
  dropdown('B', rangeOf(sheets.areas, 'A', input.areas.length), `请从下拉列表选择行政区划代码（见“${sheets.areas}”表）。`, true);
  // A warning only: the import converts other units of the same family (千元, 百万元 …) too.
  dropdown('E', rangeOf(sheets.lists, 'A', units.length), '该单位不在常用列表中；导入时只接受可换算为指标计量单位的单位。', false);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
