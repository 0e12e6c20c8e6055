import * as z from 'zod';
import { MAX_COMPANY_ROWS } from '../limits.ts';
import { type Commune, resolveCommune } from '../nomenclatures/communes.ts';
import { type NafSection, readNaf } from '../nomenclatures/naf.ts';
import { readSizeBand, type SizeBand } from '../nomenclatures/size-bands.ts';
import { runPaced, type Steps } from '../pace.ts';
import { readSiret } from '../siret.ts';
import { readSpreadsheet, type Spreadsheet } from '../spreadsheet/read.ts';
import type { Sheet } from '../spreadsheet/sheet.ts';
import {
  capErrors,
  MAX_LISTED_ERRORS,
  type RowError,
  rowError,
  type Table,
  type TableRow,
  type TableSpec,
  tableSteps,
} from '../spreadsheet/table.ts';
import { toFieldIssues } from '../validation.ts';

export { NAF_SECTIONS, nafSection } from '../nomenclatures/naf.ts';
export { SIZE_BANDS } from '../nomenclatures/size-bands.ts';

/**
 * The GTEC company registry (docs/gtec.md#companies): companies imported from the files staff have
 * — spreadsheet exports, SIRENE extracts — keyed by SIRET. Valid rows go in, every invalid row is
 * reported by line and column; a re-import updates companies by SIRET.
 */
export interface Company {
  siret: string;
  name: string;
  /** NAF rév. 2 sub-class, e.g. `43.21A`. */
  naf: string;
  nafSection: NafSection;
  sizeBand: SizeBand;
  /** INSEE code of the establishment's commune: what campaign filters and results use. */
  commune: string;
  /** The commune's official name, for pages. */
  communeName: string;
  email: string;
}

export type CompanyColumn = 'siret' | 'name' | 'naf' | 'sizeBand' | 'headcount' | 'commune' | 'communeCode' | 'postalCode' | 'email';

/** How company files name their columns (compared as headerKey() reduces them). */
export const COMPANY_TABLE: TableSpec<CompanyColumn> = {
  columns: [
    { key: 'siret', label: 'SIRET', aliases: [['siret', 'siret number']], keywords: ['siret'] },
    {
      key: 'name',
      label: 'raison sociale',
      aliases: [
        ['raison sociale', 'denomination', 'denomination unite legale', 'nom entreprise', 'nom societe', 'entreprise', 'societe'],
        ['nom', 'name', 'company', 'company name', 'organisation', 'structure'],
        ['enseigne', 'nom commercial', 'denomination usuelle', 'nom usage'],
      ],
    },
    {
      key: 'naf',
      label: 'code NAF',
      aliases: [
        ['naf', 'ape', 'code naf', 'code ape', 'naf ape', 'code naf ape', 'activite principale', 'naf rev', 'code activite'],
        ['activite principale unite legale'],
      ],
      keywords: ['naf', 'ape'],
      unless: ['libelle', 'intitule', 'label', 'nomenclature', 'section'],
    },
    {
      key: 'sizeBand',
      label: 'tranche d’effectifs',
      aliases: [
        [
          'tranche effectif',
          'tranche effectif salarie',
          'tranche salarie',
          'tranche',
          'taille',
          'taille entreprise',
          'classe effectif',
          'size band',
        ],
        ['tranche effectif unite legale'],
      ],
      keywords: ['tranche'],
      unless: ['annee', 'date', 'year'],
    },
    {
      key: 'headcount',
      label: 'effectif',
      aliases: [['effectif', 'effectif salarie', 'nombre salarie', 'salarie', 'headcount', 'employee', 'nombre employe']],
      keywords: ['effectif', 'salarie'],
      unless: ['annee', 'date', 'year', 'tranche'],
    },
    {
      key: 'commune',
      label: 'commune',
      aliases: [['commune', 'ville', 'libelle commune', 'nom commune', 'localite', 'city', 'town']],
      keywords: ['commune', 'ville'],
      unless: ['code', 'insee', 'postal', 'etranger'],
    },
    {
      key: 'communeCode',
      label: 'code commune INSEE',
      aliases: [['code commune', 'code insee', 'code commune insee', 'insee', 'depcom', 'cog']],
    },
    { key: 'postalCode', label: 'code postal', aliases: [['code postal', 'cp', 'postal code', 'zip', 'zip code']], keywords: ['postal'] },
    {
      key: 'email',
      label: 'adresse e-mail',
      aliases: [
        [
          'email',
          'e mail',
          'mail',
          'courriel',
          'adresse mail',
          'adresse e mail',
          'adresse email',
          'adresse courriel',
          'adresse electronique',
          'mel',
        ],
      ],
      keywords: ['mail', 'email', 'courriel'],
    },
  ],
  required: [['siret'], ['name'], ['naf'], ['sizeBand', 'headcount'], ['commune', 'communeCode', 'postalCode'], ['email']],
  maxRows: MAX_COMPANY_ROWS,
};

