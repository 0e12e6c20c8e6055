import { matchesFilters } from '../../domain/gtec/campaign.ts';
import { getCampaign, prepareTargets } from '../../store/gtec.ts';
import { taskHandler } from '../shared/task.ts';
import { campaignRef } from './schemas.ts';

/**
 * Workflow task: snapshots the targeted companies once (a restarted execution keeps them and
 * their statuses), and hands the workflow the campaign's absolute dates and empty cursors.
 */
export const handler = taskHandler(campaignRef, async ({ poleId, campaignId }) => {
  const campaign = await getCampaign(poleId, campaignId);
  await prepareTargets(campaign, matchesFilters(campaign.filters));
  return {
    poleId,
    campaignId,
    closesAt: campaign.closesAt,
    reminder: { round: 1, after: null, at: campaign.reminders[0] ?? null },
    invite: { next: null },
  };
});

