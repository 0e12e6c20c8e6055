import { ESS_STATUSES, LEGAL_FORMS, SHARED_SERVICES } from './application.ts';
import { ESS_STATUS_LABELS, LEGAL_FORM_LABELS, SHARED_SERVICE_LABELS } from './application-labels.ts';
import { isCalendarDate } from './dates.ts';
import { importedMemberSchema, MAX_IMPORTED_MEMBERS, type MemberRow } from './member-import.ts';
import { runPaced, type Steps } from './pace.ts';
import { parseQuantity, quantityProblemMessage } from './quantities.ts';
import { readSiret } from './siret.ts';
import { readSpreadsheet } from './spreadsheet/read.ts';
import type { Sheet } from './spreadsheet/sheet.ts';
import { type RowError, rowError, type TableSpec, tableSteps } from './spreadsheet/table.ts';
import { fold } from './text.ts';
import { toFieldIssues } from './validation.ts';

/**
 * The existing members' file (docs/day-one.md#existing-members) read by the shared spreadsheet
 * layer (domain/spreadsheet: encodings, `sep=`, `;` or `,`, `.xlsx`, headers recognised by what
 * they say, lines as the spreadsheet numbers them). Each cell is read as staff write it — codes or
 * French labels, `33,3` m², `15/09/2019` — then the row goes through the JSON import's own schema,
 * so a file and a JSON body obey the same rules.
 */

type MemberColumn =
  | 'siret'
  | 'name'
  | 'legalForm'
  | 'essStatus'
  | 'areaM2'
  | 'desks'
  | 'fte'
  | 'sharedServices'
  | 'startDate'
  | 'leaveDate'
  | 'contactEmail';

export const MEMBER_TABLE: TableSpec<MemberColumn> = {
  columns: [
    { key: 'siret', label: 'SIRET', aliases: [['siret']], keywords: ['siret'] },
    { key: 'name', label: 'nom', aliases: [['nom', 'raison sociale', 'structure', 'nom structure', 'denomination', 'name']] },
    { key: 'legalForm', label: 'forme juridique', aliases: [['forme juridique', 'statut juridique', 'forme', 'legal form']] },
    { key: 'essStatus', label: 'statut ESS', aliases: [['statut ess', 'ess', 'agrement', 'statut', 'ess status']], keywords: ['ess'] },
    {
      key: 'areaM2',
      label: 'surface (m²)',
      aliases: [['surface', 'surface m', 'm', 'm2', 'superficie', 'surface bureau', 'area', 'area m']],
      keywords: ['surface'],
    },
    { key: 'desks', label: 'postes de travail', aliases: [['poste', 'poste travail', 'bureau', 'desk']], keywords: ['poste'] },
    { key: 'fte', label: 'ETP', aliases: [['etp', 'effectif etp', 'equivalent temps plein', 'fte']], keywords: ['etp'] },
    {
      key: 'sharedServices',
      label: 'services mutualisés',
      aliases: [['service', 'service mutualise', 'shared service']],
      keywords: ['service'],
    },
    {
      key: 'startDate',
      label: 'date d’entrée',
      aliases: [['date entree', 'entree', 'date arrivee', 'arrivee', 'debut', 'date debut', 'start date']],
      keywords: ['entree', 'arrivee'],
    },
    {
      key: 'leaveDate',
      label: 'date de départ',
      aliases: [['date depart', 'depart', 'date sortie', 'sortie', 'fin', 'date fin', 'leave date']],
      keywords: ['depart', 'sortie'],
    },
    {
      key: 'contactEmail',
      label: 'e-mail du contact',
      aliases: [['email', 'mail', 'e mail', 'courriel', 'email contact', 'contact', 'adresse mail', 'contact email']],
      keywords: ['mail', 'courriel'],
    },
  ],
  required: [['siret'], ['name'], ['legalForm'], ['essStatus'], ['areaM2'], ['desks'], ['fte'], ['startDate'], ['contactEmail']],
  maxRows: MAX_IMPORTED_MEMBERS,
};

/** ESS statuses as a spreadsheet cell says them briefly (the long labels are read too). */
const ESS_STATUS_SHORT: Record<(typeof ESS_STATUSES)[number], string> = {
  ESS_LAW_2014: 'ESS (loi de 2014)',
  ESUS: 'agrément ESUS',
  CLASSIC_COMPANY: 'entreprise classique',
};

/** A code from its code or its French label, whatever the case and accents (« Groupement d'employeurs » → EMPLOYERS_GROUP). */
function codeReader<C extends string>(codes: readonly C[], labels: Record<C, string>, extra: Record<string, C> = {}) {
  const byKey = new Map<string, C>(Object.entries(extra).map(([k, c]) => [fold(k), c]));
  for (const code of codes) {
    byKey.set(fold(code), code);
    byKey.set(fold(labels[code]), code);
  }
  return (raw: string): C | undefined => byKey.get(fold(raw));
}

