import { CsvError, parse } from 'csv-parse/sync';
import { refuseFile, type Sheet } from './sheet.ts';

const SEPARATORS = [';', ',', '\t'] as const;
type Separator = (typeof SEPARATORS)[number];

/** Excel's `sep=;` first line, which names the separator (Excel writes it, some scripts too). */
const SEP_LINE = /^\uFEFF?"?sep=(.)"?[;,\t]*\r?$/i;

/**
 * The separator of a CSV text: the one a `sep=` first line names, else whichever of `;`, `,` and
 * tab appears most often outside quotes on the first line with any (`;` on a tie: French files).
 */
export function detectSeparator(text: string): Separator {
  const lines = text.split('\n', 20);
  const named = SEP_LINE.exec(lines[0] ?? '')?.[1];
  if (named && (SEPARATORS as readonly string[]).includes(named)) return named as Separator;
  for (const line of lines) {
    const bare = line.replace(/"[^"]*"/g, '');
    const counts = SEPARATORS.map((s) => bare.split(s).length - 1);
    const best = Math.max(...counts);
    if (best > 0) return SEPARATORS[counts.indexOf(best)]!;
  }
  return ';';
}

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'un guillemet ouvert n’est jamais refermé',
  CSV_INVALID_CLOSING_QUOTE: 'un caractère suit directement un guillemet fermant',
};

/**
 * A CSV text as one sheet: quoted fields (holding separators, quotes doubled, line breaks), CRLF
 * or LF, a `sep=` first line. Rows are numbered from 1 = the first line of the file (the `sep=`
 * line included), one number per record, as a spreadsheet shows them.
 */
export function readCsv(text: string): Sheet {
  const body = text.replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(body, {
      delimiter: detectSeparator(body),
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    const problem = CSV_PROBLEMS[error.code] ?? 'sa structure CSV est invalide';
    throw refuseFile('csv', `Fichier CSV illisible${line ? ` (ligne ${line})` : ''} : ${problem}.`);
  }
  return { rows: records.map((cells, i) => ({ line: i + 1, cells })) };
}
