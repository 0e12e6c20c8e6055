/** French renderings for the terminal: dates in Paris time, durations (domain/format.ts, as the back-office), plain tables. */

export { duration, when } from '../domain/format.ts';

/** Left-aligned columns, two spaces apart. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** An amount in cents, as French staff read it: `1 234,56 €`. */
export const euros = (cents: number | undefined): string => (cents === undefined ? '—' : EUROS.format(cents / 100));

const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A percentage with one decimal at most: `33,3 %`. */
export const percent = (value: number): string => `${DECIMAL.format(value)} %`;

/** The fields or rows an API refused: a table (line, column, rule, message) for a file's rows, a list otherwise. */
export function issuesReport(issues: readonly { field: string; column?: string; rule?: string; message: string; line?: number }[]): string {
  if (issues.length === 0) return '';
  if (issues.some((i) => i.line !== undefined)) {
    return table(
      ['Ligne', 'Colonne', 'Règle', 'Message'],
      // The column as the file heads it when the API knows it (spreadsheet imports), else the field.
      issues.map((i) => [i.line === undefined ? '' : String(i.line), i.column ?? i.field, i.rule ?? '', i.message]),
    );
  }
  return issues.map((i) => `  - ${i.field} : ${i.message}`).join('\n');
}
