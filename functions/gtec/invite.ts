import { hashToken, newToken, surveyMail } from '../../domain/gtec/campaign.ts';
import { config } from '../../ports/config.ts';
import { mailer } from '../../ports/mailer.ts';
import type { Campaign, TargetItem } from '../../store/gtec.ts';
import { putToken } from '../../store/gtec.ts';
import { sendOnce } from '../../store/mail-log.ts';

/**
 * Mails one company its personal link, at most once per `mailKey`. A fresh token each time: only
 * its hash is kept, so a reminder cannot repeat the invitation's link; every link issued stays valid.
 */
export async function mailSurveyLink(kind: 'invitation' | 'reminder', mailKey: string, poleName: string, campaign: Campaign, target: TargetItem, at: string): Promise<boolean> {
  const token = newToken();
  await putToken(hashToken(token), { poleId: campaign.poleId, campaignId: campaign.campaignId, siret: target.siret }, at);
  const link = `${config().PUBLIC_BASE_URL}/survey/${token}/page`;
  const mail = surveyMail(kind, poleName, target.name, campaign.title, link, campaign.closesAt);
  const { sent } = await sendOnce(campaign.poleId, mailKey, { to: target.email, ...mail }, mailer(), at);
  return sent;
}
