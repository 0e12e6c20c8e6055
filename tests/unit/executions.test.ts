import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/pole-admin.ts';
import {
  assertRedrivable,
  assertStoppable,
  EXECUTION_STATUS_LABELS,
  EXECUTION_STATUSES,
  type ExecutionStatus,
  type ExecutionSummary,
  type HistoryEvent,
  STEP_OUTCOME_LABELS,
  selectExecutions,
  timeline,
} from '../../domain/executions.ts';
import { buildBackOffice } from '../../web/build.ts';

/** Events one second apart, ids in order: what both engines' history looks like once normalized. */
function history(...events: Omit<HistoryEvent, 'id' | 'timestamp'>[]): HistoryEvent[] {
  return events.map((e, i) => ({ id: i + 1, timestamp: new Date(Date.UTC(2026, 10, 26, 8, 0, i)).toISOString(), ...e }));
}
const entered = (stateName: string, stateType = 'Task', input: unknown = { step: stateName }) => ({
  type: 'StateEntered',
  stateName,
  stateType,
  input,
});
const exited = (stateName: string) => ({ type: 'StateExited', stateName, output: {} });

describe('timeline', () => {
  it('reads Step Functions task events (no state name) as attempts of the step entered last', () => {
    // Prepare: a task failing once then retried (AWS: TaskFailed, TaskScheduled), then a success
    const events = history(
      { type: 'ExecutionStarted', input: {} },
      entered('RecordApplication'),
      { type: 'TaskScheduled' },
      { type: 'StateFailed', error: 'Lambda.ServiceException', cause: 'throttled' },
      { type: 'TaskScheduled' },
      exited('RecordApplication'),
      { type: 'ExecutionSucceeded', output: {} },
    );
    // Act
    const { steps, failure, runs } = timeline({ status: 'SUCCEEDED' }, events);
    // Assess
    expect(runs).toEqual([{ index: 0, type: 'ExecutionStarted', at: events[0]!.timestamp }]);
    expect(steps).toEqual([
      expect.objectContaining({
        stateName: 'RecordApplication',
        stateType: 'Task',
        outcome: 'SUCCEEDED',
        attempts: 2,
        durationMs: 4000,
        error: 'Lambda.ServiceException',
        run: 0,
      }),
    ]);
    expect(failure).toBeUndefined();
  });

  it('points at the step whose error a Catch sent to a Fail state, with its input', () => {
    const events = history(
      { type: 'ExecutionStarted', input: {} },
      entered('AwaitCommitteeDecision'),
      { type: 'StateFailed', error: 'States.Timeout', cause: 'reminder due' },
      { type: 'StateCaught', stateName: 'AwaitCommitteeDecision' },
      exited('AwaitCommitteeDecision'),
      entered('ActivateMember', 'Task', { applicationId: 'app-1' }),
      { type: 'StateFailed', stateName: 'ActivateMember', error: 'Error', cause: 'boom' },
      exited('ActivateMember'),
      entered('MarkApplicationFailed'),
      exited('MarkApplicationFailed'),
      entered('OnboardingFailed', 'Fail'),
      { type: 'ExecutionFailed', error: 'OnboardingFailed', cause: 'A step failed for good' },
    );
    const { steps, failure } = timeline({ status: 'FAILED', error: 'OnboardingFailed', cause: 'A step failed for good' }, events);
    expect(steps.map((s) => [s.stateName, s.outcome])).toEqual([
      ['AwaitCommitteeDecision', 'CAUGHT'],
      ['ActivateMember', 'CAUGHT'],
      ['MarkApplicationFailed', 'SUCCEEDED'],
      ['OnboardingFailed', 'FAILED'],
    ]);
    expect(failure).toEqual({
      stateName: 'ActivateMember',
      error: 'Error',
      cause: 'boom',
      input: { applicationId: 'app-1' },
      at: events[7]!.timestamp,
    });
  });

  it('points at an uncaught failing step, and only at the latest run after a redrive', () => {
    const events = history(
      { type: 'ExecutionStarted', input: {} },
      entered('OpenQuarter'),
      { type: 'StateFailed', stateName: 'OpenQuarter', error: 'Error', cause: 'first' },
      { type: 'ExecutionFailed', error: 'Error', cause: 'first' },
      { type: 'ExecutionRedriven' },
      entered('OpenQuarter'),
      exited('OpenQuarter'),
      entered('ComputeDraft'),
      { type: 'StateFailed', stateName: 'ComputeDraft', error: 'RangeError', cause: 'second' },
      { type: 'ExecutionFailed', error: 'RangeError', cause: 'second' },
    );
    const { runs, steps, failure } = timeline({ status: 'FAILED', error: 'RangeError', cause: 'second' }, events);
    expect(runs.map((r) => [r.index, r.type])).toEqual([
      [0, 'ExecutionStarted'],
      [1, 'ExecutionRedriven'],
    ]);
    expect(steps.map((s) => [s.run, s.stateName, s.outcome])).toEqual([
      [0, 'OpenQuarter', 'FAILED'],
      [1, 'OpenQuarter', 'SUCCEEDED'],
      [1, 'ComputeDraft', 'FAILED'],
    ]);
    expect(failure).toMatchObject({ stateName: 'ComputeDraft', error: 'RangeError', cause: 'second' });
  });

  it('shows where a stopped execution was waiting, and closes what an interrupted run left open', () => {
    const events = history(
      { type: 'ExecutionStarted', input: {} },
      entered('AwaitCommitteeDecision'),
      { type: 'ExecutionResumed', cause: 'restart 1' },
      entered('AwaitCommitteeDecision'),
      { type: 'ExecutionAborted' },
    );
    const { steps, failure } = timeline({ status: 'ABORTED', error: 'StoppedByAdmin', cause: 'Arrêtée' }, events);
    expect(steps.map((s) => [s.run, s.outcome])).toEqual([
      [0, 'ABORTED'],
      [1, 'ABORTED'],
    ]);
    expect(failure).toMatchObject({ stateName: 'AwaitCommitteeDecision', error: 'StoppedByAdmin', cause: 'Arrêtée' });
  });

  it('a Fail state entered without any caught error is its own failure (Step Functions: no exit event)', () => {
    const events = history(entered('Check', 'Choice'), exited('Check'), entered('Refused', 'Fail'), {
      type: 'ExecutionFailed',
      error: 'Refused',
      cause: 'no',
    });
    expect(timeline({ status: 'FAILED', error: 'Refused', cause: 'no' }, events).failure).toMatchObject({
      stateName: 'Refused',
      error: 'Refused',
    });
  });
});

