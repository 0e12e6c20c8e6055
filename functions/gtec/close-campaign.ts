import { clock } from '../../ports/clock.ts';
import { setCampaignStatus } from '../../store/campaigns.ts';
import { taskHandler } from '../common/task.ts';
import { campaignRef } from './schemas.ts';

/** Workflow task: the close date has come; from now on answers get 410. */
export const handler = taskHandler(campaignRef, async ({ poleId, campaignId }) => {
  await setCampaignStatus(poleId, campaignId, 'CLOSED', clock().now().toISOString());
  return { status: 'CLOSED' };
});
