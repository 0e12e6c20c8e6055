/** French renderings for the terminal: dates in Paris time, durations, plain tables (labels: domain/executions.ts). */

const DATE = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });

export const when = (iso: string | undefined): string => (iso ? DATE.format(new Date(iso)) : '—');

export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} j ${h % 24} h`;
}

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
