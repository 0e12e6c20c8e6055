/**
 * The main thread's longest stall while a 10,000-row company workbook (as Excel writes it: parts
 * deflated) is read, in-process (Lambda's reader) and through the embedded runtime's worker thread
 * (local/xlsx-reader.ts), from the zip check to the sheets. Figures only.
 *
 *   BENCH_XLSX_ROWS=10000  data rows of the workbook
 *   BENCH_XLSX_RUNS=5      reads with each reader (after one warm-up read)
 */
import writeXlsxFile from 'write-excel-file/universal';
import { readSpreadsheet } from '../domain/spreadsheet/read.ts';
import { setWorkbookReader, type WorkbookReader } from '../domain/spreadsheet/xlsx.ts';
import { startWorkbookWorker } from '../local/xlsx-reader.ts';
import { fmt, median, table } from './report.ts';
import { isolatedStall } from './stalls.ts';

const ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_XLSX_RUNS ?? 5);

/** A company file of `rows` data rows, SIRETs typed as numbers. */
async function companyWorkbook(rows: number): Promise<Uint8Array> {
  const header = ['N° SIRET', 'Raison sociale', 'Code APE', 'Tranche d’effectifs', 'Commune', 'Adresse mail'];
  const data = [
    header,
    ...Array.from({ length: rows }, (_, i) => [73282932000074 + i, `Entreprise n° ${i} SARL`, '10.71C', 11, '40248', `c${i}@ex.fr`]),
  ];
  const blob = await writeXlsxFile(data.map((r) => r.map((value) => ({ value }))) as never, { sheet: 'Entreprises' } as never).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

/** Longest stall and duration of each read, in ms. */
async function measure(bytes: Uint8Array, reader?: WorkbookReader): Promise<{ stalls: number[]; durations: number[] }> {
  setWorkbookReader(reader);
  await readSpreadsheet(bytes); // warm-up: modules loaded, the worker thread started
  const stalls: number[] = [];
  const durations: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    stalls.push(await isolatedStall(() => readSpreadsheet(bytes)));
    durations.push(performance.now() - started);
  }
  return { stalls, durations };
}

/** Prints the stalls of both readers. */
export async function runXlsx(): Promise<void> {
  const bytes = await companyWorkbook(ROWS);
  console.log(`${fmt(ROWS, 0)}-row workbook, ${fmt(bytes.length / 1024, 0)} KiB; ${RUNS} reads each, after a warm-up`);
  const here = await measure(bytes);
  const worker = startWorkbookWorker();
  const there = await measure(bytes, worker.read);
  setWorkbookReader();
  await worker.close();
  const row = (name: string, { stalls, durations }: { stalls: number[]; durations: number[] }) => [
    name,
    fmt(median(stalls), 0),
    fmt(Math.max(...stalls), 0),
    fmt(median(durations), 0),
  ];
  console.log(
    table(
      ['reader', 'longest stall, median (ms)', 'longest stall, max (ms)', 'read, median (ms)'],
      [row('in-process (Lambda)', here), row('worker thread (embedded runtime)', there)],
      ['l', 'r', 'r', 'r'],
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runXlsx();
