import { clock } from '../../ports/clock.ts';
import { planApprovalWait } from '../../services/reconciliation.ts';
import { taskHandler } from '../common/task.ts';
import { quarterRef } from './schemas.ts';

/**
 * Workflow task, before each wait for the staff's approval: sends the reminder that is due, then
 * says how long to wait until the next one — or that the 30 days are over (the draft is no longer
 * approvable and the run ends in ApprovalExpired).
 */
export const handler = taskHandler(quarterRef, ({ poleId, quarter }) => planApprovalWait(poleId, quarter, clock().now()));
