/**
 * How the back-office writes numbers, amounts and dates, in French. Instants, durations and euros
 * come from domain/ (the command line and the statements write them the same way).
 */
export { duration, when } from '../../domain/format.ts';
export { euros } from '../../domain/money.ts';

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const PERCENT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A quantity with up to two decimals, French style (« 33,3 », « 1 250 »). */
export const quantity = (value: number): string => NUMBER.format(value);

/** « 120 m² ». */
export const squareMetres = (value: number): string => `${quantity(value)} m²`;

/** « 3,5 ETP ». */
export const fte = (value: number): string => `${quantity(value)} ETP`;

/** A rate already in percent (« 42,5 % »). */
export const percent = (value: number): string => `${PERCENT.format(value)} %`;

/** A calendar date (YYYY-MM-DD) written out: « 4 janvier 2027 ». */
export const longDate = (date: string | undefined): string => (date ? LONG_DATE.format(new Date(`${date.slice(0, 10)}T00:00:00Z`)) : '—');

/** `2026-Q3` → « 3e trimestre 2026 ». */
export function quarterName(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  return `${m[2] === '1' ? '1er' : `${m[2]}e`} trimestre ${m[1]}`;
}

/** « 1 entreprise », « 3 entreprises »: a count with its noun, plural from 2 as in French. */
export const count = (n: number, singular: string, plural = `${singular}s`): string => `${NUMBER.format(n)} ${n >= 2 ? plural : singular}`;
