import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { addToCounters, getCampaign, markTarget, targetsPage } from '../../store/gtec.ts';
import { getPole } from '../../store/poles.ts';
import { taskHandler } from '../shared/task.ts';
import { mailSurveyLink } from './invite.ts';
import { campaignRef, inBatches, PAGE } from './schemas.ts';

/** Workflow task: invites one page of targets (each at most once) and names the next page. */
export const handler = taskHandler(campaignRef.extend({ after: z.string().nullable().optional() }), async ({ poleId, campaignId, after }) => {
  const [pole, campaign, page] = await Promise.all([getPole(poleId), getCampaign(poleId, campaignId), targetsPage(poleId, campaignId, after ?? undefined, PAGE)]);
  const at = clock().now().toISOString();
  const { done, error } = await inBatches(page.targets.filter((t) => !t.invitedAt), 10, async (target) => {
    await mailSurveyLink('invitation', `GTEC#${campaignId}#INVITE#${target.siret}`, pole.name, campaign, target, at);
    return markTarget(poleId, campaignId, target.siret, 'invitedAt', at);
  });
  const sent = done.filter(Boolean).length;
  await addToCounters(poleId, campaignId, { sent });
  if (error) throw error; // e.g. throttled: the Retry sends the rest, those marked above are skipped
  return { sent, next: page.next ?? null };
});
