import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionId } from '../../functions/catalog.ts';
import { newApp } from '../../infra/cdk-context.ts';
import { PoleStack } from '../../infra/stack.ts';
import { grantedActions } from '../../local/access.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** What a role may do on the table, on each workflow and with SES, as the local guard models it. */
interface Granted {
  table: string[];
  workflows: Record<string, string[]>;
  mail: boolean;
}

let deployed: Record<FunctionId, Granted>;

beforeAll(() => {
  // Policies only: no bundling (tests/infra/bundles.test.ts bundles every entry).
  const app = newApp({ 'aws:cdk:bundling-stacks': [] });
  const stack = new PoleStack(app, 'PoleWorkflows-dev', { stage: 'dev', env: { region: 'eu-west-3' } });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties: Record<string, any> }>;
  const workflowByName = new Map(
    WORKFLOW_NAMES.map((w) => [(stack.stateMachines[w].node.defaultChild as CfnStateMachine).stateMachineName!, w] as const),
  );
  deployed = Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionId[]).map((id) => {
      const role = stack.getLogicalId(stack.functions[id].role!.node.defaultChild as CfnElement);
      const statements = Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
        .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
      const granted: Granted = { table: [], workflows: {}, mail: false };
      for (const { Action, Resource } of statements) {
        for (const action of [Action].flat()) {
          if (action.startsWith('dynamodb:')) granted.table.push(action);
          if (action === 'ses:SendEmail') granted.mail = true;
          if (!action.startsWith('states:')) continue;
          // arn:…:stateMachine:<name> or arn:…:execution:<name>:*
          for (const [, name] of JSON.stringify(Resource).matchAll(/:(?:stateMachine|execution):([^:"]+)/g)) {
            const workflow = workflowByName.get(name!);
            if (workflow) granted.workflows[workflow] = [...(granted.workflows[workflow] ?? []), action];
          }
        }
      }
      return [id, granted];
    }),
  ) as Record<FunctionId, Granted>;
}, 120_000);

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('the embedded runtime grants each function what the stack deploys for it', () => {
  it.each(Object.keys(FUNCTIONS) as FunctionId[])('%s', (id) => {
    const local = grantedActions(FUNCTIONS[id]);
    const inAws = deployed[id];
    expect(sorted(local.table)).toEqual(sorted(inAws.table));
    expect(Object.fromEntries([...local.workflows].map(([w, actions]) => [w, sorted(actions)]))).toEqual(
      Object.fromEntries(Object.entries(inAws.workflows).map(([w, actions]) => [w, sorted(actions)])),
    );
    expect(local.mail).toBe(inAws.mail);
  });
});
