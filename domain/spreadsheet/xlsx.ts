import readXlsxFile from 'read-excel-file/universal';
import { refuseFile, type Sheet } from './sheet.ts';
import { checkWorkbookZip } from './zip.ts';

/**
 * An `.xlsx` workbook's tabs as sheets of text cells, read in memory (read-excel-file's universal
 * build: fflate and a SAX parser, no file, no worker). A row's number is the workbook's own, empty
 * rows included. Numbers are written out in full (`73282932000074`, never `7.3E+13`): a SIRET or a
 * code typed as a number reads as its digits, and a 13-digit one is flagged by the row checks.
 * The zip is bounded first (checkWorkbookZip): a zip bomb is refused before anything is unzipped.
 */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  await checkWorkbookZip(bytes);
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    // The library wants an ArrayBuffer of exactly the file: a small Buffer is a view on a shared pool
    // (and Buffer's slice() is a view too), so the file's bytes are copied into one of their own.
    sheets = (await readXlsxFile(new Uint8Array(bytes).buffer)) as never;
  } catch {
    throw refuseFile('xlsx', 'Classeur .xlsx illisible (endommagé ?) : ouvrez-le dans le tableur et enregistrez-le à nouveau.');
  }
  return sheets.map(({ sheet, data }) => ({ name: sheet, rows: data.map((row, i) => ({ line: i + 1, cells: row.map(cellText) })) }));
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}
