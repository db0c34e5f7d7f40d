import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildXlsxTable, type XlsxSheet } from './xlsx-table.ts';

const sheet: XlsxSheet = {
  name: '企业名录',
  title: '国家高新技术企业（2024年）',
  columns: [
    { header: '统一社会信用代码', key: 'credit_code' },
    { header: '企业名称', key: 'name', format: 'text' },
    { header: '研发投入（万元）', key: 'rd', format: 'number' },
    { header: '研发人员', key: 'staff', format: 'integer' },
    { header: '研发投入占比', key: 'share', format: 'percent', width: 12 },
  ],
  rows: [
    { credit_code: '91640100710651289X', name: '宁夏甲科技有限公司', rd: 1234.5, staff: 56, share: 0.052 },
    { credit_code: '916401000000000012', name: '宁夏乙新材料股份有限公司', rd: null, staff: 7, share: null },
  ],
  notes: ['来源：宁夏回族自治区科学技术厅认定公告', '统计截至2024年12月31日'],
};

async function read(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const worksheet = workbook.worksheets[0];
  if (!worksheet) throw new Error('no worksheet');
  return worksheet;
}

describe('buildXlsxTable', () => {
  it('puts the title above a bold, shaded header row', async () => {
    const worksheet = await read(await buildXlsxTable(sheet));
    expect(worksheet.name).toBe('企业名录');
    expect(worksheet.getCell('A1').value).toBe('国家高新技术企业（2024年）');
    expect(worksheet.getRow(2).values).toEqual([undefined, '统一社会信用代码', '企业名称', '研发投入（万元）', '研发人员', '研发投入占比']);
    expect(worksheet.getCell('A2').font?.bold).toBe(true);
    expect(worksheet.getCell('A2').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
  });

  it('freezes and filters the header row', async () => {
    const worksheet = await read(await buildXlsxTable(sheet));
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(worksheet.autoFilter).toBe('A2:E4');
  });

  it('keeps codes in a text column as text, leading zeros and every digit included', async () => {
    const rows = [{ credit_code: '012345678901234567', name: 'x' }, { credit_code: 640100, name: 'y' }];
    const worksheet = await read(await buildXlsxTable({ ...sheet, rows }));
    expect(worksheet.getCell('A3')).toMatchObject({ value: '012345678901234567', numFmt: '@' });
    expect(worksheet.getCell('A4')).toMatchObject({ value: '640100', numFmt: '@' });
    expect(worksheet.getColumn(1).numFmt).toBe('@');
  });

  it('writes the values with their column formats, and nulls as empty cells', async () => {
    const worksheet = await read(await buildXlsxTable(sheet));
    expect(worksheet.getCell('A3').value).toBe('91640100710651289X');
    expect(worksheet.getCell('C3')).toMatchObject({ value: 1234.5, numFmt: '#,##0.00' });
    expect(worksheet.getCell('D3')).toMatchObject({ value: 56, numFmt: '#,##0' });
    expect(worksheet.getCell('E3')).toMatchObject({ value: 0.052, numFmt: '0.0%' });
    expect(worksheet.getCell('C4').value).toBeNull();
    expect(worksheet.getColumn(5).width).toBe(12);
  });

  it('writes the notes below the table, after an empty row', async () => {
    const worksheet = await read(await buildXlsxTable(sheet));
    expect(worksheet.getCell('A5').value).toBeNull();
    expect(worksheet.getCell('A6').value).toBe('来源：宁夏回族自治区科学技术厅认定公告');
    expect(worksheet.getCell('A7').value).toBe('统计截至2024年12月31日');
  });

  it('starts with the header when there is no title, and makes a valid sheet name', async () => {
    const worksheet = await read(await buildXlsxTable({ name: '目标/评估:2025', columns: [{ header: '指标', key: 'name' }], rows: [{ name: '国家高新技术企业' }] }));
    expect(worksheet.name).toBe('目标_评估_2025');
    expect(worksheet.getCell('A1').value).toBe('指标');
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});
