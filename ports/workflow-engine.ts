import type { ExecutionDetail, ExecutionStatus, ExecutionSummary, HistoryEvent } from '../domain/executions.ts';
import type { WorkflowName } from '../workflows/names.ts';
import { SfnEngine } from './aws/sfn-engine.ts';

// What an execution is belongs to the domain (domain/executions.ts); the port says how to act on one.
export type { ExecutionDetail, ExecutionStatus, ExecutionSummary, HistoryEvent };

/** What a listing of executions can be narrowed to. */
export interface ExecutionListFilter {
  status?: ExecutionStatus;
  poleId?: string;
}

export interface StartedExecution {
  executionArn: string;
  startDate: string;
}

export interface RedrivenExecution {
  executionArn: string;
  redriveDate: string;
}

/**
 * The workflow engine as handlers see it: AWS Step Functions (ports/aws/sfn-engine.ts) or the
 * embedded engine (local/engine.ts). `start` is idempotent on the execution name: the same name
 * with the same input returns the same execution, never a second one.
 */
export interface WorkflowEngine {
  executionArnOf(workflow: WorkflowName, name: string): string;
  start(workflow: WorkflowName, name: string, input: Record<string, unknown>): Promise<StartedExecution>;
  describe(executionArn: string): Promise<ExecutionDetail>;
  /**
   * A workflow's executions, newest first; `poleId` keeps only that pôle's (by name). Step Functions
   * cannot filter by name: its adapter pages through the newest ones, a bounded number of pages.
   */
  list(workflow: WorkflowName, filter?: ExecutionListFilter): Promise<ExecutionSummary[]>;
  history(executionArn: string): Promise<HistoryEvent[]>;
  sendTaskSuccess(taskToken: string, output: unknown): Promise<void>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
  stop(executionArn: string, error?: string, cause?: string): Promise<void>;
  /**
   * Runs a closed, unsuccessful execution (FAILED, TIMED_OUT, ABORTED) again under the same name
   * and ARN with its original input; anything else is a ConflictError `EXECUTION_NOT_REDRIVABLE`.
   * Both resume at the unsuccessful step: the embedded engine replays the steps that had succeeded.
   */
  redrive(executionArn: string): Promise<RedrivenExecution>;
}

let current: WorkflowEngine | undefined;

export const workflowEngine = (): WorkflowEngine => (current ??= new SfnEngine());

/** Installs another engine (embedded runtime and tests). */
export function setWorkflowEngine(next: WorkflowEngine): void {
  current = next;
}
