/**
 * CSV as the Pôle's exports write it for a French spreadsheet (`;`, CRLF, UTF-8 with BOM), every
 * cell safe to open: a value a spreadsheet would read as a formula is neutralised as OWASP
 * recommends (CSV injection), whoever typed it (a structure name from the public form, a category, a commune).
 */

/** What a spreadsheet may take for the start of a formula or a DDE call: `= + - @`, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number as our exports write it (`-1 234,56`, `12,5`): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^[+-]?\d[\d \u00a0\u202f]*(,\d+)?$/;

/**
 * One cell: a value that could start a formula gets a leading `'` and is quoted (so the spreadsheet
 * shows it as text); a value holding `;`, `"` or a line break is quoted, quotes doubled.
 */
export function csvCell(value: string): string {
  const neutral = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return neutral !== value || /[;"\r\n]/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

/** A whole CSV document: BOM, `;` between cells, CRLF after every line, each cell through {@link csvCell}. */
export const csvDocument = (rows: readonly (readonly string[])[]): string =>
  `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
