import * as z from 'zod';
import { dueInRound, markMailed, PAGE_SIZE } from '../../domain/gtec/campaign.ts';
import { SIRET_PATTERN } from '../../domain/ids.ts';
import { clock } from '../../ports/clock.ts';
import { addToCounters, getCampaign, respondedAmong, type TargetItem, targetsPage } from '../../store/gtec.ts';
import { getPole } from '../../store/poles.ts';
import { taskHandler } from '../shared/task.ts';
import { mailSurveyLinks } from './invite.ts';
import { campaignRef } from './schemas.ts';

const pageInput = campaignRef.extend({
  round: z.number().int().min(0).max(3),
  after: z.string().regex(SIRET_PATTERN).nullable(),
});

/**
 * Workflow task, one iteration of the campaign's Map: round 0 invites one page of targets; round n
 * reminds, on the same page, the invited companies that have not answered. Each mail goes at
 * most once per company and round, so a retried or redriven page sends only what is left.
 */
export const handler = taskHandler(pageInput, async ({ poleId, campaignId, round, after }) => {
  const [pole, campaign, page] = await Promise.all([
    getPole(poleId),
    getCampaign(poleId, campaignId),
    targetsPage(poleId, campaignId, after ?? undefined, PAGE_SIZE),
  ]);
  const at = clock().now().toISOString();
  const responded =
    round === 0
      ? new Set<string>()
      : await respondedAmong(
          poleId,
          campaignId,
          page.targets.map((t) => t.siret),
        );
  const mailKey =
    round === 0
      ? (t: TargetItem) => `GTEC#${campaignId}#INVITE#${t.siret}`
      : (t: TargetItem) => `GTEC#${campaignId}#REMIND#${round}#${t.siret}`;
  const { count, error } = await mailSurveyLinks(
    round === 0 ? 'invitation' : 'reminder',
    mailKey,
    pole.name,
    campaign,
    dueInRound(page.targets, round, responded),
    (t) => markMailed(t, round, at),
    at,
  );
  await addToCounters(poleId, campaignId, round === 0 ? { sent: count } : { reminded: count });
  if (error) throw error; // e.g. throttled: the Retry sends the rest, those recorded above are skipped
  return { round, count };
});
