import { MAX_COLUMNS, MAX_LISTED_ERRORS } from '../limits.ts';
import { runNow, type Steps } from '../pace.ts';
import { clip } from '../text.ts';

export { MAX_LISTED_ERRORS };

import { refuseFile, type Sheet } from './sheet.ts';

/**
 * Sheets → a table of canonical columns. Columns are recognised by what their header says, in
 * French or English, whatever its accents, case, spacing, punctuation, plural or camelCase
 * (`N° SIRET`, `siret_etablissement` and `siret` are one; SIRENE's `trancheEffectifsEtablissement`
 * reads as « tranche effectifs »), not by position. A file whose required columns cannot be found,
 * or where two columns claim the same place, is refused as a whole with a plain sentence; columns
 * nobody asked for are ignored and listed.
 */
export interface ColumnSpec<K extends string> {
  key: K;
  /** The column's name in messages, in French, without article (« code NAF »). */
  label: string;
  /**
   * Header wordings, as headerKey() reduces them, strongest first: when a file has a column of a
   * later tier too (`Enseigne` beside `Raison sociale`), it fills the cells the stronger one left
   * empty. Two columns of the first tier are refused as ambiguous; later tiers may repeat.
   */
  aliases: readonly (readonly string[])[];
  /** Words that designate the column inside a longer header no alias matches (« Adresse mail du contact RH »). */
  keywords?: readonly string[];
  /** Words that stop a keyword match (« Libellé NAF » holds a label, not a code). */
  unless?: readonly string[];
}

export interface TableSpec<K extends string> {
  columns: readonly ColumnSpec<K>[];
  /** Each group needs one of its columns; a one-column group is a required column. */
  required: readonly (readonly K[])[];
  /** Above this many data rows the file is refused (a bounded import). */
  maxRows?: number;
}

/** A non-empty cell, with the header and column letter it came from (for messages). */
export interface Cell {
  value: string;
  header: string;
  column: string;
}

export interface TableRow<K extends string> {
  line: number;
  cells: Partial<Record<K, Cell>>;
}

export interface Table<K extends string> {
  /** The workbook tab read (undefined for a CSV file). */
  sheet?: string;
  headerLine: number;
  /** Each column found → its header as the file wrote it (the strongest, when several fill it). */
  headers: Partial<Record<K, string>>;
  /** Headers no column claimed. */
  ignored: string[];
  rows: TableRow<K>[];
}

/** A row's problem: the line as the spreadsheet numbers it, the header as the file wrote it. */
export interface RowError {
  line: number;
  /** The header of the column at fault, as written in the file. */
  column?: string;
  /** The canonical field (`siret`, `naf`…), for programs. */
  field: string;
  rule: string;
  /** French, naming the line and the column: « Ligne 4, colonne « N° SIRET » : … ». */
  message: string;
}

/** A row error with its message prefixed by where it is. */
export const rowError = (line: number, column: string | undefined, field: string, rule: string, message: string): RowError => ({
  line,
  ...(column !== undefined && { column }),
  field,
  rule,
  message: `Ligne ${line}${column !== undefined ? `, colonne « ${clip(column, 40)} »` : ''} : ${message}`,
});

/** The first `max` errors and how many there were in all. */
export const capErrors = <T>(errors: readonly T[], max = MAX_LISTED_ERRORS): { errors: T[]; errorCount: number } => ({
  errors: errors.slice(0, max),
  errorCount: errors.length,
});

const STOPWORDS = new Set(['n', 'no', 'num', 'numero', 'de', 'du', 'des', 'd', 'l', 'la', 'le', 'les', 'etablissement', 'of', 'the']);

/**
 * What a header says, reduced for comparison: camelCase split, no accents, lowercase, words
 * without punctuation, digits, articles, « N° » or « établissement », and without a plural `s`.
 * `N° SIRET` → `siret`; `Tranche d'effectifs` → `tranche effectif`; `denominationUniteLegale` → `denomination unite legale`.
 */
