import { readFileSync } from 'node:fs';
import { AppError } from '../shared/index.ts';
import type { IndexSpec, IndexTable, IndexUnit } from './index-model.ts';

/** Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF or LF), each with its 1-based line. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (; position < text.length; position += 1) {
    const char = text[position];
    if (quoted) {
      if (char === '"') {
        if (text[position + 1] === '"') {
          field += '"';
          position += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[position + 1] === '\n') position += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else field += char;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

const numberPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a units × indicators CSV (one row per unit-year) for `spec`: the columns `spec.csv` names
 * (unit, name, year, group) and one column per indicator and denominator; other columns are
 * ignored; an empty cell is a missing value. Every problem (a missing column, a cell that is not a
 * number, a unit-year twice) is reported as `file:line: column "x": …` in one AppError.
 */
export function readIndexCsv(file: string, spec: IndexSpec): IndexTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new AppError('bad_request', `无法读取 CSV 文件 ${file}`, `the CSV file ${file} cannot be read`, [`${file}:0: missing file`]);
  }
  return parseIndexCsv(file, text, spec);
}

/** `readIndexCsv` on text already read. */
export function parseIndexCsv(file: string, text: string, spec: IndexSpec): IndexTable {
  const csv = spec.csv ?? { unit: 'unit', name: 'name', year: 'year', group: null };
  const problems: string[] = [];
  const records = parseCsvRecords(text);
  const header = records[0];
  if (!header) throw new AppError('bad_request', `CSV 文件 ${file} 为空`, `the CSV file ${file} is empty`, [`${file}:1: empty file (a header row is required)`]);
  const names = header.fields.map((name) => name.trim());
  const columnOf = (name: string) => names.indexOf(name);
  const required = [csv.unit, csv.name, csv.year, ...(csv.group ? [csv.group] : [])];
  const columns: string[] = [];
  for (const indicator of spec.indicators) {
    if (!columns.includes(indicator.code)) columns.push(indicator.code);
    if (spec.steps.denominate && indicator.denominator && !columns.includes(indicator.denominator.code)) columns.push(indicator.denominator.code);
  }
  for (const name of [...required, ...columns]) {
    if (columnOf(name) < 0) problems.push(`${file}:${header.line}: column "${name}": missing (the spec ${spec.id} needs it)`);
  }
  if (problems.length > 0) fail(file, problems);
  const unitColumn = columnOf(csv.unit);
  const nameColumn = columnOf(csv.name);
  const yearColumn = columnOf(csv.year);
  const groupColumn = csv.group ? columnOf(csv.group) : -1;
  const valueColumns = columns.map(columnOf);

  const units: IndexUnit[] = [];
  const unitIndex = new Map<string, number>();
  const yearSet = new Set<number>();
  const rows: { unit: number; year: number; line: number; values: number[] }[] = [];
  const seen = new Map<string, number>();
  for (const record of records.slice(1)) {
    const cell = (column: number) => (record.fields[column] ?? '').trim();
    const code = cell(unitColumn);
    if (!code) {
      problems.push(`${file}:${record.line}: column "${csv.unit}": empty unit code`);
      continue;
    }
    const yearText = cell(yearColumn);
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText)) {
      problems.push(`${file}:${record.line}: column "${csv.year}": "${yearText}" is not a year such as 2024`);
      continue;
    }
    const key = `${code}\u0000${year}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`${file}:${record.line}: column "${csv.unit}": ${code} ${year} is already on line ${earlier}`);
      continue;
    }
    seen.set(key, record.line);
    let index = unitIndex.get(code);
    if (index === undefined) {
      index = units.length;
      unitIndex.set(code, index);
      const name = cell(nameColumn) || code;
      const group = groupColumn >= 0 ? cell(groupColumn) || null : null;
      units.push({ code, name: { zh: name, en: name }, group });
    }
    yearSet.add(year);
    const values = valueColumns.map((column, position) => {
      const raw = cell(column);
      if (raw === '') return Number.NaN;
      if (!numberPattern.test(raw)) {
        problems.push(`${file}:${record.line}: column "${columns[position]}": "${raw}" is not a number`);
        return Number.NaN;
      }
      return Number(raw);
    });
    rows.push({ unit: index, year, line: record.line, values });
  }
  if (problems.length > 0) fail(file, problems);

  const years = [...yearSet].sort((a, b) => a - b);
  const yearIndex = new Map(years.map((year, index) => [year, index]));
  const width = columns.length;
  const values = new Float64Array(units.length * years.length * width).fill(Number.NaN);
  const sources = new Map<number, string>();
  for (const row of rows) {
    const rowIndex = row.unit * years.length + (yearIndex.get(row.year) ?? 0);
    row.values.forEach((value, column) => {
      const cellIndex = rowIndex * width + column;
      values[cellIndex] = value;
      if (!Number.isNaN(value)) sources.set(cellIndex, `${file}:${row.line}`);
    });
  }
  return { units, years, columns, values, sources };
}

function fail(file: string, problems: string[]): never {
  const shown = problems.slice(0, 1000);
  throw new AppError(
    'bad_request',
    `CSV 文件 ${file} 有 ${problems.length} 处错误：${shown.slice(0, 5).join('；')}`,
    `the CSV file ${file} has ${problems.length} problem(s): ${shown.slice(0, 5).join('; ')}`,
    shown,
  );
}
