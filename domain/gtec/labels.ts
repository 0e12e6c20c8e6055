import { communeName } from '../nomenclatures/communes.ts';
import { NAF_SECTION_LABELS, type NafSection } from '../nomenclatures/naf.ts';
import { SIZE_BAND_LABELS, type SizeBand } from '../nomenclatures/size-bands.ts';
import { SIZE_BANDS } from './companies.ts';
import { CONTRACT_TYPES, HORIZONS } from './questionnaire.ts';

/**
 * French labels of the codes GTEC pages and exports show: one function per vocabulary, so the
 * source of a vocabulary can change (e.g. the official NAF and commune nomenclatures) in one place.
 */

/** « F — Construction » for a NAF section letter (the official title, cut where it runs on). */
const nafSectionLabel = (section: string): string => {
  const title = NAF_SECTION_LABELS[section as NafSection]?.split(' ; activités indifférenciées')[0];
  return title ? `${section} — ${title}` : section;
};

const sizeBandLabel = (band: string): string => SIZE_BAND_LABELS[band as SizeBand] ?? band;

/** The segments results are cut by. */
export type Segment = 'nafSection' | 'sizeBand' | 'commune';

/**
 * The French label of a segment's code (`F` → « F — Construction », `10-49` → « 10 à 49 salariés »,
 * `40312` → « Tarnos »: companies hold their commune's INSEE code); the code itself when unknown.
 */
export function segmentLabel(segment: Segment, code: string): string {
  return segment === 'nafSection' ? nafSectionLabel(code) : segment === 'sizeBand' ? sizeBandLabel(code) : (communeName(code) ?? code);
}

/** Size bands in numeric order (not alphabetical, where « 250+ » would come before « 50-249 »). */
export const sizeBandRank = (band: string): number => {
  const i = (SIZE_BANDS as readonly string[]).indexOf(band);
  return i < 0 ? SIZE_BANDS.length : i;
};

export const CONTRACT_TYPE_LABELS: Record<(typeof CONTRACT_TYPES)[number], string> = {
  CDI: 'CDI',
  CDD: 'CDD',
  ALTERNANCE: 'Alternance (apprentissage, professionnalisation)',
  INTERIM: 'Intérim',
  SAISONNIER: 'Saisonnier',
};

export const HORIZON_LABELS: Record<(typeof HORIZONS)[number], string> = {
  '0-3M': 'Dans les 3 mois',
  '3-6M': 'Dans 3 à 6 mois',
  '6-12M': 'Dans 6 à 12 mois',
};

/** The choices of a hiring line other than the job family, as value/label lists for a form. */
export const hiringChoices = () => ({
  contractTypes: CONTRACT_TYPES.map((value) => ({ value, label: CONTRACT_TYPE_LABELS[value] })),
  horizons: HORIZONS.map((value) => ({ value, label: HORIZON_LABELS[value] })),
});