export function headerKey(header: string): string {
  return header
    .replace(/(?<=[a-z])(?=[A-Z0-9])|(?<=\d)(?=[A-Z])/g, ' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map((w) => (w.length > 3 ? w.replace(/s$/, '') : w))
    .join(' ');
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export const columnLetter = (index: number): string =>
  (index >= 26 ? columnLetter(Math.floor(index / 26) - 1) : '') + String.fromCharCode(65 + (index % 26));

interface Claim<K> {
  key: K;
  tier: number;
  index: number;
}

/** Which column each header claims: an alias (its tier), else a single keyword match (the weakest tier). */
function claims<K extends string>(headers: readonly string[], spec: TableSpec<K>): { claims: Claim<K>[]; ignored: string[] } {
  const found: Claim<K>[] = [];
  const ignored: string[] = [];
  headers.forEach((header, index) => {
    const key = headerKey(header);
    if (!key) {
      if (header.trim()) ignored.push(header.trim());
      return;
    }
    for (const column of spec.columns) {
      const tier = column.aliases.findIndex((tier) => tier.includes(key));
      if (tier >= 0) {
        found.push({ key: column.key, tier, index });
        return;
      }
    }
    const words = key.split(' ');
    const byKeyword = spec.columns.filter((c) => c.keywords?.some((k) => words.includes(k)) && !c.unless?.some((u) => words.includes(u)));
    if (byKeyword.length === 1) found.push({ key: byKeyword[0]!.key, tier: Number.POSITIVE_INFINITY, index });
    else ignored.push(header.trim());
  });
  return { claims: found, ignored };
}

interface HeaderRow<K extends string> {
  sheet: Sheet;
  rowIndex: number;
  headers: string[];
  claims: Claim<K>[];
  ignored: string[];
  missing: (readonly K[])[];
}

/** How many non-empty rows above the header a sheet may have (a title, a date, a blank line). */
const HEADER_SEARCH_ROWS = 10;

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Finds the header row (the first of a sheet's first non-empty rows that has every required
 * column; the first sheet that has one) and reads the rows under it. Refuses the file, naming
 * what it read, when no row has the required columns or two columns claim the same place.
 */
export function readTable<K extends string>(sheets: readonly Sheet[], spec: TableSpec<K>): Table<K> {
  return runNow(tableSteps(sheets, spec));
}

/** How many headers a refusal names (the rest are counted). */
const LISTED_HEADERS = 30;

/** readTable in steps (a step per row read), for runPaced. */
export function* tableSteps<K extends string>(sheets: readonly Sheet[], spec: TableSpec<K>): Steps<Table<K>> {
  let best: HeaderRow<K> | undefined;
  search: for (const sheet of sheets) {
    let seen = 0;
    for (const [rowIndex, row] of sheet.rows.entries()) {
      if (isBlank(row.cells)) continue;
      yield;
      const width = row.cells.findLastIndex((c) => c.trim() !== '') + 1;
      if (width > MAX_COLUMNS)
        throw refuseFile(
          'too_many_columns',
          `Ligne ${row.line}${sheet.name !== undefined ? ` (onglet « ${sheet.name} »)` : ''} : ${width.toLocaleString('fr-FR')} colonnes, pour ${MAX_COLUMNS} au plus. Envoyez un fichier avec un en-tête et une colonne par donnée.`,
        );
      const headers = row.cells.map((c) => c.trim());
      const found = claims(headers, spec);
      const present = new Set(found.claims.map((c) => c.key));
      const candidate = { sheet, rowIndex, headers, ...found, missing: spec.required.filter((g) => !g.some((k) => present.has(k))) };
      if (!best || candidate.missing.length < best.missing.length) best = candidate;
      if (candidate.missing.length === 0) break search;
      if (++seen >= HEADER_SEARCH_ROWS) break;
    }
  }
  if (!best) throw refuseFile('empty', 'Le fichier ne contient aucune donnée.');
  const where = `${best.sheet.name !== undefined ? `onglet « ${best.sheet.name} », ` : ''}ligne ${best.sheet.rows[best.rowIndex]!.line}`;
  if (best.missing.length > 0) {
    const labelOf = (k: K) => spec.columns.find((c) => c.key === k)!.label;
    const names = best.missing.map((g) =>
      g.length === 1 ? labelOf(g[0]!) : `${labelOf(g[0]!)} (ou ${g.slice(1).map(labelOf).join(', ou ')})`,
    );
    const read = best.headers.filter((h) => h).map((h) => `« ${clip(h, 40)} »`);
    const listed =
      read.length > LISTED_HEADERS
        ? `${read.slice(0, LISTED_HEADERS).join(', ')} et ${read.length - LISTED_HEADERS} autres`
        : read.join(', ');
    const message = `${names.length === 1 ? 'Colonne obligatoire introuvable' : 'Colonnes obligatoires introuvables'} : ${names.join(' ; ')}. Colonnes lues (${where}) : ${listed || 'aucune'}.`;
    throw refuseFile(
      'required_column',
      message,
      best.missing.map((g, i) => ({ field: g[0]!, rule: 'required_column', message: `Colonne obligatoire introuvable : ${names[i]}.` })),
    );
  }
  const { sheet, rowIndex, headers } = best;
  const sources = new Map<K, number[]>();
  for (const column of spec.columns) {
    const mine = best.claims.filter((c) => c.key === column.key);
    // A keyword match only stands in for a column no alias found.
    const usable = mine.some((c) => Number.isFinite(c.tier)) ? mine.filter((c) => Number.isFinite(c.tier)) : mine;
    if (usable.length === 0) continue;
    const strongest = Math.min(...usable.map((c) => c.tier));
    const rivals = usable.filter((c) => c.tier === strongest);
    // Two columns saying the same plain thing (or matched by the same loose keyword) are ambiguous;
    // secondary wordings complete one another in column order (SIRENE's `enseigne1`, `enseigne2`…).
    if (rivals.length > 1 && (strongest === 0 || !Number.isFinite(strongest))) {
      const named = rivals.map((c) => `« ${clip(headers[c.index]!, 40)} » (colonne ${columnLetter(c.index)})`).join(' et ');
      const message = `Plusieurs colonnes correspondent à « ${column.label} » : ${named} (${where}). Gardez-en une seule, ou renommez les autres.`;
      throw refuseFile('duplicate_column', message, [{ field: column.key, rule: 'duplicate_column', message }]);
    }
    sources.set(
      column.key,
      usable.sort((a, b) => a.tier - b.tier || a.index - b.index).map((c) => c.index),
    );
  }
  const rows: TableRow<K>[] = [];
  for (const row of sheet.rows.slice(rowIndex + 1)) {
    if (isBlank(row.cells)) continue;
    yield;
    const cells: Partial<Record<K, Cell>> = {};
    for (const [key, indexes] of sources) {
      const index = indexes.find((i) => (row.cells[i] ?? '').trim() !== '');
      if (index !== undefined) cells[key] = { value: row.cells[index]!.trim(), header: headers[index]!, column: columnLetter(index) };
    }
    rows.push({ line: row.line, cells });
  }
  if (rows.length === 0) throw refuseFile('no_rows', `Aucune ligne de données sous l’en-tête (${where}).`);
  if (spec.maxRows !== undefined && rows.length > spec.maxRows)
    throw refuseFile('too_many_rows', `${rows.length} lignes de données, pour ${spec.maxRows} au plus : découpez le fichier.`);
  return {
    ...(sheet.name !== undefined && { sheet: sheet.name }),
    headerLine: sheet.rows[rowIndex]!.line,
    headers: Object.fromEntries([...sources].map(([k, [i]]) => [k, headers[i!]!])) as Partial<Record<K, string>>,
    ignored: best.ignored,
    rows,
  };
}
