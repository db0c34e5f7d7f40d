import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readValueFile } from '../read-value-file.ts';
import { buildIndicatorImportTemplate, type IndicatorTemplateInput } from './indicator-template.ts';

const input: IndicatorTemplateInput = {
  indicators: [
    { code: 'national_hte', name: '国家高新技术企业', unit: '家', period_type: 'year', derived: false },
    { code: 'rd_intensity', name: 'R&D经费投入强度', unit: '%', period_type: 'year', derived: true },
    { code: 'hv_patents_per_10k', name: '每万人口高价值发明专利拥有量', unit: '件/万人', period_type: 'year', derived: true },
  ],
  areas: [
    { code: '640000', name: '宁夏回族自治区' },
    { code: '640100', name: '银川市' },
  ],
};

/** The validation of a cell, as ExcelJS reads it (its typings leave worksheet.dataValidations out). */
function validationOf(sheet: ExcelJS.Worksheet | undefined, address: string): ExcelJS.DataValidation | undefined {
  return (sheet as unknown as { dataValidations: { find(address: string): ExcelJS.DataValidation | undefined } } | undefined)?.dataValidations.find(address);
}

async function load(): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buildIndicatorImportTemplate(input)) as unknown as ArrayBuffer);
  return workbook;
}

describe('buildIndicatorImportTemplate', () => {
  it('has the import header row in Chinese, exactly, on the first sheet', async () => {
    const [data] = (await load()).worksheets;
    expect(data?.name).toBe('数据');
    expect(data?.getRow(1).values).toEqual([undefined, '指标', '地区', '期间', '数值', '单位', '来源']);
  });

  it('drops down the indicator codes and the area codes from ranges of the other sheets', async () => {
    const data = (await load()).getWorksheet('数据');
    expect(validationOf(data, 'A2')).toMatchObject({ type: 'list', formulae: ["'指标说明'!$A$2:$A$4"], errorStyle: 'stop' });
    expect(validationOf(data, 'A5001')).toMatchObject({ type: 'list' });
    expect(validationOf(data, 'B2')).toMatchObject({ type: 'list', formulae: ["'行政区划'!$A$2:$A$3"], errorStyle: 'stop' });
  });

  it('drops down the common units and every indicator unit, warning only', async () => {
    const workbook = await load();
    expect(validationOf(workbook.getWorksheet('数据'), 'E2')).toMatchObject({ type: 'list', formulae: ["'下拉选项'!$A$2:$A$11"], errorStyle: 'warning' });
    const lists = workbook.getWorksheet('下拉选项');
    expect(lists?.state).toBe('hidden');
    expect(lists?.getColumn(1).values.slice(2)).toEqual(['元', '万元', '亿元', '%', '家', '个', '件', '万人', '人', '件/万人']);
  });

  it('formats the org and period columns as text', async () => {
    const data = (await load()).getWorksheet('数据');
    expect(data?.getColumn(2).numFmt).toBe('@');
    expect(data?.getColumn(3).numFmt).toBe('@');
  });

  it('describes the indicators, saying which are derived', async () => {
    const sheet = (await load()).getWorksheet('指标说明');
    expect(sheet?.getRow(1).values).toEqual([undefined, 'code', '名称', '计量单位', '周期', '是否派生']);
    expect(sheet?.getRow(2).values).toEqual([undefined, 'national_hte', '国家高新技术企业', '家', '年（如 2024）', '否']);
    expect(String(sheet?.getCell('E3').value)).toContain('也可导入公布的比值');
  });

  it('lists the areas by code and name', async () => {
    const sheet = (await load()).getWorksheet('行政区划');
    expect(sheet?.getRow(3).values).toEqual([undefined, '640100', '银川市']);
  });

  it('is read by the import as a file with no rows yet', async () => {
    expect(await readValueFile('template.xlsx', await buildIndicatorImportTemplate(input))).toEqual([]);
  });
});
