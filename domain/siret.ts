/**
 * SIRET / SIREN rules (docs/rules.md#siret): 14 digits, Luhn-valid; SIREN is the first 9 digits.
 * La Poste (SIREN 356000000) registers thousands of establishments whose SIRET fail Luhn;
 * INSEE's rule for them is that the digit sum of the SIRET is a multiple of 5.
 */
import * as z from 'zod';
import { SIRET_PATTERN } from './ids.ts';

export const LA_POSTE_SIREN = '356000000';

/** Luhn check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type SiretProblem = 'format' | 'checksum';

/** Returns why a SIRET is invalid, or null when it is valid. */
export function siretProblem(siret: string): SiretProblem | null {
  if (!SIRET_PATTERN.test(siret)) return 'format';
  if (siret.startsWith(LA_POSTE_SIREN)) {
    const digitSum = [...siret].reduce((s, c) => s + Number(c), 0);
    return digitSum % 5 === 0 ? null : 'checksum';
  }
  return luhnValid(siret) ? null : 'checksum';
}

/** A SIRET: 14 digits and a valid check digit (rules `siret_format`, `siret_checksum`). */
export const siretSchema = z.string().superRefine((value, ctx) => {
  const problem = siretProblem(value);
  if (problem === 'format') {
    ctx.addIssue({ code: 'custom', params: { rule: 'siret_format' }, message: 'Le SIRET doit comporter exactement 14 chiffres.' });
  } else if (problem === 'checksum') {
    ctx.addIssue({ code: 'custom', params: { rule: 'siret_checksum' }, message: "Ce SIRET n'existe pas : sa clé de contrôle est fausse." });
  }
});

export const isValidSiret = (siret: string): boolean => siretProblem(siret) === null;

export const sirenOf = (siret: string): string => siret.slice(0, 9);

/** Completes 13 digits with the Luhn check digit (used to generate demo data). */
export function withLuhnDigit(first13: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${first13}${d}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error('unreachable: one check digit always satisfies Luhn');
}
