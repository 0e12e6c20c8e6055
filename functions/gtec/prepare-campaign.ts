import { matchesFilters, reminderChain, usesDistributedMap } from '../../domain/gtec/campaign.ts';
import { distributedMapAbove } from '../../ports/config.ts';
import { prepareTargets } from '../../services/campaigns.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { taskHandler } from '../common/task.ts';
import { campaignRef } from './schemas.ts';

/**
 * Workflow task: snapshots the targeted companies once (a restarted execution keeps them and
 * their statuses) and hands the workflow its plan: the page cursors its Map iterates over, inline
 * or distributed by the number of targets, round 0 (the invitations), then the chain of reminder
 * dates and the close date, all absolute.
 */
export const handler = taskHandler(campaignRef, async ({ poleId, campaignId }) => {
  const threshold = distributedMapAbove(); // before any write: a misconfigured function fails having done nothing
  const campaign = await getCampaign(poleId, campaignId);
  const { targets, pages } = await prepareTargets(campaign, matchesFilters(campaign.filters));
  return {
    poleId,
    campaignId,
    closesAt: campaign.closesAt,
    pages,
    distributed: usesDistributedMap(targets, threshold),
    round: 0,
    next: reminderChain(campaign.reminders),
  };
});
