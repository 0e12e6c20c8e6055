import readXlsxFile from 'read-excel-file/universal';
import { refuseFile, type Sheet } from './sheet.ts';
import { checkWorkbookZip } from './zip.ts';

/**
 * Turns a workbook's bytes (an ArrayBuffer of exactly the file, the reader's to keep) into its
 * sheets; a workbook it cannot read is refused with `unreadableWorkbook()`.
 */
export type WorkbookReader = (file: ArrayBuffer) => Promise<Sheet[]>;

/** The refusal of a workbook the library cannot read, wherever it was read. */
export const unreadableWorkbook = () =>
  refuseFile('xlsx', 'Classeur .xlsx illisible (endommagé ?) : ouvrez-le dans le tableur et enregistrez-le à nouveau.');

/**
 * Reads a workbook in this thread (read-excel-file's universal build: fflate and a SAX parser, no
 * file, no worker). Its XML parsing is one synchronous piece (about 0.5–1 s for 10,000 rows): fine
 * in Lambda, one request per instance; the embedded runtime reads in a worker instead (setWorkbookReader).
 */
export async function readWorkbookHere(file: ArrayBuffer): Promise<Sheet[]> {
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readXlsxFile(file)) as never;
  } catch {
    throw unreadableWorkbook();
  }
  return sheets.map(({ sheet, data }) => ({ name: sheet, rows: data.map((row, i) => ({ line: i + 1, cells: row.map(cellText) })) }));
}

let reader: WorkbookReader = readWorkbookHere;

/** Installs another workbook reader (the embedded runtime's worker); none puts the in-thread one back. */
export function setWorkbookReader(next?: WorkbookReader): void {
  reader = next ?? readWorkbookHere;
}

/** The workbook reader in use. */
export const workbookReader = (): WorkbookReader => reader;

/**
 * An `.xlsx` workbook's tabs as sheets of text cells. A row's number is the workbook's own, empty
 * rows included. Numbers are written out in full (`73282932000074`, never `7.3E+13`): a SIRET or a
 * code typed as a number reads as its digits, and a 13-digit one is flagged by the row checks.
 * The zip is bounded first (checkWorkbookZip): a zip bomb is refused before anything is unzipped,
 * then the workbook reader in use reads it.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  await checkWorkbookZip(bytes);
  // The library wants an ArrayBuffer of exactly the file: a small Buffer is a view on a shared pool
  // (and Buffer's slice() is a view too), so the file's bytes are copied into one of their own,
  // which a worker reader may then take over without another copy.
  return reader(new Uint8Array(bytes).buffer);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}
