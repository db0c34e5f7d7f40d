import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.ts';
import { readValueFile } from './read-value-file.ts';

async function valueWorkbook(indicator: ExcelJS.CellValue): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('指标');
  sheet.addRow(['indicator', 'org', 'period', 'value', 'unit', 'source']);
  sheet.addRow([indicator, '640000', '2024', 12.5, '亿元', '统计公报']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('readValueFile', () => {
  it('refuses an indicator given by a formula without a saved result, instead of reading "[object Object]"', async () => {
    const error = await readValueFile('values.xlsx', await valueWorkbook({ formula: 'CONCAT("R&D","经费")', date1904: false })).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('values.xlsx：第 2 行 A 列（indicator） 是公式，请粘贴为数值');
  });

  it('reads a formula with a saved result as that result', async () => {
    const rows = await readValueFile('values.xlsx', await valueWorkbook({ formula: 'CONCAT("R&D","经费")', result: 'R&D经费', date1904: false }));
    expect(rows).toEqual([{ line: 2, indicator: 'R&D经费', org: '640000', period: '2024', value: '12.5', unit: '亿元', source: '统计公报', qualifier: '' }]);
  });
});
