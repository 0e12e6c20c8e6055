import {
  dueInRound,
  hashToken,
  markMailed,
  newToken,
  PAGE_SIZE,
  type PageCursor,
  pageCursors,
  surveyMail,
} from '../domain/gtec/campaign.ts';
import type { Company } from '../domain/gtec/companies.ts';
import { executionName } from '../domain/poles.ts';
import { expiresAfter, RETENTION_DAYS } from '../domain/retention.ts';
import { mailer } from '../ports/mailer.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { putTargets, type TargetItem, targetsPage } from '../store/campaign-targets.ts';
import { addToCounters, type Campaign, createCampaign, getCampaign, setCampaignPages } from '../store/campaigns.ts';
import { listCompanies } from '../store/companies.ts';
import { getPole } from '../store/poles.ts';
import { countResponses, respondedAmong } from '../store/responses.ts';
import { putTokens } from '../store/survey-tokens.ts';
import { pageBaseUrl } from './links.ts';
import { sendOnce, stuckMails } from './mail.ts';

/** Mails sent at once: a bounded sending rate, whatever the page's size. */
const MAILS_AT_ONCE = 10;

/**
 * Stores the campaign once, then starts its execution, named from the campaign id: the same
 * campaign sent again returns the stored one and the same execution.
 */
export async function launchCampaign(campaign: Campaign): Promise<{ campaign: Campaign; created: boolean; executionArn: string }> {
  const stored = await createCampaign(campaign);
  const { poleId, campaignId } = campaign;
  const { executionArn } = await workflowEngine().start('gtec-campaign', executionName(poleId, `campaign-${campaignId}`), {
    poleId,
    campaignId,
  });
  return { ...stored, executionArn };
}

/**
 * Snapshots the targeted companies into the campaign's partition, once, with the cursors of its
 * pages: a second call (a retried or restarted execution, with the campaign read afresh) finds
 * `pages` set and returns them, leaving the targets and their statuses alone.
 */
export async function prepareTargets(
  campaign: Campaign,
  matches: (c: Company) => boolean,
): Promise<{ targets: number; pages: PageCursor[] }> {
  if (campaign.pages) return { targets: campaign.targets ?? 0, pages: campaign.pages };
  // Sorted by SIRET, the order of the targets' sort keys, which the page cursors follow.
  const targets = (await listCompanies(campaign.poleId)).filter(matches).sort((a, b) => (a.siret < b.siret ? -1 : 1));
  await putTargets(
    campaign.poleId,
    campaign.campaignId,
    targets.map(({ siret, name, email, naf, sizeBand, commune }) => ({ siret, name, email, naf, sizeBand, commune })),
  );
  const pages = pageCursors(targets.map((t) => t.siret));
  await setCampaignPages(campaign.poleId, campaign.campaignId, targets.length, pages);
  return { targets: targets.length, pages };
}

/** The start of every mail key of a campaign (its invitations and reminders). */
export const campaignMailPrefix = (campaignId: string): string => `GTEC#${campaignId}#`;

/** A campaign's live counts that are not on its item: the companies that answered, its mails stuck past their lease. */
export async function campaignCounts(poleId: string, campaignId: string): Promise<{ answered: number; stuck: number }> {
  const [answered, stuck] = await Promise.all([countResponses(poleId, campaignId), stuckMails(poleId, campaignMailPrefix(campaignId))]);
  return { answered, stuck };
}

/**
 * One page of one round: round 0 invites the page's targets; round n reminds, on the same page,
 * the invited companies that have not answered. Each mail goes at most once per company and
 * round, so a retried or redriven page sends only what is left. What went out is counted on the
 * campaign before a failure (e.g. throttling) is thrown for the workflow's Retry.
 */
export async function sendSurveyPage(
  poleId: string,
  campaignId: string,
  round: number,
  after: string | undefined,
  at: string,
): Promise<{ round: number; count: number }> {
  const [pole, campaign, page] = await Promise.all([
    getPole(poleId),
    getCampaign(poleId, campaignId),
    targetsPage(poleId, campaignId, after, PAGE_SIZE),
  ]);
  const responded =
    round === 0
      ? new Set<string>()
      : await respondedAmong(
          poleId,
          campaignId,
          page.targets.map((t) => t.siret),
        );
  const prefix = campaignMailPrefix(campaignId);
  const mailKey = round === 0 ? (t: TargetItem) => `${prefix}INVITE#${t.siret}` : (t: TargetItem) => `${prefix}REMIND#${round}#${t.siret}`;
  const { count, error } = await mailSurveyLinks(
    round === 0 ? 'invitation' : 'reminder',
    mailKey,
    pole,
    campaign,
    dueInRound(page.targets, round, responded),
    (t) => markMailed(t, round, at),
    at,
  );
  await addToCounters(poleId, campaignId, round === 0 ? { sent: count } : { reminded: count });
  if (error) throw error; // the Retry sends the rest; those recorded above are skipped
  return { round, count };
}

/**
 * Mails each target its personal link, at most once per mail key, MAILS_AT_ONCE at a time. A
 * fresh token per link, written for the whole page in batches before sending: only its hash is
 * kept, so a reminder cannot repeat the invitation's link, and every link issued stays valid until
 * the close. Then `mark` records each company done on its target item, again in batches (the
 * workflow is the only writer of targets). Returns how many were done and the first failure, if
 * any: the caller counts what went out, then rethrows, so the task's Retry only handles what is left.
 */
async function mailSurveyLinks(
  kind: 'invitation' | 'reminder',
  mailKeyOf: (t: TargetItem) => string,
  pole: { name: string; publicBaseUrl?: string },
  campaign: Campaign,
  targets: readonly TargetItem[],
  mark: (t: TargetItem) => TargetItem,
  at: string,
): Promise<{ count: number; error?: unknown }> {
  const baseUrl = pageBaseUrl(pole); // before any write: a misconfigured function fails having done nothing
  // The links and the mail records go with the campaign, a while after its close (docs/rules.md#personal-data).
  const expiresAt = expiresAfter(campaign.closesAt, RETENTION_DAYS.afterCampaignClose);
  const links = targets.map((target) => ({ target, token: newToken() }));
  await putTokens(
    links.map(({ target, token }) => ({
      tokenHash: hashToken(token),
      ref: { poleId: campaign.poleId, campaignId: campaign.campaignId, siret: target.siret },
    })),
    at,
    expiresAt,
  );
  const { done, error } = await inBatches(links, MAILS_AT_ONCE, async ({ target, token }) => {
    const link = `${baseUrl}/survey/${token}/page`;
    const mail = surveyMail(kind, pole.name, target.name, campaign.title, link, campaign.closesAt);
    await sendOnce(campaign.poleId, mailKeyOf(target), { to: target.email, ...mail }, mailer(), at, expiresAt);
    return target;
  });
  await putTargets(campaign.poleId, campaign.campaignId, done.map(mark));
  return { count: done.length, error };
}

/**
 * Runs `fn` over items, at most `width` at a time. Stops after the first batch with a failure and
 * returns what succeeded with that failure, so the caller can record the done part (counters)
 * before rethrowing for the workflow's Retry.
 */
async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<{ done: R[]; error?: unknown }> {
  const done: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    const settled = await Promise.allSettled(items.slice(i, i + width).map(fn));
    for (const s of settled) if (s.status === 'fulfilled') done.push(s.value);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) return { done, error: failed.reason };
  }
  return { done };
}
