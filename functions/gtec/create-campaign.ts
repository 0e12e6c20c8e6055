import { randomBytes } from 'node:crypto';
import { ValidationError } from '../../domain/errors.ts';
import { resolveFilters, scheduleOf } from '../../domain/gtec/campaign.ts';
import { DEFAULT_GTEC_QUESTIONNAIRE } from '../../domain/gtec/default-questionnaire.ts';
import { clock } from '../../ports/clock.ts';
import { launchCampaign } from '../../services/campaigns.ts';
import { poleDepartements } from '../../store/poles.ts';
import { httpHandler, json } from '../common/http.ts';
import { GTEC_ROUTES } from './schemas.ts';

/**
 * POST /admin/campaigns — launches a GTEC campaign: stores it with its absolute dates, its filters
 * (communes by INSEE code, names resolved) and a frozen copy of the questionnaire, then starts the
 * execution named from the campaign id (the same campaignId again returns the same campaign and execution).
 */
export const handler = httpHandler(GTEC_ROUTES.CreateCampaign, async ({ admin, body }) => {
  const now = clock().now();
  const schedule = scheduleOf(body, now);
  if ('problem' in schedule) throw new ValidationError([schedule.problem]);
  const filters = body.filters.communes ? resolveFilters(body.filters, await poleDepartements(admin.poleId)) : body.filters;
  const campaignId = body.campaignId ?? `gtec-${now.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  const { campaign, created, executionArn } = await launchCampaign({
    poleId: admin.poleId,
    campaignId,
    title: body.title,
    filters,
    createdAt: now.toISOString(),
    ...schedule,
    questionnaire: DEFAULT_GTEC_QUESTIONNAIRE,
    status: 'OPEN',
  });
  return json(created ? 202 : 200, { campaignId, executionArn, closesAt: campaign.closesAt, reminders: campaign.reminders });
});
