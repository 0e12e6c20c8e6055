import { hashToken, newToken, surveyMail } from '../../domain/gtec/campaign.ts';
import { publicBaseUrl } from '../../ports/config.ts';
import { mailer } from '../../ports/mailer.ts';
import type { Campaign, TargetItem } from '../../store/gtec.ts';
import { putTargets, putTokens } from '../../store/gtec.ts';
import { sendOnce } from '../../store/mail-log.ts';
import { inBatches } from './schemas.ts';

/**
 * Mails each target its personal link, at most once per mail key, 10 at a time. A fresh token per
 * link, written for the whole page in batches before sending: only its hash is kept, so a reminder
 * cannot repeat the invitation's link, and every link issued stays valid until the close.
 * Then `mark` records each company done on its target item, again in batches (the workflow is the
 * only writer of targets). Returns how many were done and the first failure, if any: the caller
 * counts what went out, then rethrows, so the task's Retry only handles what is left.
 */
export async function mailSurveyLinks(
  kind: 'invitation' | 'reminder',
  mailKeyOf: (t: TargetItem) => string,
  poleName: string,
  campaign: Campaign,
  targets: readonly TargetItem[],
  mark: (t: TargetItem) => TargetItem,
  at: string,
): Promise<{ count: number; error?: unknown }> {
  const baseUrl = publicBaseUrl(); // before any write: a misconfigured function fails having done nothing
  const links = targets.map((target) => ({ target, token: newToken() }));
  await putTokens(
    links.map(({ target, token }) => ({
      tokenHash: hashToken(token),
      ref: { poleId: campaign.poleId, campaignId: campaign.campaignId, siret: target.siret },
    })),
    at,
  );
  const { done, error } = await inBatches(links, 10, async ({ target, token }) => {
    const mail = surveyMail(kind, poleName, target.name, campaign.title, `${baseUrl}/survey/${token}/page`, campaign.closesAt);
    await sendOnce(campaign.poleId, mailKeyOf(target), { to: target.email, ...mail }, mailer(), at);
    return target;
  });
  await putTargets(campaign.poleId, campaign.campaignId, done.map(mark));
  return { count: done.length, error };
}