type Reading<T> = { value: T } | { problem: { rule: string; message: string; column?: CompanyColumn } };

/** A zod transform from a reader: its value, or an issue carrying the reader's rule and the column at fault. */
const readWith =
  <I, T>(read: (input: I) => Reading<T>) =>
  (input: I, ctx: z.RefinementCtx): T => {
    const reading = read(input);
    if ('value' in reading) return reading.value;
    ctx.addIssue({
      code: 'custom',
      message: reading.problem.message,
      params: { rule: reading.problem.rule, column: reading.problem.column },
    });
    return z.NEVER;
  };

const required = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? `${what} est obligatoire.` : undefined),
});

const COMMUNE_COLUMNS = { code: 'communeCode', name: 'commune', postalCode: 'postalCode' } as const;

/** One row's schema: each field read on its own, so that a row reports all its problems at once. */
const rowSchema = (departements: readonly string[]) =>
  z.object({
    siret: z.string(required('Le SIRET')).transform(
      readWith((raw: string): Reading<string> => {
        const r = readSiret(raw);
        return 'siret' in r ? { value: r.siret } : r;
      }),
    ),
    name: z.string(required('La raison sociale')).max(200, { message: 'La raison sociale dépasse 200 caractères.' }),
    naf: z.string(required('Le code NAF')).transform(
      readWith((raw: string): Reading<{ code: string; section: NafSection }> => {
        const r = readNaf(raw);
        return 'code' in r ? { value: r } : r;
      }),
    ),
    size: z.object({ sizeBand: z.string().optional(), headcount: z.string().optional() }).transform(
      readWith(({ sizeBand, headcount }): Reading<SizeBand> => {
        if (sizeBand === undefined && headcount === undefined)
          return { problem: { rule: 'required', message: 'La tranche d’effectifs est obligatoire.', column: 'sizeBand' } };
        const r = sizeBand !== undefined ? readSizeBand(sizeBand, 'band') : readSizeBand(headcount!, 'headcount');
        return 'band' in r ? { value: r.band } : { problem: { ...r.problem, column: sizeBand !== undefined ? 'sizeBand' : 'headcount' } };
      }),
    ),
    commune: z.object({ code: z.string().optional(), name: z.string().optional(), postalCode: z.string().optional() }).transform(
      readWith((query): Reading<Commune> => {
        const r = resolveCommune(query, departements);
        return 'commune' in r ? { value: r.commune } : { problem: { ...r.problem, column: COMMUNE_COLUMNS[r.problem.of] } };
      }),
    ),
    email: z
      .string(required('L’adresse e-mail'))
      .trim()
      .pipe(z.email({ message: 'Adresse e-mail invalide.' })),
  });

export interface CompanyImport {
  /** The rows that pass, with their line. */
  companies: { line: number; company: Company }[];
  /** Every problem, in line order; a line may have several. */
  errors: RowError[];
  /** How many lines were refused. */
  rejected: number;
  /** What was read: the tab, the header line, each column's header as written, the headers ignored. */
  table: Omit<Table<CompanyColumn>, 'rows'>;
}

/** The fields each row error names, from the schema's paths. */
const FIELD_OF: Record<string, CompanyColumn | undefined> = {
  siret: 'siret',
  name: 'name',
  naf: 'naf',
  size: 'sizeBand',
  commune: 'commune',
  email: 'email',
};

/** Columns that stand in for one another (a file needs one of each group). */
const ALTERNATIVES: Partial<Record<CompanyColumn, CompanyColumn[]>> = Object.fromEntries(
  COMPANY_TABLE.required.flatMap((group) => group.map((k) => [k, group.filter((o) => o !== k)])),
);

/**
 * Reads the companies of a spreadsheet's sheets: valid rows, and every problem by line and column
 * (a repeated SIRET is reported whether or not its first occurrence was valid, and left out).
 * `departements` (the pôle's territory) settles commune names that several communes share.
 */
