import { readCsvPaced } from './csv.ts';
import { decodeText } from './decode.ts';
import { refuseFile, type Sheet } from './sheet.ts';
import { readXlsx } from './xlsx.ts';

export interface Spreadsheet {
  format: 'csv' | 'xlsx';
  /** The text encoding a CSV file was read in. */
  encoding?: string;
  sheets: Sheet[];
}

const startsWith = (bytes: Uint8Array, ...signature: number[]): boolean => signature.every((b, i) => bytes[i] === b);
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/**
 * Reads an uploaded file, whatever the media type it was sent with: its first bytes say what it
 * is (browsers label a `.csv` `application/vnd.ms-excel`, scripts `application/octet-stream`).
 * An `.xlsx` workbook is read as such; an old `.xls`, a password-protected workbook or an `.ods`
 * is refused with what to do; anything else is decoded as CSV text (see decodeText), read up to
 * `maxRows` data rows (a few header rows more): the file is refused at the first row beyond.
 */
export async function readSpreadsheet(bytes: Uint8Array, options: { charset?: string; maxRows?: number } = {}): Promise<Spreadsheet> {
  if (bytes.length === 0) throw refuseFile('empty', 'Le fichier est vide.');
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    // A zip: an OpenDocument file names its type in a first, stored `mimetype` entry.
    if (ascii(bytes, 30, 80).startsWith('mimetypeapplication/vnd.oasis.opendocument'))
      throw refuseFile('xlsx', 'Fichier OpenDocument (.ods) : enregistrez-le au format Excel (.xlsx) ou CSV.');
    return { format: 'xlsx', sheets: await readXlsx(bytes) };
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0))
    throw refuseFile(
      'xls',
      'Ancien format Excel (.xls), ou classeur protégé par un mot de passe : enregistrez-le sans mot de passe au format .xlsx ou CSV.',
    );
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46))
    throw refuseFile('not_a_spreadsheet', 'C’est un PDF, pas un tableau : envoyez un fichier CSV ou .xlsx.');
  const { text, encoding } = decodeText(bytes, options.charset);
  if (text.includes('\u0000')) throw refuseFile('not_a_spreadsheet', 'Ce fichier n’est ni un CSV ni un classeur .xlsx.');
  return { format: 'csv', encoding, sheets: [await readCsvPaced(text, options.maxRows)] };
}
