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
      'MarkApplicationFailed',
    ],
  },
  'quarterly-reconciliation': {
    file: 'workflows/quarterly-reconciliation.asl.json',
    arnEnv: 'QUARTERLY_RECONCILIATION_STATE_MACHINE_ARN',
    functions: ['OpenQuarter', 'ComputeDraft', 'PlanApprovalWait', 'RequestApproval', 'PostQuarter', 'MailStatements'],
  },
  'gtec-campaign': {
    file: 'workflows/gtec-campaign.asl.json',
    arnEnv: 'GTEC_CAMPAIGN_STATE_MACHINE_ARN',
    functions: ['PrepareCampaign', 'SendSurveyPage', 'CloseCampaign', 'PublishResults'],
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

/** Whether an ASL text has a Map state in DISTRIBUTED mode (its role must start child executions). */
export function hasDistributedMap(asl: string): boolean {
  let found = false;
  forEachState((JSON.parse(asl) as { States: AslStates }).States, (_, state) => {
    found ||= isDistributedMap(state);
  });
  return found;
}
