import { campaignCounts } from '../../services/campaigns.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { httpHandler } from '../common/http.ts';
import { type CampaignView, campaignView, GTEC_ROUTES } from './schemas.ts';

/** GET /admin/campaigns/{campaignId} — the campaign and its live progress. */
export const handler = httpHandler(GTEC_ROUTES.GetCampaign, async ({ admin, path: { campaignId } }): Promise<CampaignView> => {
  const [campaign, { answered, stuck }] = await Promise.all([
    getCampaign(admin.poleId, campaignId),
    campaignCounts(admin.poleId, campaignId),
  ]);
  return campaignView(campaign, answered, stuck);
});
