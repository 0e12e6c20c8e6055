import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryWriter, readHistory } from '../../local/execution-history.ts';
import type { Runtime } from '../../local/runtime.ts';
import { ddb } from '../../store/client.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * The embedded engine numbers an execution's events after those already kept, which it learns from
 * a query when the run starts. A task may finish before that query answers (200 applications at
 * once): its event must not be numbered from 1 again, or two events share a key and the batch that
 * holds both is refused — the run's end then never reached the table.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const MACHINE = 'pole-history-test';
const writerFor = (name: string) => new HistoryWriter(ddb(), MACHINE, name, runtime.clock, new Map());

describe('events recorded before the numbering is known', () => {
  it('a first run: a task finished before init() answered keeps its own number and is written', async () => {
    const writer = writerFor('early-task');
    const ready = writer.init();
    writer.taskSucceeded('Quick', 'Quick\n{}', { ok: true });
    await ready;
    writer.taskSucceeded('Next', 'Next\n{}', { ok: true });
    await writer.flush();
    const events = await readHistory(ddb(), MACHINE, 'early-task');
    expect(events.map((e) => [e.id, e.stateName])).toEqual([
      [1, 'Quick'],
      [2, 'Next'],
    ]);
  });

  it('a resumed run: early events go after the kept ones and the run-start event, overwriting none', async () => {
    const first = writerFor('resumed');
    await first.init();
    first.taskSucceeded('A', 'A\n{}', 1);
    first.taskSucceeded('B', 'B\n{}', 2);
    await first.flush();

    const second = writerFor('resumed');
    const ready = second.init({ type: 'ExecutionResumed', cause: 'restart' });
    second.taskSucceeded('C', 'C\n{}', 3);
    await ready;
    await second.flush();
    const events = await readHistory(ddb(), MACHINE, 'resumed');
    expect(events.map((e) => [e.id, e.type, e.stateName ?? null])).toEqual([
      [1, 'TaskSucceeded', 'A'],
      [2, 'TaskSucceeded', 'B'],
      [3, 'ExecutionResumed', null],
      [4, 'TaskSucceeded', 'C'],
    ]);
  });
});
