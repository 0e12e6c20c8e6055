import * as z from 'zod';
import { applicationIdSchema, campaignIdSchema, poleIdSchema, quarterSchema } from '../domain/ids.ts';
import type { FunctionId } from '../functions/catalog.ts';
import { WORKFLOW_NAMES, type WorkflowName } from './names.ts';

export { WORKFLOW_NAMES, type WorkflowName };

/**
 * The workflows and the functions their ASL files name. Both the CDK stack and the embedded
 * engine fill each `${<FunctionId>FunctionArn}` placeholder from this catalog, so the ASL file in
 * this folder is the single definition of each workflow.
 */
export interface WorkflowSpec {
  /** ASL file, relative to the repository root. */
  file: string;
  /** Environment variable through which starters learn the state machine's ARN. */
  arnEnv: string;
  /** Function ids (functions/catalog.ts) this workflow invokes; placeholder = `${id}FunctionArn`. */
  functions: readonly FunctionId[];
  /**
   * An execution's input: its business keys and nothing else (docs/rules.md#personal-data), so that
   * Step Functions' history, kept 90 days, holds no form. The embedded engine refuses any other input.
   */
  input: z.ZodObject<Record<string, z.ZodString>>;
}

export const WORKFLOWS = {
  'member-onboarding': {
    file: 'workflows/member-onboarding.asl.json',
    arnEnv: 'MEMBER_ONBOARDING_STATE_MACHINE_ARN',
    functions: [
      'RecordApplication',
      'CheckApplication',
      'PlanCommitteeWait',
      'RequestDecision',
      'ActivateMember',
      'NotifyApplicant',
      'ExpireApplication',
    ],
    input: z.strictObject({ poleId: poleIdSchema, applicationId: applicationIdSchema }),
  },
  'quarterly-reconciliation': {
    file: 'workflows/quarterly-reconciliation.asl.json',
    arnEnv: 'QUARTERLY_RECONCILIATION_STATE_MACHINE_ARN',
    functions: ['OpenQuarter', 'ComputeDraft', 'PlanApprovalWait', 'RequestApproval', 'PostQuarter', 'MailStatements'],
    input: z.strictObject({ poleId: poleIdSchema, quarter: quarterSchema }),
  },
  'gtec-campaign': {
    file: 'workflows/gtec-campaign.asl.json',
    arnEnv: 'GTEC_CAMPAIGN_STATE_MACHINE_ARN',
    functions: ['PrepareCampaign', 'SendSurveyPage', 'CloseCampaign', 'PublishResults'],
    input: z.strictObject({ poleId: poleIdSchema, campaignId: campaignIdSchema }),
  },
} as const satisfies Record<WorkflowName, WorkflowSpec>;

export const placeholderOf = (functionId: FunctionId): string => `${functionId}FunctionArn`;

/** Every `${Name}` placeholder written in an ASL text. */
export const placeholdersIn = (asl: string): string[] => [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))];

/** The `States` of an ASL definition, a Parallel branch or a Map processor. */
export type AslStates = Record<string, Record<string, unknown>>;

/** Calls `visit` on each state, then walks into its Parallel branches and Map processor (after `visit`, which may rewrite the state). */
export function forEachState(states: AslStates, visit: (name: string, state: Record<string, unknown>) => void): void {
  for (const [name, state] of Object.entries(states)) {
    visit(name, state);
    for (const branch of (state.Branches as { States: AslStates }[] | undefined) ?? []) forEachState(branch.States, visit);
    const processor = (state.ItemProcessor ?? state.Iterator) as { States: AslStates } | undefined;
    if (processor) forEachState(processor.States, visit);
  }
}

/** Whether a Map state's processor runs in DISTRIBUTED mode. */
export const isDistributedMap = (state: Record<string, unknown>): boolean =>
  (state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined)?.ProcessorConfig?.Mode === 'DISTRIBUTED';

/** The Labels of an ASL text's Distributed Maps (a Map Run's executions are named by it: what its redrive grant names). */
export function distributedMapLabels(asl: string): string[] {
  const labels: string[] = [];
  forEachState((JSON.parse(asl) as { States: AslStates }).States, (name, state) => {
    if (isDistributedMap(state)) labels.push(typeof state.Label === 'string' ? state.Label : name);
  });
  return labels;
}

/** Whether an ASL text has a Map state in DISTRIBUTED mode (its role must start child executions). */
export function hasDistributedMap(asl: string): boolean {
  let found = false;
  forEachState((JSON.parse(asl) as { States: AslStates }).States, (_, state) => {
    found ||= isDistributedMap(state);
  });
  return found;
}
