/**
 * SIRET / SIREN rules (docs/rules.md#siret): 14 digits, Luhn-valid; SIREN is the first 9 digits.
 * La Poste (SIREN 356000000) registers thousands of establishments whose SIRET fail Luhn;
 * INSEE's rule for them is that the digit sum of the SIRET is a multiple of 5. Its head office
 * (35600000000048) is the exception: its SIRET follows Luhn, and its digit sum (26) does not.
 */
import * as z from 'zod';
import { SIRET_PATTERN } from './ids.ts';

export const LA_POSTE_SIREN = '356000000';
export const LA_POSTE_HEAD_OFFICE_SIRET = '35600000000048';

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
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE_SIRET) {
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

export type SiretReading = { siret: string } | { problem: { rule: string; message: string } };

/**
 * Reads a SIRET as spreadsheets write it: spaces between digit groups are dropped; a number in
 * scientific notation (`7,33E+13`, digits lost) or with 13 digits (leading zero dropped by a
 * spreadsheet that took it for a number) is refused with how to fix the file.
 */
export function readSiret(raw: string): SiretReading {
  const text = raw.replace(/\s+/g, '');
  if (/^\d+(?:[.,]\d+)?E\+?\d+$/i.test(text))
    return {
      problem: {
        rule: 'siret_scientific',
        message: `« ${raw.trim()} » : le tableur a écrit ce SIRET en notation scientifique et en a perdu les derniers chiffres. Mettez la colonne au format Texte, saisissez les 14 chiffres et exportez à nouveau.`,
      },
    };
  if (/^\d{13}$/.test(text))
    return {
      problem: {
        rule: 'siret_leading_zero',
        message: `« ${text} » n’a que 13 chiffres : le tableur a sans doute supprimé le zéro initial${isValidSiret(`0${text}`) ? ` (0${text} serait valide)` : ''}. Mettez la colonne au format Texte et saisissez les 14 chiffres.`,
      },
    };
  const problem = siretProblem(text);
  if (problem === 'format')
    return {
      problem: { rule: 'siret_format', message: `Le SIRET doit compter 14 chiffres (valeur lue : « ${raw.trim().slice(0, 40)} »).` },
    };
  if (problem === 'checksum')
    return { problem: { rule: 'siret_checksum', message: `SIRET invalide (clé de contrôle) : ${text}. Vérifiez les chiffres.` } };
  return { siret: text };
}

export const sirenOf = (siret: string): string => siret.slice(0, 9);

/** Completes 13 digits with the Luhn check digit (used to generate demo data). */
export function withLuhnDigit(first13: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${first13}${d}`;
    if (luhnValid(candidate)) return candidate;
  }
  throw new Error('unreachable: one check digit always satisfies Luhn');
}
