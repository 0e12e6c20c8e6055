import { clock } from '../../ports/clock.ts';
import { activateMember } from '../../services/onboarding.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/** Workflow task: an approved application becomes a member, active from its start date. */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) => {
  const member = await activateMember(poleId, applicationId, clock().now().toISOString());
  return { memberId: member.memberId, startDate: member.startDate };
});
