import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  type HistoryEvent as SfnHistoryEvent,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ConflictError } from '../../domain/errors.ts';
import { executionNotFound } from '../../domain/executions.ts';
import { belongsToPole } from '../../domain/poles.ts';
import type { WorkflowName } from '../../workflows/names.ts';
import { stateMachineArn } from '../config.ts';
import type {
  ExecutionDetail,
  ExecutionListFilter,
  ExecutionStatus,
  ExecutionSummary,
  HistoryEvent,
  RedrivenExecution,
  StartedExecution,
  WorkflowEngine,
} from '../workflow-engine.ts';

/**
 * ListExecutions has no name filter: a listing reads at most this many pages of 1,000, newest first.
 * A state machine keeps closed executions 90 days, in which the pôles together start far fewer
 * (applications, four reconciliations, a few campaigns: the Distributed Map's children are listed
 * apart), so the cap bounds a pathological case (a loop starting executions), not the normal one.
 */
export const LIST_MAX_PAGES = 10;

const parseJson = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));
const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** Maps the AWS SDK's errors to ours; everything else passes through unchanged. */
function mapError(error: unknown): never {
  const name = error instanceof Error ? error.name : '';
  if (name === 'ExecutionDoesNotExist') throw executionNotFound();
  if (name === 'TaskDoesNotExist' || name === 'InvalidToken' || name === 'TaskTimedOut') {
    throw new ConflictError('TASK_NOT_PENDING', 'Cette tâche n’attend plus de réponse.');
  }
  if (name === 'ExecutionNotRedrivable') {
    throw new ConflictError(
      'EXECUTION_NOT_REDRIVABLE',
      'Cette exécution ne peut pas être relancée (en cours, réussie, ou close depuis plus de 14 jours).',
    );
  }
  throw error;
}

/** The redrive fields Step Functions reports, kept only once an execution has been redriven. */
const redriveOf = (r: { redriveCount?: number; redriveDate?: Date }): Pick<ExecutionSummary, 'redriveCount' | 'redriveDate'> =>
  r.redriveCount ? { redriveCount: r.redriveCount, ...(r.redriveDate && { redriveDate: iso(r.redriveDate) }) } : {};

/** Step Functions names its history events by kind of state; the admin pages want steps. */
function normalize(event: SfnHistoryEvent): HistoryEvent {
  const type = event.type ?? 'Unknown';
  const base = { id: event.id ?? 0, timestamp: iso(event.timestamp) ?? '' };
  const entered = event.stateEnteredEventDetails;
  if (entered) {
    const stateType = /^(\w+?)StateEntered$/.exec(type)?.[1]; // TaskStateEntered, FailStateEntered…
    return { ...base, type: 'StateEntered', stateName: entered.name, ...(stateType && { stateType }), input: parseJson(entered.input) };
  }
  const exited = event.stateExitedEventDetails;
  if (exited) return { ...base, type: 'StateExited', stateName: exited.name, output: parseJson(exited.output) };
  const failure =
    event.taskFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.executionFailedEventDetails ??
    event.taskTimedOutEventDetails;
  if (failure) return { ...base, type: type.startsWith('Execution') ? type : 'StateFailed', error: failure.error, cause: failure.cause };
  if (event.executionStartedEventDetails) return { ...base, type, input: parseJson(event.executionStartedEventDetails.input) };
  if (event.executionSucceededEventDetails) return { ...base, type, output: parseJson(event.executionSucceededEventDetails.output) };
  return { ...base, type };
}

/** The WorkflowEngine port on AWS Step Functions: a thin mapping, unit-tested with aws-sdk-client-mock. */
export class SfnEngine implements WorkflowEngine {
  constructor(
    private readonly client = new SFNClient({}),
    private readonly arnOf: (workflow: WorkflowName) => string = stateMachineArn,
  ) {}

  executionArnOf(workflow: WorkflowName, name: string): string {
    return `${this.arnOf(workflow).replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async start(workflow: WorkflowName, name: string, input: Record<string, unknown>): Promise<StartedExecution> {
    const stateMachineArn = this.arnOf(workflow);
    try {
      const result = await this.client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { executionArn: result.executionArn!, startDate: iso(result.startDate)! };
    } catch (error) {
      // Same name, already started (and now closed or with other input): it is that execution.
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') {
        const executionArn = this.executionArnOf(workflow, name);
        const existing = await this.describe(executionArn);
        return { executionArn, startDate: existing.startDate };
      }
      throw error;
    }
  }

  async describe(executionArn: string): Promise<ExecutionDetail> {
    const r = await this.client.send(new DescribeExecutionCommand({ executionArn })).catch(mapError);
    return {
      executionArn,
      stateMachineArn: r.stateMachineArn!,
      name: r.name!,
      status: r.status as ExecutionStatus,
      startDate: iso(r.startDate)!,
      ...(r.stopDate && { stopDate: iso(r.stopDate) }),
      ...redriveOf(r),
      input: parseJson(r.input),
      ...(r.output !== undefined && { output: parseJson(r.output) }),
      ...(r.error !== undefined && { error: r.error }),
      ...(r.cause !== undefined && { cause: r.cause }),
    };
  }

  async list(workflow: WorkflowName, filter: ExecutionListFilter = {}): Promise<ExecutionSummary[]> {
    const stateMachineArn = this.arnOf(workflow);
    const out: ExecutionSummary[] = [];
    let nextToken: string | undefined;
    for (let pages = 0; pages < LIST_MAX_PAGES; pages++) {
      const page = await this.client.send(
        new ListExecutionsCommand({ stateMachineArn, statusFilter: filter.status, maxResults: 1000, nextToken }),
      );
      for (const e of page.executions ?? []) {
        if (filter.poleId && !belongsToPole(e.name!, filter.poleId)) continue;
        out.push({
          executionArn: e.executionArn!,
          stateMachineArn,
          name: e.name!,
          status: e.status as ExecutionStatus,
          startDate: iso(e.startDate)!,
          ...(e.stopDate && { stopDate: iso(e.stopDate) }),
          ...redriveOf(e),
        });
      }
      nextToken = page.nextToken;
      if (!nextToken) break;
    }
    return out;
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client
        .send(new GetExecutionHistoryCommand({ executionArn, nextToken, includeExecutionData: true }))
        .catch(mapError);
      events.push(...(page.events ?? []).map(normalize));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    await this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })).catch(mapError);
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })).catch(mapError);
  }

  async stop(executionArn: string, error?: string, cause?: string): Promise<void> {
    await this.client.send(new StopExecutionCommand({ executionArn, error, cause })).catch(mapError);
  }

  async redrive(executionArn: string): Promise<RedrivenExecution> {
    const r = await this.client.send(new RedriveExecutionCommand({ executionArn })).catch(mapError);
    return { executionArn, redriveDate: iso(r.redriveDate)! };
  }
}
