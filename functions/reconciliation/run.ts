import { REDRIVABLE_STATUSES } from '../../domain/executions.ts';
import { executionName } from '../../domain/poles.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { nextAttempt, openQuarter } from '../../store/reconciliation.ts';

export interface QuarterRun {
  quarter: string;
  executionArn?: string;
  /** Set when the quarter is posted: running it again changes nothing. */
  posted?: boolean;
}

const RETRYABLE = new Set(REDRIVABLE_STATUSES);

/**
 * Starts the reconciliation of a quarter, for the schedule and for admins alike. The execution is
 * named from the quarter and the attempt number: starting twice is the same execution; once a run
 * has failed (its data fixed since), the next start is the next attempt.
 */
export async function startQuarterRun(poleId: string, quarter: string): Promise<QuarterRun> {
  const engine = workflowEngine();
  const q = await openQuarter(poleId, quarter, clock().now().toISOString());
  if (q.status === 'POSTED') return { quarter, posted: true };
  let attempt = q.attempt;
  const nameOf = (n: number) => executionName(poleId, `recon-${quarter}-${n}`);
  const current = await engine.describe(engine.executionArnOf('quarterly-reconciliation', nameOf(attempt))).catch(() => undefined);
  if (current && RETRYABLE.has(current.status)) attempt = await nextAttempt(poleId, quarter, attempt);
  const { executionArn } = await engine.start('quarterly-reconciliation', nameOf(attempt), { poleId, quarter });
  return { quarter, executionArn };
}
