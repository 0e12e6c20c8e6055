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

/** Rows above the data a CSV may hold before its rows count against a limit: titles, a `sep=` line, the header. */
const LEADING_ROWS = 11;

/**
 * Rows holding nothing but separators and spaces (`;;;;;`: a spreadsheet's formatted empty rows)
 * emptied, lines kept, outside quoted fields: the parser skips empty lines at no cost, where each
 * short row would cost it an error object. A row's number does not change.
 */
function withoutBlankRows(text: string, separator: string): string {
  const blank = new RegExp(`^[${separator === '\t' ? '\\t' : separator} \\t\\r]+$`);
  const lines = text.split('\n');
  let quoted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!quoted && blank.test(line)) lines[i] = '';
    // An odd number of quotes opens or closes a field that runs onto the next line.
    if ((line.split('"').length - 1) % 2 === 1) quoted = !quoted;
  }
  return lines.join('\n');
}

/**
 * A CSV text as one sheet: quoted fields (holding separators, quotes doubled, line breaks), CRLF
 * or LF, a `sep=` first line. Rows are numbered from 1 = the first line of the file (the `sep=`
 * line included), one number per record, as a spreadsheet shows them. Blank rows cost nothing and
 * are left out; beyond `maxRows` data rows the file is refused at once (`too_many_rows`).
 */
export function readCsv(text: string, maxRows = Number.POSITIVE_INFINITY): Sheet {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectSeparator(body);
  const rows: Sheet['rows'] = [];
  try {
    parse(withoutBlankRows(body, delimiter), {
      delimiter,
      // Both line endings, whatever the first line used: emptied rows end with a bare LF.
      record_delimiter: ['\r\n', '\n'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      on_record: (({ record }: { record: string[] }, context: { records: number; empty_lines: number }) => {
        if (record.every((c) => c.trim() === '')) return null;
        if (rows.length >= maxRows + LEADING_ROWS) throw tooManyRows(maxRows);
        rows.push({ line: context.records + context.empty_lines, cells: record });
        return null;
      }) as never, // with `info`, the parser hands each record with its info
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    const problem = CSV_PROBLEMS[error.code] ?? 'sa structure CSV est invalide';
    throw refuseFile('csv', `Fichier CSV illisible${line ? ` (ligne ${line})` : ''} : ${problem}.`);
  }
  return { rows };
}

/** The refusal of a file with more data rows than `maxRows`, naming the limit. */
export const tooManyRows = (maxRows: number) =>
  refuseFile(
    'too_many_rows',
    `Plus de ${maxRows.toLocaleString('fr-FR')} lignes de données : découpez le fichier (${maxRows.toLocaleString('fr-FR')} lignes au plus).`,
  );
