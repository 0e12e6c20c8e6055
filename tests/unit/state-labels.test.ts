import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_LABELS, errorLabel, errorText } from '../../domain/error-labels.ts';
import { repoPath } from '../../infra/paths.ts';
import { type AslStates, forEachState, WORKFLOWS } from '../../workflows/catalog.ts';
import { WORKFLOW_NAMES, type WorkflowName } from '../../workflows/names.ts';
import { STATE_LABELS, type StateName, stateLabel, stateTitle } from '../../workflows/state-labels.ts';

/**
 * Every state of every ASL file has its French label (workflows/state-labels.ts), and no label
 * outlives its state. The types already refuse both; this reads the files themselves, as the
 * engines do, and shows on made-up definitions that the check reports what it guards.
 */

/** The states of an ASL text, nested ones included. */
function statesOf(asl: string): string[] {
  const names: string[] = [];
  forEachState((JSON.parse(asl) as { States: AslStates }).States, (name) => names.push(name));
  return names;
}

/** The states without a label, and the labels without a state. */
function labelGaps(states: readonly string[], labels: Readonly<Record<string, string>>): { missing: string[]; stale: string[] } {
  return {
    missing: states.filter((s) => !Object.hasOwn(labels, s) || !labels[s]?.trim()),
    stale: Object.keys(labels).filter((l) => !states.includes(l)),
  };
}

const aslOf = (workflow: WorkflowName): string => readFileSync(repoPath(WORKFLOWS[workflow].file), 'utf8');

describe('a French label for every state of every workflow', () => {
  it('reads every state of the three files, Map processors, Choice, Succeed and Fail states included', () => {
    const all = WORKFLOW_NAMES.flatMap((w) => statesOf(aslOf(w)));
    expect(all).toHaveLength(41);
    expect(all).toEqual(expect.arrayContaining(['SendPage', 'SendPageInChild', 'ChecksPassed', 'Onboarded', 'ApprovalExpired']));
  });

  it.each(WORKFLOW_NAMES)('%s: each state has its label, and each label its state', (workflow) => {
    expect(labelGaps(statesOf(aslOf(workflow)), STATE_LABELS[workflow])).toEqual({ missing: [], stale: [] });
  });

  it.each(WORKFLOW_NAMES)('%s: labels are French sentences, not the state names, and tell the states apart', (workflow) => {
    const labels = Object.entries(STATE_LABELS[workflow] as Record<string, string>);
    for (const [state, label] of labels) {
      expect(label, state).not.toBe(state);
      // A capital first, no internal name (CamelCase) inside, short enough for a graph node.
      expect(label, state).toMatch(/^[A-ZÀ-Ý]/u);
      expect(label, state).not.toMatch(/[a-z][A-Z]/);
      expect(label.length, state).toBeLessThanOrEqual(50);
    }
    expect(new Set(labels.map(([, label]) => label)).size).toBe(labels.length);
  });

  it('the check reports a state without label and a label whose state is gone (made-up definition)', () => {
    const asl = JSON.stringify({
      StartAt: 'Fan',
      States: {
        Fan: { Type: 'Map', ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Task', End: true } } }, Next: 'Both' },
        Both: { Type: 'Parallel', Branches: [{ StartAt: 'Left', States: { Left: { Type: 'Succeed' } } }], End: true },
      },
    });
    expect(labelGaps(statesOf(asl), { Fan: 'Boucle', Both: 'Branches', Inner: 'Tâche', Left: 'Fin' })).toEqual({ missing: [], stale: [] });
    expect(labelGaps(statesOf(asl), { Fan: 'Boucle', Both: 'Branches', Left: ' ', Renamed: 'Ancienne' })).toEqual({
      missing: ['Inner', 'Left'],
      stale: ['Renamed'],
    });
  });

  it('the types refuse a missing label and a label for a state that does not exist', () => {
    expectTypeOf<'SendPage'>().toExtend<StateName<'gtec-campaign'>>();
    expectTypeOf<'ApprovalExpired'>().toExtend<StateName<'quarterly-reconciliation'>>();
    expectTypeOf<'ActivateMember'>().not.toExtend<StateName<'gtec-campaign'>>();
    // @ts-expect-error — every state of the workflow needs its label
    const missing: Record<StateName<'member-onboarding'>, string> = { RecordApplication: 'Enregistrement' };
    const stale: Record<StateName<'gtec-campaign'>, string> = {
      ...STATE_LABELS['gtec-campaign'],
      // @ts-expect-error — no such state
      SendInvitations: 'Envoi',
    };
    expect([missing, stale]).toHaveLength(2);
  });

  it('names a state by its label, with its name where one line says both; an unknown one by its name', () => {
    expect(stateLabel('member-onboarding', 'ActivateMember')).toBe('Activation du membre');
    expect(stateTitle('member-onboarding', 'ActivateMember')).toBe('Activation du membre (ActivateMember)');
    // The same state name in two workflows, each with its own label.
    expect(stateLabel('member-onboarding', 'IsApproved')).not.toBe(stateLabel('quarterly-reconciliation', 'IsApproved'));
    expect(stateLabel('member-onboarding', 'Gone')).toBe('Gone');
    expect(stateTitle('member-onboarding', 'toString')).toBe('toString');
    expect(stateLabel('another-workflow', 'ActivateMember')).toBe('ActivateMember');
  });
});

describe('a French explanation for the common error codes, the code beside it', () => {
  it('explains the codes the ASL files retry, catch or fail with', () => {
    const codes = new Set<string>();
    for (const workflow of WORKFLOW_NAMES)
      forEachState((JSON.parse(aslOf(workflow)) as { States: AslStates }).States, (_, state) => {
        for (const rule of [
          ...((state.Retry as { ErrorEquals: string[] }[]) ?? []),
          ...((state.Catch as { ErrorEquals: string[] }[]) ?? []),
        ])
          for (const code of rule.ErrorEquals) codes.add(code);
        if (typeof state.Error === 'string') codes.add(state.Error);
      });
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((code) => !errorLabel(code))).toEqual([]);
  });

  it('writes the explanation with the code, and the code alone when it is not a common one', () => {
    expect(errorText('States.Timeout')).toBe('Délai dépassé : l’étape n’a pas abouti dans le temps prévu (States.Timeout)');
    expect(errorText('Local.RuntimeStopped')).toMatch(/^Le serveur local .* \(Local\.RuntimeStopped\)$/);
    expect(errorText('MailInFlight')).toContain('(MailInFlight)');
    expect(errorText('Lambda.ServiceException')).toContain('(Lambda.ServiceException)');
    expect(errorText('SomethingElse')).toBe('SomethingElse');
    expect(errorText('constructor')).toBe('constructor');
    for (const label of Object.values(ERROR_LABELS)) expect(label).toMatch(/^[A-ZÀ-Ý]/u);
  });
});
