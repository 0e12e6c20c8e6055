import * as z from 'zod';

/**
 * Quantities people type — m², FTE, usage units, committee weights — take up to two decimals
 * (33,3 m², 0,75 ETP). They are computed as hundredths (scaled integers), never as floats, so
 * 0,75 / 0,25 ETP sharing 100 cents gives exactly 75 / 25. See docs/rules.md#quantities.
 */
export const QUANTITY_DECIMALS = 2;

/**
 * A number's value in hundredths, read from its shortest decimal writing (how JSON and people
 * wrote it), so 33.3 gives 3330 and not 3329.9999…; null with more than two decimals.
 */
export function toHundredths(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(value));
  if (!m || (m[3] ?? '').length > QUANTITY_DECIMALS) return null;
  const hundredths = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(hundredths)) return null;
  return m[1] ? -hundredths : hundredths;
}

const DECIMALS_MESSAGE = 'Deux décimales au plus (par ex. 33,3 ou 0,75).';

/** A quantity in JSON: a number between `min` and `max` with at most two decimals (rule `max_decimals`). */
export const quantitySchema = (min: number, max: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((n) => toHundredths(n) !== null, { params: { rule: 'max_decimals' }, message: DECIMALS_MESSAGE });

/** A quantity as a spreadsheet writes it: `33,3`, `0.75`, `1 234,5` (spaces group thousands). */
export function parseQuantity(text: string): { value: number } | { problem: 'format' | 'max_decimals' } {
  const m = /^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](\d+))?$/.exec(text.trim());
  if (!m) return { problem: 'format' };
  if ((m[2] ?? '').length > QUANTITY_DECIMALS) return { problem: 'max_decimals' };
  return { value: Number(`${m[1]!.replace(/[ \u00a0\u202f]/g, '')}.${m[2] ?? '0'}`) };
}

/** The French message for a quantity cell that `parseQuantity` refused. */
export const quantityProblemMessage = (problem: 'format' | 'max_decimals', text: string): string =>
  problem === 'max_decimals' ? `« ${text} » : ${DECIMALS_MESSAGE}` : `Nombre illisible : « ${text} » (attendu par ex. 7,5).`;

/** 33.3 → "33,3" (French decimal comma). */
export const formatQuantity = (value: number): string => String(value).replace('.', ',');
