import { clip } from '../text.ts';

/**
 * Company size bands. The pôle segments companies in four bands (codes `0-9` … `250+`); files say
 * a company's size in INSEE's codes (SIRENE's `trancheEffectifs`: `NN`, `00` … `53`), in their
 * labels (« 10 à 19 salariés »), in common bands (`0`, `1-9`, `10-49`, `250+`), or as a headcount.
 * Each reading is mapped to the pôle band that contains it; one straddling two bands is refused.
 */
export const SIZE_BANDS = ['0-9', '10-49', '50-249', '250+'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** The bands' French labels, in numeric order. */
export const SIZE_BAND_LABELS: Record<SizeBand, string> = {
  '0-9': '0 à 9 salariés',
  '10-49': '10 à 49 salariés',
  '50-249': '50 à 249 salariés',
  '250+': '250 salariés ou plus',
};

/** The French label of a band code, or undefined. */
export const sizeBandLabel = (band: string): string | undefined => SIZE_BAND_LABELS[band as SizeBand];

const BAND_RANGES: [SizeBand, number, number][] = [
  ['0-9', 0, 9],
  ['10-49', 10, 49],
  ['50-249', 50, 249],
  ['250+', 250, Number.POSITIVE_INFINITY],
];

/** INSEE's size codes (tranches d'effectifs salariés), their labels and headcount ranges. */
export const INSEE_SIZE_CODES: Record<string, { label: string; min: number; max: number }> = {
  NN: { label: 'Unité non employeuse', min: 0, max: 0 },
  '00': { label: '0 salarié', min: 0, max: 0 },
  '01': { label: '1 ou 2 salariés', min: 1, max: 2 },
  '02': { label: '3 à 5 salariés', min: 3, max: 5 },
  '03': { label: '6 à 9 salariés', min: 6, max: 9 },
  '11': { label: '10 à 19 salariés', min: 10, max: 19 },
  '12': { label: '20 à 49 salariés', min: 20, max: 49 },
  '21': { label: '50 à 99 salariés', min: 50, max: 99 },
  '22': { label: '100 à 199 salariés', min: 100, max: 199 },
  '31': { label: '200 à 249 salariés', min: 200, max: 249 },
  '32': { label: '250 à 499 salariés', min: 250, max: 499 },
  '41': { label: '500 à 999 salariés', min: 500, max: 999 },
  '42': { label: '1 000 à 1 999 salariés', min: 1000, max: 1999 },
  '51': { label: '2 000 à 4 999 salariés', min: 2000, max: 4999 },
  '52': { label: '5 000 à 9 999 salariés', min: 5000, max: 9999 },
  '53': { label: '10 000 salariés et plus', min: 10_000, max: Number.POSITIVE_INFINITY },
};

/** The pôle band of a headcount (a fractional one, e.g. full-time equivalents, counts by its whole part). */
export const sizeBandOfHeadcount = (headcount: number): SizeBand =>
  BAND_RANGES.find(([, min, max]) => Math.floor(headcount) >= min && Math.floor(headcount) <= max)![0];

export type SizeBandReading = { band: SizeBand } | { problem: { rule: 'size_band' | 'size_band_span'; message: string } };

const EXPECTED =
  'Attendu : un code INSEE (NN, 00, 01 … 53), son libellé (« 10 à 19 salariés »), une tranche (0, 1-9, 10-49, 50-249, 250+) ou un effectif.';

/** Words around the figures that say nothing more (« de 10 à 19 salariés »). */
const NOISE = /\b(?:salaries?|sal|personnes?|employes?|emplois?|de|entre)\b/g;

/**
 * Reads a size as a file writes it. `as: 'band'` (a « tranche » column) reads a bare `0`–`3` as
 * the INSEE code whose leading zero a spreadsheet dropped; `as: 'headcount'` (an « effectif »
 * column) reads bare numbers as a number of employees, so `21` is 21 people, not INSEE's `21`.
 */
export function readSizeBand(raw: string, as: 'band' | 'headcount' = 'band'): SizeBandReading {
  const value = raw.trim();
  const insee =
    INSEE_SIZE_CODES[value.toUpperCase()] ?? (as === 'band' && /^[0-3]$/.test(value) ? INSEE_SIZE_CODES[`0${value}`] : undefined);
  if (insee && (as === 'band' || !/^\d+$/.test(value))) return bandOf(value, insee.min, insee.max);
  const text = normalize(value);
  const unknown = {
    problem: { rule: 'size_band' as const, message: `Tranche d’effectifs non reconnue : « ${clip(value)} ». ${EXPECTED}` },
  };
  if (/non employeu/.test(text)) return { band: '0-9' };
  const label = Object.values(INSEE_SIZE_CODES).find((c) => normalize(c.label) === text);
  if (label) return bandOf(value, label.min, label.max);
  if (/^\d+(?:[.,]\d+)?$/.test(text)) {
    const n = Number(text.replace(',', '.'));
    // A « tranche » column holding a bare number: only `0` is a band; others say nothing for sure.
    if (as === 'band' && n !== 0)
      return {
        problem: {
          rule: 'size_band',
          message: `« ${clip(value)} » n’est ni un code INSEE ni une tranche ; si c’est un nombre de salariés, intitulez la colonne « Effectif ».`,
        },
      };
    return { band: sizeBandOfHeadcount(n) };
  }
  let m = /^(\d+) ?(?:-|a|ou) ?(\d+)$/.exec(text);
  if (m) return bandOf(value, Number(m[1]), Number(m[2]));
  m = /^(\d+) ?(?:\+|et plus|ou plus|et \+)$/.exec(text) ?? /^(?:plus|au moins|>=?|≥) ?(\d+)$/.exec(text);
  if (m) return bandOf(value, Number(m[1]) + (/^(?:plus|>)(?!=)/.test(text) ? 1 : 0), Number.POSITIVE_INFINITY);
  m = /^(?:moins|<) ?(\d+)$/.exec(text);
  if (m) return bandOf(value, 0, Number(m[1]) - 1);
  if (/^(?:tpe|micro ?entreprise)$/.test(text)) return { band: '0-9' };
  if (/^(?:eti|ge|grande entreprise)$/.test(text)) return { band: '250+' };
  return unknown;
}

/** Lowercase, no accents, no thousands separators (« 1 000 », « 1.000 »), no filler words. */
const normalize = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[–—]/g, '-')
    .replace(/(\d)[\s.](?=\d{3}\b)/g, '$1')
    .replace(NOISE, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function bandOf(value: string, min: number, max: number): SizeBandReading {
  const band = BAND_RANGES.find(([, from, to]) => min >= from && max <= to);
  if (band && min <= max) return { band: band[0] };
  const spanned = BAND_RANGES.filter(([, from, to]) => min <= to && max >= from).map(([b]) => SIZE_BAND_LABELS[b].toLowerCase());
  return {
    problem: {
      rule: 'size_band_span',
      message:
        spanned.length > 1
          ? `La tranche « ${clip(value)} » chevauche plusieurs tranches du pôle (${spanned.join(', ')}) : indiquez une tranche comprise dans l’une d’elles.`
          : `Tranche d’effectifs incohérente : « ${clip(value)} ». ${EXPECTED}`,
    },
  };
}
