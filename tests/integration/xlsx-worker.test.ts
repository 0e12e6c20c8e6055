import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { ValidationError } from '../../domain/errors.ts';
import { readSpreadsheet } from '../../domain/spreadsheet/read.ts';
import { readWorkbookHere, setWorkbookReader, type WorkbookReader, workbookReader } from '../../domain/spreadsheet/xlsx.ts';
import type { Runtime } from '../../local/runtime.ts';
import { startWorkbookWorker } from '../../local/xlsx-reader.ts';
import { startTestRuntime } from '../support/runtime.ts';

/** The embedded runtime reads workbooks in a worker thread (local/xlsx-reader.ts): same sheets, same refusals, a free event loop. */

type Cell = string | number | boolean | Date | null;

/** A workbook of these tabs, as write-excel-file writes it (empty cells left out, as a spreadsheet does). */
async function workbook(...tabs: { sheet: string; rows: Cell[][] }[]): Promise<Uint8Array> {
  const sheets = tabs.map(({ sheet, rows }) => ({
    sheet,
    dateFormat: 'dd/mm/yyyy',
    data: rows.map((r) => r.map((value) => (value === null ? null : { value }))),
  }));
  return new Uint8Array(await (await writeXlsxFile(sheets as never).toBlob()).arrayBuffer());
}

/** A company file of `count` data rows, SIRETs typed as numbers (as tests/unit/gtec-companies.test.ts writes them). */
const companies = (count: number): Promise<Uint8Array> =>
  workbook({
    sheet: 'Entreprises',
    rows: [
      ['N° SIRET', 'Raison sociale', 'Code APE', 'Tranche d’effectifs', 'Commune', 'Adresse mail'],
      ...Array.from({ length: count }, (_, i): Cell[] => [
        73282932000074 + i,
        `Entreprise n° ${i} SARL`,
        '10.71C',
        11,
        '40248',
        `c${i}@ex.fr`,
      ]),
    ],
  });

/** The same workbook with one of its parts replaced (a damaged file the zip check lets through). */
function withPart(bytes: Uint8Array, name: string, text: string | undefined): Uint8Array {
  const parts = unzipSync(bytes);
  if (text === undefined) delete parts[name];
  else parts[name] = new TextEncoder().encode(text);
  return zipSync(parts);
}

/** What a promise settles with: its value, or its error. */
const outcome = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

/** How many times the event loop turned (setImmediate callbacks ran) while `task` ran. */
async function loopTurnsDuring(task: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    await task();
  } finally {
    running = false;
  }
  return turns;
}

let runtime: Runtime;
/** The reader the runtime installed. */
let installed: WorkbookReader;

beforeAll(async () => {
  runtime = await startTestRuntime({ seed: false });
  installed = workbookReader();
});
afterAll(() => runtime?.stop());

