import type { CategoryCost } from '../domain/contribution.ts';
import { type Company, nafSection, SIZE_BANDS } from '../domain/gtec/companies.ts';
import { importedMemberSchema, type MemberRow } from '../domain/member-import.ts';
import { type PoleSetup, poleSetupSchema } from '../domain/pole-setup.ts';
import { withLuhnDigit } from '../domain/siret.ts';
import type { Staff } from '../domain/staff.ts';
import { clock } from '../ports/clock.ts';
import { importMembers } from '../services/member-import.ts';
import { setUpPole } from '../services/poles.ts';
import { computeDraft, importInputs } from '../services/reconciliation.ts';
import { upsertCompanies } from '../store/companies.ts';
import { listMembers, type Member } from '../store/members.ts';
import { decideDraft, postQuarter } from '../store/quarters.ts';

export const DEMO_POLE_ID = 'pole-sud-aquitain';

/** What the demo pôle's landing page says of it (the profile's optional presentation). */
const DEMO_PRESENTATION = {
  description:
    'Une quinzaine de structures de l’économie sociale et solidaire — coopératives, associations, un GEIQ, une pépinière d’entreprises, un centre de formation — et des entreprises classiques partagent un bâtiment de la zone industrialo-portuaire de Tarnos.\n\nElles mutualisent l’accueil, les salles, les ressources humaines et l’ingénierie sociale ; les financements publics couvrent une part des frais et le reste est partagé entre les membres.',
  offers: [
    'Des bureaux de 10 à 200 m² et des postes de travail',
    'Un accueil mutualisé et des salles de réunion',
    'Un appui en ressources humaines et en ingénierie sociale',
    'Des projets de recherche et développement et des formations en commun',
    'La gestion prévisionnelle des emplois et des compétences du territoire (GTEC)',
  ],
};

/** Fictional but well-formed SIRETs: a fixed sequence, completed with their Luhn digit. */
const siret = (n: number): string =>
  withLuhnDigit(
    String(41_000_000_000_00 + n * 7_919_37)
      .padStart(13, '0')
      .slice(0, 13),
  );

/** The structures named in the Pôle's founding document, with plausible figures. */
const MEMBERS: [name: string, legalForm: Member['legalForm'], essStatus: Member['essStatus'], areaM2: number, fte: number][] = [
  ['CBE du Seignanx (PLIE)', 'ASSOCIATION', 'ESS_LAW_2014', 180, 9],
  ['FJT de Tarnos', 'ASSOCIATION', 'ESS_LAW_2014', 120, 6],
  ['URSCOP Aquitaine', 'ASSOCIATION', 'ESS_LAW_2014', 60, 3],
  ['Aquitaine Active', 'ASSOCIATION', 'ESUS', 45, 2.5],
  ['CRESS Aquitaine', 'ASSOCIATION', 'ESS_LAW_2014', 60, 3],
  ['Uniformation', 'OTHER', 'ESS_LAW_2014', 40, 2],
  ['GENESE', 'ASSOCIATION', 'ESS_LAW_2014', 50, 2.8],
  ['GEIQ BTP Sud Landes', 'GEIQ', 'ESUS', 70, 4],
  ['GEIQ Interprofessionnel', 'GEIQ', 'ESUS', 55, 3],
  ['Pépinière d’entreprises du Seignanx', 'PUBLIC_BODY', 'CLASSIC_COMPANY', 320, 2],
  ['SCIC Landes (CAE)', 'SCIC', 'ESUS', 150, 8.5],
  ['SCIC Éole (restaurant interentreprises)', 'SCIC', 'ESUS', 210, 12],
  ['Centre de formation territorial (SCIC)', 'SCIC', 'ESUS', 260, 7],
  ['SCOP Industrie & Tertiaire', 'SCOP', 'ESS_LAW_2014', 90, 5],
];

/** The Seignanx's communes, by INSEE code (what companies keep) and name. */
const COMMUNES: [code: string, name: string][] = [
  ['40312', 'Tarnos'],
  ['40209', 'Ondres'],
  ['40273', 'Saint-Martin-de-Seignanx'],
  ['40248', 'Saint-André-de-Seignanx'],
  ['40042', 'Biarrotte'],
  ['40044', 'Biaudos'],
  ['40251', 'Saint-Barthélemy'],
  ['40268', 'Saint-Laurent-de-Gosse'],
];
const NAF = [
  '25.62B',
  '33.12Z',
  '41.20A',
  '43.21A',
  '43.22A',
  '43.32A',
  '46.69B',
  '49.41A',
  '52.10B',
  '52.24A',
  '56.10A',
  '62.01Z',
  '71.12B',
  '81.21Z',
  '10.71C',
  '24.10Z',
];
const SIZES = SIZE_BANDS;
const TRADES = [
  'Métallerie',
  'Maintenance',
  'Bâtiment',
  'Électricité',
  'Plomberie',
  'Menuiserie',
  'Négoce',
  'Transports',
  'Logistique',
  'Manutention portuaire',
  'Restauration',
  'Informatique',
  'Ingénierie',
  'Propreté',
  'Boulangerie',
  'Sidérurgie',
];
const SURNAMES = [
  'Duhalde',
  'Lafitte',
  'Etcheverry',
  'Darrigrand',
  'Larrieu',
  'Dupouy',
  'Lalanne',
  'Bordes',
  'Castaing',
  'Labat',
  'Iribarne',
  'Mendiboure',
  'Harriet',
  'Sallaberry',
];

