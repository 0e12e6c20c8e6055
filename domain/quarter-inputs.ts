import type { Options } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { ALLOCATION_KEYS, type AllocationKey } from './contribution.ts';
import { MAX_COLUMNS, MAX_QUARTER_INPUT_ROWS } from './limits.ts';
import { parseEuros } from './money.ts';
import { runNow, runPaced, type Steps } from './pace.ts';
import { parseQuantity, quantityProblemMessage, quantitySchema } from './quantities.ts';
import { siretSchema } from './siret.ts';
import { lineChunks, parseCsvPaced } from './spreadsheet/csv.ts';
import { plainText, toFieldIssues } from './validation.ts';

/**
 * The reconciliation's inputs for one quarter (docs/reconciliation.md), as rows: each kind is imported whole,
 * from the admin API (JSON, cents) or from a CSV as an accounting office exports it
 * (`;`, UTF-8 with BOM, decimal comma, French headers). Every bad row is reported by line.
 */
export const INPUT_KINDS = ['costs', 'subsidies', 'advances', 'usage', 'fixed', 'adjustments'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const category = plainText(100);
const cents = z.number().int().min(0).max(100_000_000_000);
const signedCents = z.number().int().min(-100_000_000_000).max(100_000_000_000);

export const ROW_SCHEMAS = {
  costs: z.strictObject({ category, key: z.enum(ALLOCATION_KEYS), amountCents: cents, label: z.string().trim().max(200).optional() }),
  subsidies: z.strictObject({ funder: z.string().trim().min(1).max(120), amountCents: cents, earmark: category.optional() }),
  advances: z.strictObject({ memberId: siretSchema, amountCents: cents }),
  // Units (hours…) and the committee's weights take up to two decimals, like every quantity.
  usage: z.strictObject({ memberId: siretSchema, category, units: quantitySchema(0, 1_000_000) }),
  fixed: z.strictObject({ memberId: siretSchema, category, weight: quantitySchema(0, 1_000_000) }),
  adjustments: z.strictObject({ memberId: siretSchema, label: z.string().trim().min(1).max(200), amountCents: signedCents }),
} as const;

export type InputRow<K extends InputKind> = z.output<(typeof ROW_SCHEMAS)[K]>;
export type AnyInputRow = InputRow<InputKind>;

/** A valid row and the line it came from. */
export interface LinedRow<K extends InputKind> {
  line: number;
  row: InputRow<K>;
}

export interface RowError {
  /** 1-based line in the file (the header is line 1), or the index + 1 in a JSON array. */
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** French CSV headers → row fields, with the kind of value each column holds. */
const COLUMNS: Record<InputKind, Record<string, { field: string; type: 'text' | 'amount' | 'signed' | 'quantity' | 'key' }>> = {
  costs: {
    categorie: { field: 'category', type: 'text' },
    montant: { field: 'amountCents', type: 'amount' },
    cle: { field: 'key', type: 'key' },
    libelle: { field: 'label', type: 'text' },
  },
  subsidies: {
    financeur: { field: 'funder', type: 'text' },
    montant: { field: 'amountCents', type: 'amount' },
    affectation: { field: 'earmark', type: 'text' },
  },
  advances: { siret: { field: 'memberId', type: 'text' }, montant: { field: 'amountCents', type: 'amount' } },
  usage: {
    siret: { field: 'memberId', type: 'text' },
    categorie: { field: 'category', type: 'text' },
    unites: { field: 'units', type: 'quantity' },
  },
  fixed: {
    siret: { field: 'memberId', type: 'text' },
    categorie: { field: 'category', type: 'text' },
    part: { field: 'weight', type: 'quantity' },
  },
  adjustments: {
    siret: { field: 'memberId', type: 'text' },
    libelle: { field: 'label', type: 'text' },
    montant: { field: 'amountCents', type: 'signed' },
  },
};

/** Keys as the office writes them, in French or as the API names them. */
const KEY_NAMES: Record<string, AllocationKey> = {
  surface: 'AREA',
  area: 'AREA',
  etp: 'HEADCOUNT',
  effectif: 'HEADCOUNT',
  headcount: 'HEADCOUNT',
  egal: 'EQUAL',
  equal: 'EQUAL',
  usage: 'USAGE',
  fixe: 'FIXED',
  fixed: 'FIXED',
};

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();

/** Validates rows given as JSON (the admin API). */
export function parseJsonRows<K extends InputKind>(kind: K, rows: unknown): { rows: LinedRow<K>[]; errors: RowError[] } {
  if (!Array.isArray(rows))
    return { rows: [], errors: [{ line: 0, field: '(body)', rule: 'type:array', message: 'Une liste de lignes est attendue.' }] };
  if (rows.length > MAX_QUARTER_INPUT_ROWS) return { rows: [], errors: [tooManyRows(0)] };
  return validateRows(
    kind,
    rows.map((row, i) => ({ line: i + 1, row })),
  );
}

/** The refusal of an import with more rows than {@link MAX_QUARTER_INPUT_ROWS}, at the first row beyond. */
const tooManyRows = (line: number): RowError => ({
  line,
  field: '(fichier)',
  rule: 'max_rows',
  message: `Plus de ${MAX_QUARTER_INPUT_ROWS.toLocaleString('fr-FR')} lignes : découpez l’import (${MAX_QUARTER_INPUT_ROWS.toLocaleString('fr-FR')} lignes au plus).`,
});

type CsvRecord = { record: string[]; info: { lines: number } };
type Parsed<K extends InputKind> = { rows: LinedRow<K>[]; errors: RowError[] };

/** Lines of nothing but `;` and spaces emptied (the parser skips empty lines). */
const withoutBlankLines = (text: string): string => text.replace(/^[; \t\r]+$/gm, '');

/** withoutBlankLines a chunk of whole lines at a time, as the parser asks for them. */
function* blankedChunks(text: string): Generator<string, void, undefined> {
  for (const chunk of lineChunks(text)) yield withoutBlankLines(chunk);
}

/** csv-parse's options for an accounting export: each record kept in `records`, the file refused past the row or column limit. */
const csvOptions = (records: CsvRecord[]): Options => ({
  delimiter: ';',
  record_delimiter: ['\r\n', '\n'],
  bom: true,
  info: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: true,
  on_record: ((record: CsvRecord) => {
    if (records.length > MAX_QUARTER_INPUT_ROWS) throw Object.assign(new Error('max_rows'), { maxRows: record.info.lines });
    if (record.record.length > MAX_COLUMNS) throw Object.assign(new Error('max_columns'), { maxColumns: record.info.lines });
    records.push(record);
    return null;
  }) as never, // with `info`, the parser hands each record with its info
});

/** A parse that failed, as the import's single error. */
function csvFailure<K extends InputKind>(error: unknown): Parsed<K> {
  const line = (error as { lines?: number }).lines ?? 0;
  const beyond = (error as { maxRows?: number }).maxRows;
  if (beyond !== undefined) return { rows: [], errors: [tooManyRows(beyond)] };
  const wide = (error as { maxColumns?: number }).maxColumns;
  if (wide !== undefined)
    return {
      rows: [],
      errors: [
        {
          line: wide,
          field: '(fichier)',
          rule: 'max_columns',
          message: `Plus de ${MAX_COLUMNS} colonnes : ce n’est pas un export comptable.`,
        },
      ],
    };
  return {
    rows: [],
    errors: [{ line, field: '(fichier)', rule: 'csv', message: `Fichier CSV illisible : ${(error as Error).message}` }],
  };
}

/**
 * Parses an accounting export: header line first, `;`-separated, optional BOM, quoted fields.
 * Lines of nothing but `;` and spaces are skipped; the file is refused at its first row beyond the limit.
 */
export function parseCsvRows<K extends InputKind>(kind: K, text: string): Parsed<K> {
  const records: CsvRecord[] = [];
  try {
    parse(withoutBlankLines(text), csvOptions(records));
  } catch (error) {
    return csvFailure(error);
  }
  return runNow(csvRows(kind, records));
}

/** parseCsvRows, the same rows and errors, with turns of the event loop while it parses and checks (a 4 MB file). */
export async function parseCsvRowsPaced<K extends InputKind>(kind: K, text: string): Promise<Parsed<K>> {
  const records: CsvRecord[] = [];
  try {
    await parseCsvPaced(blankedChunks(text), csvOptions(records));
  } catch (error) {
    return csvFailure(error);
  }
  return runPaced(csvRows(kind, records));
}

/** The parsed records of an export as rows of the kind, or its errors (a step per row). */
function* csvRows<K extends InputKind>(kind: K, records: readonly CsvRecord[]): Steps<Parsed<K>> {
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: '(fichier)', rule: 'required', message: 'Le fichier est vide.' }] };
  const columns = COLUMNS[kind];
  const names = header.record.map(fold);
  const errors: RowError[] = [];
  const missing = Object.keys(columns).filter((c) => !names.includes(c) && !['libelle', 'affectation'].includes(c));
  // Own keys only: a header `constructor` or `toString` is an unknown column, not Object's.
  const unknown = names.filter((n) => !Object.hasOwn(columns, n));
  const repeated = names.filter((n, i) => Object.hasOwn(columns, n) && names.indexOf(n) !== i);
  for (const c of new Set(repeated))
    errors.push({ line: 1, field: c, rule: 'duplicate_column', message: `Colonne en double : « ${c} » (gardez-en une seule).` });
  for (const c of missing) errors.push({ line: 1, field: c, rule: 'required', message: `Colonne manquante : « ${c} ».` });
  for (const c of unknown)
    errors.push({
      line: 1,
      field: c,
      rule: 'unknown_field',
      message: `Colonne inconnue : « ${c} » (attendues : ${Object.keys(columns).join(', ')}).`,
    });
  if (errors.length > 0) return { rows: [], errors };

  const candidates: { line: number; row: unknown; unreadable: Set<string> }[] = [];
  for (const { record, info } of data) {
    yield;
    const line = info.lines;
    if (record.length !== names.length) {
      errors.push({ line, field: '(ligne)', rule: 'columns', message: `${record.length} colonnes au lieu de ${names.length}.` });
      continue;
    }
    const row: Record<string, unknown> = {};
    const unreadable = new Set<string>();
    record.forEach((value, i) => {
      const { field, type } = columns[names[i]!]!;
      if (value === '') return;
      if (type === 'amount' || type === 'signed') {
        const parsed = parseEuros(value);
        if ('problem' in parsed) {
          errors.push({ line, field, rule: `amount_${parsed.problem}`, message: `Montant illisible : « ${value} » (attendu : 1 234,56).` });
          unreadable.add(field);
        } else row[field] = parsed.cents;
      } else if (type === 'quantity') {
        const parsed = parseQuantity(value);
        if ('problem' in parsed) {
          errors.push({
            line,
            field,
            rule: parsed.problem === 'format' ? 'quantity_format' : parsed.problem,
            message: quantityProblemMessage(parsed.problem, value),
          });
          unreadable.add(field);
        } else row[field] = parsed.value;
      } else if (type === 'key') {
        row[field] = KEY_NAMES[fold(value)] ?? value;
      } else {
        row[field] = value;
      }
    });
    candidates.push({ line, row, unreadable });
  }
  const validated = yield* validationSteps(kind, candidates);
  return { rows: validated.rows, errors: [...errors, ...validated.errors].sort((a, b) => a.line - b.line) };
}

