import { parentPort } from 'node:worker_threads';
import { ValidationError } from '../domain/errors.ts';
import type { SheetRow } from '../domain/spreadsheet/sheet.ts';
import { readWorkbookHere } from '../domain/spreadsheet/xlsx.ts';

/** A job: the workbook's bytes, transferred. */
export interface WorkbookJob {
  id: number;
  file: ArrayBuffer;
}

/** What comes back for a job: chunks of a sheet's rows (in order), then `done` (the sheet count) or a failure. */
export type WorkbookAnswer =
  | { id: number; chunk: { sheet: number; name?: string; rows: SheetRow[] } }
  | { id: number; done: number }
  | { id: number; refused: boolean; failed: string };

// Receiving a message is a structured clone on the parent's thread too: a chunk of about this many
// cells takes a few ms there, where 10,000 rows in one message would hold its loop for tens.
const CHUNK_CELLS = 20_000;

const port = parentPort!;
const answer = (message: WorkbookAnswer): void => port.postMessage(message);

// Jobs posted while this module loaded wait in the port's queue until this listener starts it.
port.on('message', async ({ id, file }: WorkbookJob) => {
  try {
    // The very read Lambda does in-process, so both give the same sheets.
    const sheets = await readWorkbookHere(file);
    sheets.forEach(({ name, rows }, sheet) => {
      for (let start = 0, cells = 0, i = 0; i < rows.length; i++) {
        cells += rows[i]!.cells.length + 1;
        if (cells >= CHUNK_CELLS || i === rows.length - 1) {
          answer({ id, chunk: { sheet, name, rows: rows.slice(start, i + 1) } });
          start = i + 1;
          cells = 0;
        }
      }
      if (rows.length === 0) answer({ id, chunk: { sheet, name, rows: [] } });
    });
    answer({ id, done: sheets.length });
  } catch (error) {
    // A class does not survive the trip: the parent rebuilds the refusal.
    answer({ id, refused: error instanceof ValidationError, failed: String(error) });
  }
});
