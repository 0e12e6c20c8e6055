import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { addToCounters, getCampaign, targetsPage } from '../../store/gtec.ts';
import { getPole } from '../../store/poles.ts';
import { taskHandler } from '../shared/task.ts';
import { mailSurveyLinks } from './invite.ts';
import { campaignRef, PAGE } from './schemas.ts';

/** Workflow task: invites one page of targets (each at most once) and names the next page. */
export const handler = taskHandler(campaignRef.extend({ after: z.string().nullable().optional() }), async ({ poleId, campaignId, after }) => {
  const [pole, campaign, page] = await Promise.all([getPole(poleId), getCampaign(poleId, campaignId), targetsPage(poleId, campaignId, after ?? undefined, PAGE)]);
  const at = clock().now().toISOString();
  const todo = page.targets.filter((t) => !t.invitedAt);
  const { count, error } = await mailSurveyLinks('invitation', (t) => `GTEC#${campaignId}#INVITE#${t.siret}`, pole.name, campaign, todo, (t) => ({ ...t, invitedAt: at }), at);
  await addToCounters(poleId, campaignId, { sent: count });
  if (error) throw error; // e.g. throttled: the Retry invites the rest, those recorded above are skipped
  return { sent: count, next: page.next ?? null };
});
