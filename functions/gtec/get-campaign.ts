import { getCampaign } from '../../store/campaigns.ts';
import { countResponses } from '../../store/responses.ts';
import { httpHandler } from '../shared/http.ts';
import { type CampaignView, campaignView, GTEC_ROUTES } from './schemas.ts';

/** GET /admin/campaigns/{campaignId} — the campaign and its live progress. */
export const handler = httpHandler(GTEC_ROUTES.GetCampaign, async ({ admin, path: { campaignId } }): Promise<CampaignView> => {
  const [campaign, answered] = await Promise.all([getCampaign(admin.poleId, campaignId), countResponses(admin.poleId, campaignId)]);
  return campaignView(campaign, answered);
});
