import { campaignMailPrefix } from '../../services/campaigns.ts';
import { stuckMails } from '../../services/mail.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { countResponses } from '../../store/responses.ts';
import { httpHandler } from '../shared/http.ts';
import { type CampaignView, campaignView, GTEC_ROUTES } from './schemas.ts';

/** GET /admin/campaigns/{campaignId} — the campaign and its live progress. */
export const handler = httpHandler(GTEC_ROUTES.GetCampaign, async ({ admin, path: { campaignId } }): Promise<CampaignView> => {
  const [campaign, answered, stuck] = await Promise.all([
    getCampaign(admin.poleId, campaignId),
    countResponses(admin.poleId, campaignId),
    stuckMails(admin.poleId, campaignMailPrefix(campaignId)),
  ]);
  return campaignView(campaign, answered, stuck);
});
