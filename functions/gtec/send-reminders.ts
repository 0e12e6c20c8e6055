import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { addToCounters, getCampaign, respondedAmong, targetsPage } from '../../store/gtec.ts';
import { getPole } from '../../store/poles.ts';
import { taskHandler } from '../shared/task.ts';
import { mailSurveyLinks } from './invite.ts';
import { campaignRef, PAGE } from './schemas.ts';

/**
 * Workflow task: reminder round `round` for one page of targets — only invited companies that have
 * not answered, each at most once per round. Returns the next page of this round, or else the
 * next round and its date (null when none is left).
 */
export const handler = taskHandler(campaignRef.extend({ round: z.number().int().min(1), after: z.string().nullable().optional() }), async ({ poleId, campaignId, round, after }) => {
  const [pole, campaign, page] = await Promise.all([getPole(poleId), getCampaign(poleId, campaignId), targetsPage(poleId, campaignId, after ?? undefined, PAGE)]);
  const at = clock().now().toISOString();
  const responded = await respondedAmong(poleId, campaignId, page.targets.map((t) => t.siret));
  const due = page.targets.filter((t) => t.invitedAt && !responded.has(t.siret) && !t.remindedRounds?.includes(round));
  const { count, error } = await mailSurveyLinks('reminder', (t) => `GTEC#${campaignId}#REMIND#${round}#${t.siret}`, pole.name, campaign, due, (t) => ({ ...t, remindedRounds: [...(t.remindedRounds ?? []), round] }), at);
  await addToCounters(poleId, campaignId, { reminded: count });
  if (error) throw error; // e.g. throttled: the Retry reminds the rest, those recorded above are skipped
  return page.next
    ? { round, after: page.next, at: campaign.reminders[round - 1] ?? null, reminded: count }
    : { round: round + 1, after: null, at: campaign.reminders[round] ?? null, reminded: count };
});
