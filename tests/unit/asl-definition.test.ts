import '../../local/polyfills.ts';
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import {
  adaptDefinition,
  LIBRARY_TASK_TIMEOUT_S,
  substitutions,
  TIMEOUT_FIELD,
  TOKEN_PLACEHOLDER,
  WAIT_CONTINUES,
  WAIT_RESOURCE,
  withToken,
} from '../../local/asl-definition.ts';
import { type AslStates, forEachState, isDistributedMap, WORKFLOW_NAMES, WORKFLOWS } from '../../workflows/catalog.ts';

const arnOf = (id: string) => `arn:aws:lambda:eu-west-3:000000000000:function:pole-${id}`;
const LAMBDA = 'arn:aws:states:::lambda:invoke';

/** A definition's text, as an ASL file is read. */
const asl = (States: Record<string, unknown>, StartAt = Object.keys(States)[0]) => JSON.stringify({ StartAt, States });
const states = (adapted: ReturnType<typeof adaptDefinition>) => adapted.definition.States as unknown as Record<string, any>;

describe('adapting an ASL file for the embedded engine (no table, no runtime)', () => {
  it('fills each ${…FunctionArn} with the function ARN, and names the file and the placeholders it cannot fill', () => {
    const text = asl({
      Record: { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: '${RecordApplicationFunctionArn}' }, End: true },
    });
    const adapted = adaptDefinition(text, substitutions('member-onboarding', arnOf), 'x.asl.json');
    expect(states(adapted).Record.Parameters.FunctionName).toBe(arnOf('RecordApplication'));
    expect(() => adaptDefinition(text.replace('RecordApplication', 'Unknown'), {}, 'x.asl.json')).toThrow(
      'x.asl.json: no local value for ${UnknownFunctionArn}',
    );
  });

  it('turns a Wait into a task of the engine that sleeps on the virtual clock, its type still Wait in the history', () => {
    const adapted = adaptDefinition(
      asl({
        Fixed: { Type: 'Wait', Seconds: 30, Next: 'Until' },
        Until: { Type: 'Wait', TimestampPath: '$.remindAt', Next: 'Done' },
        Done: { Type: 'Succeed' },
      }),
      {},
      'wait.asl.json',
    );
    const { Fixed, Until } = states(adapted);
    expect(Fixed).toEqual({
      Type: 'Task',
      Resource: WAIT_RESOURCE,
      Parameters: {},
      ResultPath: null,
      TimeoutSeconds: LIBRARY_TASK_TIMEOUT_S,
      Retry: [{ ErrorEquals: [WAIT_CONTINUES], MaxAttempts: 99_999_999, IntervalSeconds: 1, BackoffRate: 1 }],
      Next: 'Until',
    });
    expect(Until.Parameters).toEqual({ 'timestamp.$': '$.remindAt' });
    expect(Until.TimestampPath).toBeUndefined();
    expect(adapted.tasks.get('Fixed')).toEqual({ waitForToken: false, hasRetry: true, wait: { seconds: 30 } });
    expect(adapted.tasks.get('Until')).toEqual({ waitForToken: false, hasRetry: true, wait: {} });
    expect(Object.fromEntries(adapted.stateTypes)).toEqual({ Fixed: 'Wait', Until: 'Wait', Done: 'Succeed' });
  });

  it('takes over a waitForTaskToken timeout: the ASL value is kept for the engine, TimeoutSecondsPath goes into the Parameters', () => {
    const adapted = adaptDefinition(
      asl({
        Fixed: {
          Type: 'Task',
          Resource: `${LAMBDA}.waitForTaskToken`,
          Parameters: { FunctionName: 'f', 'Payload.$': '$' },
          TimeoutSeconds: 600,
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          Next: 'FromPath',
        },
        FromPath: {
          Type: 'Task',
          Resource: `${LAMBDA}.waitForTaskToken`,
          Parameters: { FunctionName: 'f' },
          TimeoutSecondsPath: '$.timeout',
          End: true,
        },
      }),
      {},
      'token.asl.json',
    );
    const { Fixed, FromPath } = states(adapted);
    expect(Fixed.TimeoutSeconds).toBe(LIBRARY_TASK_TIMEOUT_S);
    expect(adapted.tasks.get('Fixed')).toEqual({ waitForToken: true, timeoutSeconds: 600, hasRetry: true });
    expect(FromPath).toMatchObject({
      TimeoutSeconds: LIBRARY_TASK_TIMEOUT_S,
      Parameters: { FunctionName: 'f', [`${TIMEOUT_FIELD}.$`]: '$.timeout' },
    });
    expect(FromPath.TimeoutSecondsPath).toBeUndefined();
    expect(adapted.tasks.get('FromPath')).toEqual({ waitForToken: true, timeoutSeconds: undefined, hasRetry: false });
  });

  it('leaves a plain Task as written', () => {
    const task = { Type: 'Task', Resource: LAMBDA, Parameters: { FunctionName: 'f' }, TimeoutSeconds: 30, End: true };
    const adapted = adaptDefinition(asl({ Plain: task }), {}, 'plain.asl.json');
    expect(states(adapted).Plain).toEqual(task);
    expect(adapted.tasks.get('Plain')).toEqual({ waitForToken: false, timeoutSeconds: 30, hasRetry: false });
  });

  it('runs a Distributed Map inline, adapting the states inside it, and refuses what only a distributed run has', () => {
    const map = (extra: Record<string, unknown> = {}) =>
      asl({
        Pages: {
          Type: 'Map',
          ItemsPath: '$.pages',
          MaxConcurrency: 2,
          Label: 'Pages',
          ToleratedFailurePercentage: 5,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'Pause',
            States: { Pause: { Type: 'Wait', Seconds: 1, Next: 'Send' }, Send: { Type: 'Task', Resource: LAMBDA, End: true } },
          },
          End: true,
          ...extra,
        },
      });
    const adapted = adaptDefinition(map(), {}, 'map.asl.json');
    const { Pages } = states(adapted);
    expect(Pages.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'INLINE' });
    expect(Pages).not.toHaveProperty('Label');
    expect(Pages).not.toHaveProperty('ToleratedFailurePercentage');
    expect(Pages.MaxConcurrency).toBe(2);
    expect(Pages.ItemProcessor.States.Pause.Resource).toBe(WAIT_RESOURCE);
    expect([...adapted.tasks.keys()]).toEqual(['Pause', 'Send']);
    expect(adapted.stateTypes.get('Pages')).toBe('Map');
    expect(() => adaptDefinition(map({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject' } }), {}, 'map.asl.json')).toThrow(
      'Pages: the embedded engine cannot run a Distributed Map with ItemReader',
    );
  });

  it.each(WORKFLOW_NAMES)(
    'adapts %s into a definition the library accepts, with no Wait, Distributed Map or TimeoutSecondsPath left',
    (workflow) => {
      const { file } = WORKFLOWS[workflow];
      const adapted = adaptDefinition(readFileSync(file, 'utf8'), substitutions(workflow, arnOf), file);
      const left: string[] = [];
      forEachState(adapted.definition.States as unknown as AslStates, (name, state) => {
        if (state.Type === 'Wait' || isDistributedMap(state) || 'TimeoutSecondsPath' in state) left.push(name);
      });
      expect(left).toEqual([]);
      expect(adapted.tasks.size).toBeGreaterThan(0);
      expect(() => new StateMachine(adapted.definition, { validationOptions: { checkArn: false } })).not.toThrow();
    },
  );

  it('puts the real task token wherever the library resolved $$.Task.Token', () => {
    const payload = { token: TOKEN_PLACEHOLDER, nested: [{ t: TOKEN_PLACEHOLDER, n: 1 }], other: 'x' };
    expect(withToken(payload, 'tok-1')).toEqual({ token: 'tok-1', nested: [{ t: 'tok-1', n: 1 }], other: 'x' });
  });
});