const readLegalForm = codeReader(LEGAL_FORMS, LEGAL_FORM_LABELS, { autre: 'OTHER', 'groupement employeurs': 'EMPLOYERS_GROUP' });
const readEssStatus = codeReader(ESS_STATUSES, ESS_STATUS_LABELS, {
  ...Object.fromEntries(Object.entries(ESS_STATUS_SHORT).map(([code, label]) => [label, code as (typeof ESS_STATUSES)[number]])),
  'loi ess': 'ESS_LAW_2014',
  ess: 'ESS_LAW_2014',
  'entreprise de l ess': 'ESS_LAW_2014',
  classique: 'CLASSIC_COMPANY',
  'hors ess': 'CLASSIC_COMPANY',
});
const readService = codeReader(SHARED_SERVICES, SHARED_SERVICE_LABELS, { accueil: 'RECEPTION', rh: 'HR', 'r d': 'RESEARCH_DEVELOPMENT' });

const listOf = (labels: Record<string, string>) => Object.values(labels).join(', ');

/** `2019-09-15`, `15/09/2019`, `15-09-2019`, `15.09.2019` → `2019-09-15`; the calendar check is the schema's. */
function readDate(raw: string): string | undefined {
  const text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : undefined;
}

type Problem = { rule: string; message: string };
type CellReader = (raw: string) => { value: unknown } | { problem: Problem };

const quantity: CellReader = (raw) => {
  const r = parseQuantity(raw);
  return 'value' in r ? r : { problem: { rule: r.problem, message: quantityProblemMessage(r.problem, raw) } };
};
const code =
  (read: (raw: string) => string | undefined, labels: Record<string, string>, unknown: string): CellReader =>
  (raw) => {
    const value = read(raw);
    return value ? { value } : { problem: { rule: 'enum', message: `« ${raw} » : ${unknown} ; attendu : ${listOf(labels)}.` } };
  };
const date: CellReader = (raw) => {
  const value = readDate(raw);
  if (!value) return { problem: { rule: 'date', message: `« ${raw} » : date attendue au format JJ/MM/AAAA.` } };
  return isCalendarDate(value) ? { value } : { problem: { rule: 'date', message: `« ${raw} » : cette date n’existe pas.` } };
};

/** How each column's cell becomes the JSON import's value. */
const READERS: Record<MemberColumn, CellReader> = {
  siret: (raw) => {
    const r = readSiret(raw);
    return 'siret' in r ? { value: r.siret } : r;
  },
  name: (raw) => ({ value: raw }),
  legalForm: code(readLegalForm, LEGAL_FORM_LABELS, 'forme juridique inconnue'),
  essStatus: code(readEssStatus, ESS_STATUS_SHORT, 'statut ESS inconnu'),
  areaM2: quantity,
  desks: (raw) =>
    /^\d+$/.test(raw.trim())
      ? { value: Number(raw.trim()) }
      : { problem: { rule: 'integer', message: `« ${raw} » : nombre entier de postes attendu.` } },
  fte: quantity,
  sharedServices: (raw) => {
    const parts = raw
      .split(/[,;/+\n]/)
      .map((p) => p.trim())
      .filter(Boolean);
    const unknown = parts.filter((p) => !readService(p));
    return unknown.length === 0
      ? { value: parts.map((p) => readService(p)!) }
      : {
          problem: {
            rule: 'enum',
            message: `« ${unknown.join(', ')} » : service inconnu ; attendu : ${listOf(SHARED_SERVICE_LABELS)} (séparés par des virgules).`,
          },
        };
  },
  startDate: date,
  leaveDate: date,
  contactEmail: (raw) => ({ value: raw.trim() }),
};

export interface MemberFileReading {
  rows: MemberRow[];
  /** Every problem, by line and column; the import refuses the whole file when there is one. */
  errors: RowError[];
}

/** Reads the members of a spreadsheet's sheets: each row as the JSON import's member, or its problems by line and column. */
export function* readMembers(sheets: readonly Sheet[]): Steps<MemberFileReading> {
  const { rows, headers } = yield* tableSteps(sheets, MEMBER_TABLE);
  const result: MemberFileReading = { rows: [], errors: [] };
  for (const row of rows) {
    yield;
    const values: Record<string, unknown> = {};
    const errors: RowError[] = [];
    for (const [key, cell] of Object.entries(row.cells) as [MemberColumn, { value: string; header: string }][]) {
      const read = READERS[key](cell.value);
      if ('value' in read) values[key] = read.value;
      else errors.push(rowError(row.line, cell.header, key, read.problem.rule, read.problem.message));
    }
    const parsed = importedMemberSchema.safeParse(values);
    if (!parsed.success) {
      const refused = new Set(errors.map((e) => e.field));
      for (const issue of toFieldIssues(parsed.error.issues)) {
        const field = issue.field.split('.')[0]! as MemberColumn;
        if (!refused.has(field)) errors.push(rowError(row.line, headers[field], field, issue.rule, issue.message));
      }
    }
    if (errors.length > 0 || !parsed.success) result.errors.push(...errors);
    else result.rows.push({ line: row.line, member: parsed.data });
  }
  return result;
}

/** Reads a members file (CSV in any of its usual shapes, or `.xlsx`). */
export async function readMembersFile(bytes: Uint8Array, options: { charset?: string } = {}): Promise<MemberFileReading> {
  const { sheets } = await readSpreadsheet(bytes, options);
  return runPaced(readMembers(sheets));
}
