/**
 * A tiny RFC 4180 CSV writer shared by every report export.
 *
 * - Fields are separated by commas, records by CRLF.
 * - A field containing a comma, a double quote, CR or LF is quoted, and
 *   double quotes inside it are doubled.
 * - Formula-injection guard: a text cell starting with = + - @ TAB or CR is
 *   prefixed with a single quote so spreadsheet programs show it as text.
 *   Numbers are written as they are (a negative number is not a formula).
 * - null and undefined are empty cells; Date is written as an ISO instant;
 *   booleans as true/false; other objects as JSON.
 */

/**
 * Every CSV download starts with a UTF-8 byte order mark: Excel on Windows otherwise reads the file
 * in the system's code page and shows Chinese as mojibake. Parsers that follow RFC 4180 ignore it
 * (Kefu's own import strips it).
 */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') {
    text = Number.isFinite(value) ? String(value) : '';
    return text;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'string') text = value;
  else text = JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** One CSV record, terminated by CRLF. */
export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A whole CSV document: the header record followed by the rows. */
export function toCsv(header: string[], rows: unknown[][]): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}
