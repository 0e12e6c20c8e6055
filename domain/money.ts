/**
 * Amounts as accounting offices write them ("1 234,56", "-12,5", "1234"), to integer cents.
 * Spaces (also no-break and narrow no-break) group thousands; the decimal mark is a comma, or a
 * dot followed by one or two digits. Anything else is refused rather than guessed.
 */
const AMOUNT = /^(-)?(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[,.](\d{1,2}))?$/;

export type AmountProblem = 'format' | 'too_large';

export function parseEuros(text: string): { cents: number } | { problem: AmountProblem } {
  const trimmed = text.trim().replace(/\s*€$/, '');
  const m = AMOUNT.exec(trimmed);
  if (!m) return { problem: 'format' };
  const units = Number(m[2]!.replace(/[ \u00a0\u202f]/g, ''));
  const cents = units * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > 100_000_000_000) return { problem: 'too_large' };
  return { cents: m[1] ? -cents : cents };
}

/** 1234567 → "12 345,67 €" (French format, narrow no-break spaces as Intl writes them). */
export const euros = (cents: number): string => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/** 123456 → "1234,56": the accounting export's form (no grouping, comma decimal). */
export function formatEurosPlain(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
