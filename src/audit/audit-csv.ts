/**
 * CSV as RFC 4180 writes it (no CSV writer is among the dependencies; csv-parse reads it back in
 * the tests): fields quoted when they hold a comma, a quote or a line break, quotes doubled,
 * records ended by CRLF.
 */
export function writeCsv(records: readonly (readonly (string | number | null)[])[]): string {
  return records.map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}

/**
 * A spreadsheet runs a cell that begins with = + - @ (or a tab or carriage return before one) as a
 * formula, and a username or entity id is typed by whoever is being audited; such a cell gets a
 * leading apostrophe (OWASP "CSV injection"). The log itself and the JSON API keep the text as is.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Excel reads a CSV file as the local code page (GBK in China) unless it starts with a UTF-8 BOM. */
export const utf8Bom = '\uFEFF';
