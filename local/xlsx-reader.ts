import { Worker } from 'node:worker_threads';
import type { Sheet } from '../domain/spreadsheet/sheet.ts';
import { unreadableWorkbook, type WorkbookReader } from '../domain/spreadsheet/xlsx.ts';
import type { WorkbookAnswer, WorkbookJob } from './xlsx-worker.ts';

/** A workbook reader on a worker thread, and how to stop it. */
export interface WorkbookWorker {
  read: WorkbookReader;
  /** Ends the thread; a read in flight or asked for afterwards rejects. */
  close(): Promise<void>;
}

interface Job {
  sheets: Sheet[];
  resolve(sheets: Sheet[]): void;
  reject(error: unknown): void;
}

/**
 * The embedded runtime's workbook reader: read-excel-file's XML parsing (a 10,000-row workbook
 * holds a thread for 0.5–1 s) runs in one long-lived worker thread, started at the first read, so the
 * runtime's one event loop keeps serving meanwhile. Jobs queue in the worker; the file's bytes are
 * transferred, not copied; the sheets come back in chunks, each cheap to receive. A workbook the
 * library cannot read is refused as in-process (unreadableWorkbook); a crash of the thread fails the
 * reads in flight and the next read starts another thread.
 */
export function startWorkbookWorker(): WorkbookWorker {
  const jobs = new Map<number, Job>();
  let worker: Worker | undefined;
  let nextId = 0;
  let closed = false;

  const failAll = (error: unknown): void => {
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
  };
  const settle = (id: number, outcome: (job: Job) => void): void => {
    const job = jobs.get(id);
    jobs.delete(id);
    if (job) outcome(job);
    // An idle thread does not keep the process alive.
    if (jobs.size === 0) worker?.unref();
  };
  const receive = ({ id, ...answer }: WorkbookAnswer): void => {
    if ('chunk' in answer) {
      const { sheet, name, rows } = answer.chunk;
      const job = jobs.get(id);
      if (!job) return; // failed meanwhile (the reader was closed)
      job.sheets[sheet] ??= { name, rows: [] };
      for (const row of rows) job.sheets[sheet].rows.push(row);
    } else if ('done' in answer) {
      settle(id, (job) => job.resolve(job.sheets));
    } else {
      settle(id, (job) => job.reject(answer.refused ? unreadableWorkbook() : new Error(`workbook reader failed: ${answer.failed}`)));
    }
  };
  const spawn = (): Worker => {
    // No execArgv: the .mjs loads its TypeScript through tsx itself, whatever loader the parent has.
    const started = new Worker(new URL('./xlsx-worker.mjs', import.meta.url), { execArgv: [] });
    started.on('message', receive);
    started.on('error', failAll);
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      failAll(new Error(`workbook reader thread exited (${code})`));
    });
    return started;
  };

  return {
    read: (file) => {
      if (closed) return Promise.reject(new Error('workbook reader stopped: the embedded runtime is stopping'));
      worker ??= spawn();
      worker.ref();
      const id = nextId++;
      const sheets = new Promise<Sheet[]>((resolve, reject) => jobs.set(id, { sheets: [], resolve, reject }));
      worker.postMessage({ id, file } satisfies WorkbookJob, [file]);
      return sheets;
    },
    close: async () => {
      closed = true;
      failAll(new Error('workbook reader stopped: the embedded runtime is stopping'));
      await worker?.terminate();
    },
  };
}
