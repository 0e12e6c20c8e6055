/**
 * How the back-office writes numbers, amounts and dates, in French. Instants, durations, quantities,
 * calendar dates and euros come from domain/ (the command line and the tasks write them the same way).
 */
import { quantity } from '../../domain/format.ts';

export { duration, longDate, quantity, squareMetres, when } from '../../domain/format.ts';
export { euros } from '../../domain/money.ts';

const PERCENT = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** « 3,5 ETP ». */
export const fte = (value: number): string => `${quantity(value)} ETP`;

/** A rate already in percent (« 42,5 % »). */
export const percent = (value: number): string => `${PERCENT.format(value)} %`;

/** `2026-Q3` → « 3e trimestre 2026 ». */
export function quarterName(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) return quarter;
  return `${m[2] === '1' ? '1er' : `${m[2]}e`} trimestre ${m[1]}`;
}

/** « 1 entreprise », « 3 entreprises »: a count with its noun, plural from 2 as in French. */
export const count = (n: number, singular: string, plural = `${singular}s`): string => `${quantity(n)} ${n >= 2 ? plural : singular}`;