describe('the embedded runtime reads workbooks in a worker thread', () => {
  it('installs its own reader at start', () => {
    expect(installed).not.toBe(readWorkbookHere);
  });

  it('gives exactly the sheets the in-process read gives: tabs, numbered rows, empty rows, numbers in full, decimals, dates, booleans', async () => {
    // Prepare: the shapes of tests/unit/gtec-companies.test.ts and member-file.test.ts, and a second, empty-celled tab.
    const bytes = await workbook(
      {
        sheet: 'Entreprises',
        rows: [
          ['Entreprises du Seignanx — export du 2 mars 2026', null, null, null],
          [null, null, null, null],
          ['N° SIRET', 'Raison sociale', 'Surface (m²)', 'Date d’entrée'],
          [73282932000074, 'Bœuf & Cie', 33.25, new Date(Date.UTC(2019, 8, 1))],
          [44200000000001, 'Métallerie "Duhalde"; fils,\nSARL', 1234.5, '2018-01-01'],
        ],
      },
      {
        sheet: 'Notes',
        rows: [
          ['à voir', true],
          [null, 0.75],
        ],
      },
    );
    // Act: in-process (the reference), then through the runtime's reader, directly and as a file is read.
    const here = await readWorkbookHere(bytes.slice().buffer);
    const direct = await installed(bytes.slice().buffer);
    const there = (await readSpreadsheet(bytes)).sheets;
    // Assess
    expect(direct).toEqual(here);
    expect(there).toEqual(here);
    expect(there.map((s) => s.name)).toEqual(['Entreprises', 'Notes']);
    expect(there[0]!.rows[3]).toEqual({ line: 4, cells: ['73282932000074', 'Bœuf & Cie', '33.25', '2019-09-01'] });
  });

  it('gives the same 10,000 rows, sent back in several chunks, in order', async () => {
    const bytes = await companies(10_000);
    const there = await installed(bytes.slice().buffer);
    expect(there).toEqual(await readWorkbookHere(bytes.slice().buffer));
    expect(there[0]!.rows.map((r) => r.line)).toEqual(Array.from({ length: 10_001 }, (_, i) => i + 1));
  });

  it('keeps the event loop turning while a 10,000-row workbook is read, where the in-process read holds it throughout', async () => {
    // Prepare: the parts stored, not deflated: fflate inflates a large deflated part on a thread of its
    // own, whose wait would count turns in-process too; stored, what is counted is the XML parsing alone.
    const bytes = zipSync(unzipSync(await companies(10_000)), { level: 0 });
    await installed(bytes.slice().buffer); // warm: the thread started, the library loaded
    // Act
    const here = await loopTurnsDuring(() => readWorkbookHere(bytes.slice().buffer));
    const there = await loopTurnsDuring(() => installed(bytes.slice().buffer));
    // Assess: in-process, the loop does not turn once in the whole read (0.2–0.5 s); through the
    // worker, it turns as long as the read lasts (about 100,000 times measured).
    expect(here).toBe(0);
    expect(there).toBeGreaterThan(1_000);
  });

  it.each([
    ['without its workbook part', (b: Uint8Array) => withPart(b, 'xl/workbook.xml', undefined)],
    ['with a sheet of broken XML', (b: Uint8Array) => withPart(b, 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c')],
    ['with its workbook part not XML', (b: Uint8Array) => withPart(b, 'xl/workbook.xml', 'PK garbage')],
  ])('refuses a damaged workbook (%s) exactly as the in-process read does', async (_, damage) => {
    // Prepare
    const bytes = damage(await companies(3));
    // Act
    const here = await outcome(readWorkbookHere(bytes.slice().buffer));
    const there = await outcome(readSpreadsheet(bytes));
    // Assess
    expect(here).toEqual({ error: expect.any(ValidationError) });
    expect(there).toEqual({ error: expect.any(ValidationError) });
    const [a, b] = [here, there].map((o) => (o as { error: ValidationError }).error);
    expect(b!.message).toBe(a!.message);
    expect(b!.issues).toEqual(a!.issues);
    expect(b!.issues).toEqual([{ field: '(fichier)', rule: 'xlsx', message: expect.stringContaining('Classeur .xlsx illisible') }]);
  });

  it('still refuses a zip bomb on the main thread, before any hand-off', async () => {
    const seen: number[] = [];
    setWorkbookReader((file) => {
      seen.push(file.byteLength);
      return installed(file);
    });
    try {
      const bytes = withPart(await companies(3), 'xl/worksheets/sheet1.xml', '<a/>'.repeat(3_000_000));
      await expect(readSpreadsheet(bytes)).rejects.toMatchObject({ issues: [{ rule: 'too_large' }] });
      expect(seen).toEqual([]);
    } finally {
      setWorkbookReader(installed);
    }
  });
});

describe('a workbook reader stopped', () => {
  it('rejects a read in flight and any read after, at once and as no refusal of the file', async () => {
    // Prepare
    const reader = startWorkbookWorker();
    const bytes = await companies(2_000);
    const inFlight = outcome(reader.read(bytes.slice().buffer));
    // Act
    await reader.close();
    const late = await outcome(reader.read(bytes.slice().buffer));
    // Assess
    for (const result of [await inFlight, late]) {
      expect(result).toEqual({ error: expect.any(Error) });
      expect((result as { error: Error }).error).not.toBeInstanceOf(ValidationError);
      expect((result as { error: Error }).error.message).toBe('workbook reader stopped: the embedded runtime is stopping');
    }
  });

  it('the runtime’s stop ends its reader: a late read through it rejects, and the in-process reader is back', async () => {
    // Prepare: a second runtime (the first is stopped by afterAll), its reader having read once.
    await runtime.stop();
    const other = await startTestRuntime({ seed: false });
    const reader = workbookReader();
    const bytes = await companies(3);
    expect(await reader(bytes.slice().buffer)).toHaveLength(1);
    // Act
    await other.stop();
    const late = await outcome(reader(bytes.slice().buffer));
    // Assess
    expect(late).toEqual({ error: expect.objectContaining({ message: 'workbook reader stopped: the embedded runtime is stopping' }) });
    expect(workbookReader()).toBe(readWorkbookHere);
    expect((await readSpreadsheet(bytes)).sheets[0]!.rows).toHaveLength(4);
  });
});
