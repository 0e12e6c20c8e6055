import { statementsApprovalTask } from '../domain/approval.ts';
import { applicationDecisionTask, type PendingTask } from '../domain/tasks.ts';
import { listApplicationsByStatus } from './applications.ts';
import { listQuarters } from './reconciliation.ts';

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
