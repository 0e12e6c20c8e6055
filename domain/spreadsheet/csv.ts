import { finished } from 'node:stream/promises';
import { CsvError, type Options, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { yieldToLoop } from '../pace.ts';
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

/** Characters of text handed to the parser at a time when reading paced (a few ms of parsing). */
const CHUNK_CHARS = 64 * 1024;

/**
 * The text in chunks of whole lines, rows holding nothing but separators and spaces (`;;;;;`: a
 * spreadsheet's formatted empty rows) emptied, lines kept, outside quoted fields: the parser skips
 * empty lines at no cost, where each short row would cost it an error object. A row's number does
 * not change, and the chunks put end to end are the text.
 */
function* blankedChunks(text: string, separator: string): Generator<string, void, undefined> {
  const blank = new RegExp(`^[${separator === '\t' ? '\\t' : separator} \\t\\r]+$`);
  let quoted = false;
  let lines: string[] = [];
  let size = 0;
  for (let from = 0; ; ) {
    const end = text.indexOf('\n', from);
    const line = text.slice(from, end === -1 ? undefined : end);
    lines.push(!quoted && blank.test(line) ? '' : line);
    // An odd number of quotes opens or closes a field that runs onto the next line.
    if ((line.split('"').length - 1) % 2 === 1) quoted = !quoted;
    size += line.length + 1;
    if (end === -1) return yield lines.join('\n');
    if (size >= CHUNK_CHARS) {
      yield `${lines.join('\n')}\n`;
      lines = [];
      size = 0;
    }
    from = end + 1;
  }
}

/** csv-parse's options for a sheet: each non-blank record goes to `rows`, numbered; beyond `maxRows` data rows, the file is refused. */
function csvOptions(delimiter: Separator, rows: Sheet['rows'], maxRows: number): Options {
  return {
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
  };
}

/** A parser's error as the file's refusal (its line, in French); any other error as it is. */
function csvRefusal(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = (error as CsvError & { lines?: number }).lines;
  const problem = CSV_PROBLEMS[error.code] ?? 'sa structure CSV est invalide';
  return refuseFile('csv', `Fichier CSV illisible${line ? ` (ligne ${line})` : ''} : ${problem}.`);
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
    parseSync([...blankedChunks(body, delimiter)].join(''), csvOptions(delimiter, rows, maxRows));
  } catch (error) {
    throw csvRefusal(error);
  }
  return { rows };
}

/**
 * readCsv, the same sheet, read through csv-parse's stream a chunk at a time with a turn of the
 * event loop between chunks: a 4 MB file never holds the loop for long.
 */
export async function readCsvPaced(text: string, maxRows = Number.POSITIVE_INFINITY): Promise<Sheet> {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = detectSeparator(body);
  const rows: Sheet['rows'] = [];
  try {
    await parseCsvPaced(blankedChunks(body, delimiter), csvOptions(delimiter, rows, maxRows));
  } catch (error) {
    throw csvRefusal(error);
  }
  return { rows };
}

/** Bytes handed to the parser at a time: about 25 ms of parsing on a busy machine, even for a line of empty fields (its slowest case). */
const PARSE_BYTES = 16 * 1024;

/**
 * What csv-parse/sync's `parse(chunks.join(''), options)` does, for options whose `on_record` keeps
 * each record (returning null): the text goes through csv-parse's stream PARSE_BYTES at a time (a
 * stream parser reads a record or a character across two writes), with a turn of the event loop
 * between writes. Rejects with the parser's error (a CsvError, or what on_record threw).
 */
export async function parseCsvPaced(chunks: Iterable<string>, options: Options): Promise<void> {
  const parser = parse(options);
  // Nothing comes out (on_record keeps each record), but the stream must flow to end.
  parser.resume();
  const done = finished(parser);
  // The parser may fail while chunks are still being written (a row past the limit): its rejection is
  // awaited below, after the loop; marked handled now so that it never counts as an unhandled one meanwhile.
  done.catch(() => {});
  write: for (const chunk of chunks) {
    const bytes = Buffer.from(chunk);
    for (let at = 0; at < bytes.length; at += PARSE_BYTES) {
      // The parser reads what it is given within write(): the turn between writes is the event loop's.
      parser.write(bytes.subarray(at, at + PARSE_BYTES));
      if (parser.destroyed) break write;
      await yieldToLoop();
    }
  }
  if (!parser.destroyed) parser.end();
  await done;
}

/** A text in chunks of whole lines of about CHUNK_CHARS characters: put end to end, they are the text. */
export function* lineChunks(text: string): Generator<string, void, undefined> {
  for (let from = 0; from < text.length; ) {
    const end = text.indexOf('\n', from + CHUNK_CHARS);
    const to = end === -1 ? text.length : end + 1;
    yield text.slice(from, to);
    from = to;
  }
}

/** The refusal of a file with more data rows than `maxRows`, naming the limit. */
export const tooManyRows = (maxRows: number) =>
  refuseFile(
    'too_many_rows',
    `Plus de ${maxRows.toLocaleString('fr-FR')} lignes de données : découpez le fichier (${maxRows.toLocaleString('fr-FR')} lignes au plus).`,
  );