function validateRows<K extends InputKind>(kind: K, candidates: { line: number; row: unknown; unreadable?: Set<string> }[]): Parsed<K> {
  return runNow(validationSteps(kind, candidates));
}

/** validateRows, a step per row. */
function* validationSteps<K extends InputKind>(
  kind: K,
  candidates: { line: number; row: unknown; unreadable?: Set<string> }[],
): Steps<Parsed<K>> {
  const schema = ROW_SCHEMAS[kind];
  const rows: LinedRow<K>[] = [];
  const errors: RowError[] = [];
  for (const { line, row, unreadable } of candidates) {
    yield;
    const result = schema.safeParse(row, { reportInput: true });
    if (result.success && !unreadable?.size) rows.push({ line, row: result.data as InputRow<K> });
    // A value already reported as unreadable is not reported again as missing.
    else if (!result.success)
      errors.push(
        ...toFieldIssues(result.error.issues)
          .filter((i) => !unreadable?.has(i.field))
          .map((i) => ({ line, ...i })),
      );
  }
  return { rows, errors };
}

/** Rows that name a SIRET which is not a member of the pôle. */
export function unknownMembers(rows: readonly LinedRow<InputKind>[], memberIds: ReadonlySet<string>): RowError[] {
  return rows.flatMap(({ line, row }) =>
    'memberId' in row && !memberIds.has(row.memberId)
      ? [{ line, field: 'memberId', rule: 'unknown_member', message: `Aucun membre du pôle n’a le SIRET ${row.memberId}.` }]
      : [],
  );
}

/** What people read for each kind of input. */
export const INPUT_KIND_LABELS: Record<InputKind, string> = {
  costs: 'Coûts',
  subsidies: 'Subventions',
  advances: 'Avances versées',
  usage: 'Consommations',
  fixed: 'Parts fixes',
  adjustments: 'Ajustements',
};