/** The quarter posted before the demo starts: what contribution estimates are based on. */
// The pôle's first quarter reconciled here (its profile says so): later quarters are approved in order.
const POSTED_QUARTER = '2026-Q2';
const POSTED_COSTS: CategoryCost[] = [
  { category: 'Charges du bâtiment', key: 'AREA', netCents: 2_145_000 },
  { category: 'Accueil mutualisé', key: 'EQUAL', netCents: 612_500 },
  { category: 'Ressources humaines mutualisées', key: 'HEADCOUNT', netCents: 948_000 },
  { category: 'Salles de réunion', key: 'USAGE', netCents: 180_000 },
];

/** The demo pôle's set-up, as an operator sends it (`pole-admin pole setup`). */
const DEMO_SETUP: PoleSetup = poleSetupSchema.parse({
  name: 'Pôle Sud Aquitain',
  territory: 'Seignanx (Landes)',
  // Landes, and the Pays basque next door: where a commune name several départements share is looked for.
  departements: ['40', '64'],
  committeeEmail: 'comite-pilotage@pole-sud-aquitain.example.fr',
  staffEmail: 'animation@pole-sud-aquitain.example.fr',
  // The pôle's first quarter reconciled here: later quarters are approved in order.
  firstQuarter: POSTED_QUARTER,
  building: { name: 'Bâtiment du pôle — zone industrialo-portuaire de Tarnos', capacityM2: 2400 },
  ...DEMO_PRESENTATION,
});

/** Who seeds: a deployment operator, as `pole-admin pole setup` would be. */
const SEEDER: Staff = { subject: 'données de démonstration', operator: true };

/** The founding members, as the existing-members import takes them. */
const demoMembers = (): MemberRow[] =>
  MEMBERS.map(([name, legalForm, essStatus, areaM2, fte], i) => ({
    line: i + 2, // as the lines of a spreadsheet under its header
    member: importedMemberSchema.parse({
      siret: siret(i + 1),
      name,
      legalForm,
      essStatus,
      areaM2,
      desks: Math.ceil(fte),
      fte,
      sharedServices: ['RECEPTION', 'MEETING_ROOMS'],
      startDate: '2025-01-01',
      contactEmail: `contact@membre-${i + 1}.example.fr`,
    }),
  }));

/**
 * Seeds the demo pôle once: its set-up and its members through the same services as the set-up
 * and import routes (docs/day-one.md), then a posted quarter and ~100 companies through the
 * product's functions too, so the demo's items have the product's shapes.
 */
export async function seedDemo(poleId = DEMO_POLE_ID): Promise<{ seeded: boolean }> {
  const now = clock().now();
  const at = now.toISOString();
  const { created } = await setUpPole(poleId, DEMO_SETUP, SEEDER, at);
  if (!created) return { seeded: false };
  await importMembers(poleId, demoMembers(), now);
  await postQuarterOfDemo(poleId, await listMembers(poleId), at);
  await upsertCompanies(poleId, demoCompanies(), at);
  return { seeded: true };
}

/** The posted quarter, reconciled and approved as an admin would: no subsidy, so each category's net cost is its cost. */
async function postQuarterOfDemo(poleId: string, members: readonly Member[], at: string): Promise<void> {
  const costs = POSTED_COSTS.map(({ category, key, netCents }) => ({ category, key, amountCents: netCents }));
  await importInputs(poleId, POSTED_QUARTER, 'costs', costs, 'json', at);
  const meetingRooms = POSTED_COSTS.find((c) => c.key === 'USAGE')!.category;
  const usage = members.map((m, i) => ({ memberId: m.memberId, category: meetingRooms, units: 1 + (i % 4) }));
  await importInputs(poleId, POSTED_QUARTER, 'usage', usage, 'json', at);
  await computeDraft(poleId, POSTED_QUARTER, at);
  await decideDraft(poleId, POSTED_QUARTER, { approve: true, requirePreviousPosted: false, by: 'données de démonstration', at });
  await postQuarter(poleId, POSTED_QUARTER, at);
}

/** The demo registry's hundred companies (fictional names and SIRETs; real NAF codes and communes). */
export const demoCompanies = (): Company[] => Array.from({ length: 100 }, (_, i) => company(i));

/** The i-th company of the demo's GTEC registry. */
function company(i: number): Company {
  const trade = TRADES[i % TRADES.length]!;
  const naf = NAF[i % NAF.length]!;
  const [commune, communeName] = COMMUNES[(i * 3) % COMMUNES.length]!;
  return {
    siret: siret(1000 + i),
    name: `${trade} ${SURNAMES[i % SURNAMES.length]}${i >= SURNAMES.length ? ` ${Math.floor(i / SURNAMES.length) + 1}` : ''}`,
    naf,
    nafSection: nafSection(naf)!,
    sizeBand: SIZES[(i * 7) % SIZES.length]!,
    commune,
    communeName,
    email: `rh@entreprise-${i + 1}.example.fr`,
  };
}
