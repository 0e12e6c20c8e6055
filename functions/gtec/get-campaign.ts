import * as z from 'zod';
import { campaignIdSchema } from '../../domain/ids.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { countResponses } from '../../store/responses.ts';
import { httpHandler } from '../shared/http.ts';
import { type CampaignView, campaignView } from './schemas.ts';

/** GET /admin/campaigns/{campaignId} — the campaign and its live progress. */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ campaignId: campaignIdSchema }) },
  async ({ admin, path: { campaignId } }): Promise<CampaignView> => {
    const [campaign, answered] = await Promise.all([getCampaign(admin.poleId, campaignId), countResponses(admin.poleId, campaignId)]);
    return campaignView(campaign, answered);
  },
);
