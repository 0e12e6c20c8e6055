import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { siretSchema } from '../siret.ts';
import { toFieldIssues } from '../validation.ts';

/**
 * The GTEC company registry (docs/gtec.md#companies): companies imported from a spreadsheet export, keyed by
 * SIRET. Valid rows go in, every invalid row is reported by line, field and reason.
 */
export const SIZE_BANDS = ['0-9', '10-49', '50-249', '250+'] as const;

/** NAF rév. 2 sections by division (the code's first two digits). */
const SECTIONS: [string, number, number][] = [
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
export const NAF_SECTIONS = SECTIONS.map(([s]) => s);

/** The NAF rév. 2 section (A–U) of a code such as `43.21A`, or undefined for an unknown division. */
export function nafSection(naf: string): string | undefined {
  const division = Number(naf.slice(0, 2));
  return SECTIONS.find(([, from, to]) => division >= from && division <= to)?.[0];
}

export const companySchema = z.strictObject({
  siret: siretSchema,
  name: z.string().trim().min(1, { message: 'La raison sociale est obligatoire.' }).max(200),
  naf: z.string().superRefine((s, ctx) => {
    if (!/^\d{2}\.\d{2}[A-Z]$/.test(s) || !nafSection(s))
      ctx.addIssue({ code: 'custom', params: { rule: 'naf_format' }, message: 'Code NAF rév. 2 attendu, au format 43.21A.' });
  }),
  sizeBand: z.enum(SIZE_BANDS, { message: `Tranche d’effectif attendue : ${SIZE_BANDS.join(', ')}.` }),
  commune: z.string().trim().min(1).max(100),
  email: z.email({ message: 'Adresse e-mail invalide.' }),
});
export type Company = z.output<typeof companySchema>;

export interface CompanyRowError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** French (or English) headers → fields. */
const HEADERS: Record<string, keyof Company> = {
  siret: 'siret',
  nom: 'name',
  'raison sociale': 'name',
  name: 'name',
  naf: 'naf',
  'code naf': 'naf',
  ape: 'naf',
  'tranche effectif': 'sizeBand',
  "tranche d'effectif": 'sizeBand',
  taille: 'sizeBand',
  effectif: 'sizeBand',
  sizeband: 'sizeBand',
  commune: 'commune',
  ville: 'commune',
  email: 'email',
  'e-mail': 'email',
  courriel: 'email',
  mail: 'email',
};
const REQUIRED: (keyof Company)[] = ['siret', 'name', 'naf', 'sizeBand', 'commune', 'email'];

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’_]/g, (c) => (c === '_' ? ' ' : "'"))
    .trim()
    .toLowerCase();

/** `;` or `,`: whichever appears more often outside quotes on the header line. */
export function detectDelimiter(text: string): ';' | ',' {
  const header = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** Parses a company CSV: rows that pass, and every problem by line (a repeated SIRET included). */
export function parseCompaniesCsv(text: string): { companies: { line: number; company: Company }[]; errors: CompanyRowError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as never;
  } catch (error) {
    return {
      companies: [],
      errors: [
        {
          line: (error as { lines?: number }).lines ?? 0,
          field: '(fichier)',
          rule: 'csv',
          message: `Fichier CSV illisible : ${(error as Error).message}`,
        },
      ],
    };
  }
  const [header, ...data] = records;
  if (!header) return { companies: [], errors: [{ line: 1, field: '(fichier)', rule: 'required', message: 'Le fichier est vide.' }] };
  const fields = header.record.map((h) => HEADERS[fold(h)]);
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length > 0)
    return {
      companies: [],
      errors: missing.map((f) => ({ line: 1, field: f, rule: 'required', message: `Colonne manquante : « ${f} ».` })),
    };

  const companies: { line: number; company: Company }[] = [];
  const errors: CompanyRowError[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of data) {
    const line = info.lines;
    const row: Record<string, string> = {};
    record.forEach((value, i) => {
      const f = fields[i];
      if (f && value !== '') row[f] = f === 'naf' ? value.toUpperCase() : value;
    });
    const result = companySchema.safeParse(row, { reportInput: true });
    if (!result.success) {
      errors.push(...toFieldIssues(result.error.issues).map((i) => ({ line, ...i })));
      continue;
    }
    const seen = firstLine.get(result.data.siret);
    if (seen !== undefined) {
      errors.push({ line, field: 'siret', rule: 'duplicate', message: `SIRET déjà présent ligne ${seen}.` });
      continue;
    }
    firstLine.set(result.data.siret, line);
    companies.push({ line, company: result.data });
  }
  return { companies, errors };
}
