import { SIZE_BANDS } from './companies.ts';
import { CONTRACT_TYPES, HORIZONS } from './questionnaire.ts';

/**
 * French labels of the codes GTEC pages and exports show: one function per vocabulary, so the
 * source of a vocabulary can change (e.g. the official NAF and commune nomenclatures) in one place.
 */

// NAF rév. 2 section titles (INSEE), shortened where the official title runs on.
const NAF_SECTIONS: Record<string, string> = {
  A: 'Agriculture, sylviculture et pêche',
  B: 'Industries extractives',
  C: 'Industrie manufacturière',
  D: 'Production et distribution d’électricité, de gaz, de vapeur et d’air conditionné',
  E: 'Production et distribution d’eau ; assainissement, gestion des déchets et dépollution',
  F: 'Construction',
  G: 'Commerce ; réparation d’automobiles et de motocycles',
  H: 'Transports et entreposage',
  I: 'Hébergement et restauration',
  J: 'Information et communication',
  K: 'Activités financières et d’assurance',
  L: 'Activités immobilières',
  M: 'Activités spécialisées, scientifiques et techniques',
  N: 'Activités de services administratifs et de soutien',
  O: 'Administration publique',
  P: 'Enseignement',
  Q: 'Santé humaine et action sociale',
  R: 'Arts, spectacles et activités récréatives',
  S: 'Autres activités de services',
  T: 'Activités des ménages en tant qu’employeurs',
  U: 'Activités extra-territoriales',
};

/** « F — Construction » for a NAF section letter. */
const nafSectionLabel = (section: string): string => (NAF_SECTIONS[section] ? `${section} — ${NAF_SECTIONS[section]}` : section);

const SIZE_BAND_LABELS: Record<(typeof SIZE_BANDS)[number], string> = {
  '0-9': '0 à 9 salariés',
  '10-49': '10 à 49 salariés',
  '50-249': '50 à 249 salariés',
  '250+': '250 salariés ou plus',
};

const sizeBandLabel = (band: string): string => SIZE_BAND_LABELS[band as (typeof SIZE_BANDS)[number]] ?? band;

/** The segments results are cut by. */
export type Segment = 'nafSection' | 'sizeBand' | 'commune';

/**
 * The French label of a segment's code (`F` → « F — Construction », `10-49` → « 10 à 49 salariés »);
 * the code itself when unknown. Companies hold their commune as imported (its name) for now, so a
 * commune is its own label.
 */
export function segmentLabel(segment: Segment, code: string): string {
  return segment === 'nafSection' ? nafSectionLabel(code) : segment === 'sizeBand' ? sizeBandLabel(code) : code;
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