describe('selectExecutions', () => {
  const at = (day: number, hour = 8) => new Date(Date.UTC(2026, 9, day, hour)).toISOString();
  const e = (name: string, status: ExecutionStatus, startDate: string, stopDate?: string): ExecutionSummary => ({
    executionArn: `arn:x:${name}`,
    stateMachineArn: 'arn:x',
    name,
    status,
    startDate,
    ...(stopDate && { stopDate }),
  });
  const lists = [
    {
      workflow: 'member-onboarding',
      executions: [
        e('pole-a--app-1', 'FAILED', at(1), at(1, 9)),
        e('pole-a--app-2', 'RUNNING', at(3)),
        e('pole-b--app-3', 'FAILED', at(2)),
      ],
    },
    { workflow: 'quarterly-reconciliation', executions: [e('pole-a--2026-Q3', 'SUCCEEDED', at(2), at(2, 10))] },
  ];
  const now = new Date(at(4));
  const names = (filter: Parameters<typeof selectExecutions>[2], limit = 100) =>
    selectExecutions(lists, 'pole-a', filter, now, limit).executions.map((x) => x.name);

  it("keeps the pôle's executions only, newest first, with workflow, business key and duration", () => {
    const { executions, total } = selectExecutions(lists, 'pole-a', {}, now, 100);
    expect(total).toBe(3);
    expect(executions.map((x) => [x.workflow, x.businessKey, x.durationMs])).toEqual([
      ['member-onboarding', 'app-2', 86_400_000], // running: until now
      ['quarterly-reconciliation', '2026-Q3', 7_200_000],
      ['member-onboarding', 'app-1', 3_600_000],
    ]);
  });

  it('filters by workflow, status, start-time range and business key, then limits', () => {
    expect(names({ workflow: 'quarterly-reconciliation' })).toEqual(['pole-a--2026-Q3']);
    expect(names({ status: 'FAILED' })).toEqual(['pole-a--app-1']); // pole-b's failure is not ours
    expect(names({ from: at(2), to: at(3) })).toEqual(['pole-a--app-2', 'pole-a--2026-Q3']);
    expect(names({ businessKey: 'APP-' })).toEqual(['pole-a--app-2', 'pole-a--app-1']);
    expect(names({}, 1)).toEqual(['pole-a--app-2']);
    expect(selectExecutions(lists, 'pole-a', {}, now, 1).total).toBe(3);
  });
});

describe('what admins may do with an execution', () => {
  it('redrives only a closed, unsuccessful one and stops only a running one', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'] as const) expect(() => assertRedrivable(status)).not.toThrow();
    for (const status of ['RUNNING', 'SUCCEEDED'] as const)
      expect(() => assertRedrivable(status)).toThrow(expect.objectContaining({ code: 'EXECUTION_NOT_REDRIVABLE' }));
    expect(() => assertStoppable('RUNNING')).not.toThrow();
    expect(() => assertStoppable('FAILED')).toThrow(expect.objectContaining({ code: 'EXECUTION_NOT_RUNNING' }));
  });
});

describe('one vocabulary of statuses, read the same in the back-office and on the command line', () => {
  it('every status and step outcome has its French label, bundled into the back-office from domain/ and written in the command’s help', async () => {
    expect(Object.keys(EXECUTION_STATUS_LABELS)).toEqual([...EXECUTION_STATUSES]);
    const { assets } = await buildBackOffice(await mkdtemp(join(tmpdir(), 'back-office-')));
    const script = Object.entries(assets).find(([name]) => name.endsWith('.js'))![1].body;
    for (const label of [...Object.values(EXECUTION_STATUS_LABELS), ...Object.values(STEP_OUTCOME_LABELS)]) expect(script).toContain(label);
    const out: string[] = [];
    await main(['--help'], {}, { out: (t) => out.push(t), err: () => undefined });
    for (const status of EXECUTION_STATUSES)
      expect(out.join('\n')).toContain(`${status} (${EXECUTION_STATUS_LABELS[status].toLowerCase()})`);
  });
});
