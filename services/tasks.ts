import { statementsApprovalTask } from '../domain/approval.ts';
import { ConflictError } from '../domain/errors.ts';
import { applicationDecisionTask, type PendingTask } from '../domain/tasks.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { listApplicationsByStatus } from '../store/applications.ts';
import { listQuarters } from '../store/quarters.ts';

/** One kind of thing that waits for a person, read from the pôle's items. */
type TaskSource = (poleId: string) => Promise<PendingTask[]>;

/** Every source of pending tasks: applications awaiting the committee, quarters' statements awaiting approval. */
const SOURCES: readonly TaskSource[] = [
  async (poleId) => (await listApplicationsByStatus(poleId, 'AWAITING_DECISION')).map(applicationDecisionTask),
  async (poleId) =>
    (await listQuarters(poleId)).flatMap((q) =>
      q.status === 'DRAFT' && q.draft ? [statementsApprovalTask({ quarter: q.quarter, ...q.draft })] : [],
    ),
];

/** What waits for a person in a pôle, the longest-waiting first. */
export async function pendingTasks(poleId: string): Promise<PendingTask[]> {
  const tasks = (await Promise.all(SOURCES.map((source) => source(poleId)))).flat();
  return tasks.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.id.localeCompare(b.id));
}

/**
 * Hands a decision, already recorded on its item, to the workflow task waiting for it. False when
 * no task waits on that token any more (the execution was stopped, or started again): the
 * workflow then finds the decision on the item, so this is not an error.
 */
export async function answerTask(taskToken: string | undefined, output: unknown): Promise<boolean> {
  if (!taskToken) return false;
  try {
    await workflowEngine().sendTaskSuccess(taskToken, output);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
