import { clip } from '../text.ts';
import { NAF_SUBCLASSES } from './naf-data.ts';

/**
 * NAF rév. 2, France's activity nomenclature (INSEE): 21 sections (A–U) over 88 divisions (the
 * code's first two digits) down to 732 sub-classes (`43.21A`). A company keeps its sub-class and
 * its section; campaign filters and results use the section letter, pages show its French label.
 */
export const NAF_SECTIONS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
] as const;
export type NafSection = (typeof NAF_SECTIONS)[number];

/** The sections' official French labels. */
export const NAF_SECTION_LABELS: Record<NafSection, string> = {
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
  T: 'Activités des ménages en tant qu’employeurs ; activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre',
  U: 'Activités extra-territoriales',
};

/** The divisions (first two digits) each section spans. */
const SECTION_DIVISIONS: [NafSection, number, number][] = [
  ['A', 1, 3],
  ['B', 5, 9],
  ['C', 10, 33],
  ['D', 35, 35],
  ['E', 36, 39],
  ['F', 41, 43],
  ['G', 45, 47],
  ['H', 49, 53],
  ['I', 55, 56],
  ['J', 58, 63],
  ['K', 64, 66],
  ['L', 68, 68],
  ['M', 69, 75],
  ['N', 77, 82],
  ['O', 84, 84],
  ['P', 85, 85],
  ['Q', 86, 88],
  ['R', 90, 93],
  ['S', 94, 96],
  ['T', 97, 98],
  ['U', 99, 99],
];

/** The NAF rév. 2 section (A–U) of a code such as `43.21A`, or undefined for an unknown division. */
export function nafSection(naf: string): NafSection | undefined {
  const division = Number(naf.slice(0, 2));
  return SECTION_DIVISIONS.find(([, from, to]) => division >= from && division <= to)?.[0];
}

let labels: Map<string, string> | undefined;
const subclasses = (): Map<string, string> =>
  (labels ??= new Map(NAF_SUBCLASSES.split('\n').map((line) => line.split('|', 2) as [string, string])));

/** The official French label of a NAF sub-class (`43.21A`), or undefined if the nomenclature has no such code. */
export const nafLabel = (code: string): string | undefined => subclasses().get(code);

/** The French label of a section letter, or undefined. */
export const nafSectionLabel = (section: string): string | undefined => NAF_SECTION_LABELS[section as NafSection];

export type NafReading = { code: string; section: NafSection } | { problem: { rule: 'naf_format' | 'naf_unknown'; message: string } };

/**
 * Reads a NAF code as spreadsheets and registers write it: `43.21A`, `4321A`, `43 21 a`, or the
 * code followed by its label (`4321A - Travaux d'installation électrique`); checks it against the
 * official list of sub-classes.
 */
export function readNaf(raw: string): NafReading {
  const m = /^(\d{2})[.,\s]?(\d{2})\s?([A-Za-z])(?![A-Za-z0-9])/.exec(raw.trim());
  if (!m)
    return {
      problem: { rule: 'naf_format', message: `Code NAF rév. 2 attendu, au format 43.21A (valeur lue : « ${clip(raw)} »).` },
    };
  const code = `${m[1]}.${m[2]}${m[3]!.toUpperCase()}`;
  const section = nafSection(code);
  if (!nafLabel(code) || !section)
    return { problem: { rule: 'naf_unknown', message: `Le code NAF ${code} n’existe pas dans la nomenclature NAF rév. 2.` } };
  return { code, section };
}