export function* readCompanies(sheets: readonly Sheet[], options: { departements?: readonly string[] } = {}): Steps<CompanyImport> {
  const { rows, ...table } = yield* tableSteps(sheets, COMPANY_TABLE);
  const schema = rowSchema(options.departements ?? []);
  const companies: CompanyImport['companies'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, { line: number; valid: boolean }>();
  for (const row of rows) {
    yield;
    const value = (k: CompanyColumn) => row.cells[k]?.value;
    // The header a message names: the cell's, else its column's, else that of a column standing in for it.
    const header = (k: CompanyColumn) => row.cells[k]?.header ?? [k, ...(ALTERNATIVES[k] ?? [])].map((c) => table.headers[c]).find(Boolean);
    const result = schema.safeParse(
      {
        siret: value('siret'),
        name: value('name'),
        naf: value('naf'),
        size: { sizeBand: value('sizeBand'), headcount: value('headcount') },
        commune: { code: value('communeCode'), name: value('commune'), postalCode: value('postalCode') },
        email: value('email'),
      },
      { reportInput: true },
    );
    const rowErrors = result.success ? [] : issuesOf(row, result.error.issues, header);
    const siretKey = value('siret')?.replace(/\s+/g, '');
    const first = siretKey ? seen.get(siretKey) : undefined;
    if (first)
      rowErrors.unshift(
        rowError(
          row.line,
          header('siret'),
          'siret',
          'duplicate',
          `SIRET ${siretKey} déjà présent ligne ${first.line}${first.valid ? '' : ' (ligne elle-même refusée)'} ; cette ligne est ignorée.`,
        ),
      );
    else if (siretKey) seen.set(siretKey, { line: row.line, valid: rowErrors.length === 0 });
    if (rowErrors.length > 0 || !result.success) {
      errors.push(...rowErrors);
      continue;
    }
    const { siret, name, naf, size, commune, email } = result.data;
    companies.push({
      line: row.line,
      company: {
        siret,
        name,
        naf: naf.code,
        nafSection: naf.section,
        sizeBand: size,
        commune: commune.code,
        communeName: commune.name,
        email,
      },
    });
  }
  return { companies, errors, rejected: new Set(errors.map((e) => e.line)).size, table };
}

function issuesOf(
  row: TableRow<CompanyColumn>,
  issues: readonly z.core.$ZodIssue[],
  header: (k: CompanyColumn) => string | undefined,
): RowError[] {
  return toFieldIssues(issues).map((issue, i) => {
    const params = (issues[i] as { params?: { column?: CompanyColumn } }).params;
    const field = FIELD_OF[issue.field.split('.')[0]!];
    return rowError(row.line, field && header(params?.column ?? field), field ?? issue.field, issue.rule, issue.message);
  });
}

/** Reads a company file (CSV in any of its usual shapes, or `.xlsx`): the spreadsheet's format, and the import. */
export async function readCompaniesFile(
  bytes: Uint8Array,
  options: { charset?: string; departements?: readonly string[] } = {},
): Promise<CompanyImport & Pick<Spreadsheet, 'format' | 'encoding'>> {
  const { sheets, format, encoding } = await readSpreadsheet(bytes, { ...options, maxRows: MAX_COMPANY_ROWS });
  return { format, ...(encoding && { encoding }), ...(await runPaced(readCompanies(sheets, options))) };
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** What the import route answers: counts, the first errors and their total, what was read, and a French summary. */
export function importReply(result: CompanyImport & Pick<Spreadsheet, 'format' | 'encoding'>, maxErrors = MAX_LISTED_ERRORS) {
  const { errors, errorCount } = capErrors(result.errors, maxErrors);
  const imported = result.companies.length;
  const refused = `${count(result.rejected, 'ligne refusée', 'lignes refusées')} (${count(errorCount, 'erreur', 'erreurs')}${
    errorCount > errors.length ? `, les ${errors.length} premières listées` : ''
  })`;
  return {
    imported,
    rejected: result.rejected,
    errorCount,
    errors,
    message:
      result.rejected === 0
        ? `${count(imported, 'entreprise importée', 'entreprises importées')}.`
        : imported === 0
          ? `Aucune entreprise importée : ${refused}.`
          : `${count(imported, 'entreprise importée', 'entreprises importées')} ; ${refused}.`,
    file: {
      format: result.format,
      ...(result.encoding && { encoding: result.encoding }),
      ...(result.table.sheet !== undefined && { sheet: result.table.sheet }),
      headerLine: result.table.headerLine,
      columns: result.table.headers,
      ignoredColumns: result.table.ignored,
    },
  };
}
