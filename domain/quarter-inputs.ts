import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { ALLOCATION_KEYS, type AllocationKey } from './contribution.ts';
import { parseEuros } from './money.ts';
import { parseQuantity, quantityProblemMessage, quantitySchema } from './quantities.ts';
import { siretSchema } from './siret.ts';
import { toFieldIssues } from './validation.ts';

/**
 * The reconciliation's inputs for one quarter (docs/reconciliation.md), as rows: each kind is imported whole,
 * from the admin API (JSON, cents) or from a CSV as an accounting office exports it
 * (`;`, UTF-8 with BOM, decimal comma, French headers). Every bad row is reported by line.
 */
export const INPUT_KINDS = ['costs', 'subsidies', 'advances', 'usage', 'fixed', 'adjustments'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];

const category = z.string().trim().min(1).max(100);
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
  return validateRows(
    kind,
    rows.map((row, i) => ({ line: i + 1, row })),
  );
}

/** Parses an accounting export: header line first, `;`-separated, optional BOM, quoted fields. */
export function parseCsvRows<K extends InputKind>(kind: K, text: string): { rows: LinedRow<K>[]; errors: RowError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: ';', bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    return {
      rows: [],
      errors: [{ line, field: '(fichier)', rule: 'csv', message: `Fichier CSV illisible : ${(error as Error).message}` }],
    };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, field: '(fichier)', rule: 'required', message: 'Le fichier est vide.' }] };
  const columns = COLUMNS[kind];
  const names = header.record.map(fold);
  const errors: RowError[] = [];
  const missing = Object.keys(columns).filter((c) => !names.includes(c) && !['libelle', 'affectation'].includes(c));
  const unknown = names.filter((n) => !(n in columns));
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
  const validated = validateRows(kind, candidates);
  return { rows: validated.rows, errors: [...errors, ...validated.errors].sort((a, b) => a.line - b.line) };
}

function validateRows<K extends InputKind>(
  kind: K,
  candidates: { line: number; row: unknown; unreadable?: Set<string> }[],
): { rows: LinedRow<K>[]; errors: RowError[] } {
  const schema = ROW_SCHEMAS[kind];
  const rows: LinedRow<K>[] = [];
  const errors: RowError[] = [];
  for (const { line, row, unreadable } of candidates) {
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
