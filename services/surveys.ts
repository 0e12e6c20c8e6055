import { NotFoundError } from '../domain/errors.ts';
import { hashToken, isTokenShaped } from '../domain/gtec/campaign.ts';
import { type Campaign, getCampaign } from '../store/campaigns.ts';
import { findToken, type TokenRef } from '../store/survey-tokens.ts';

// One answer for a malformed, forged or unknown token: it says nothing about which campaigns exist.
const unknown = () => new NotFoundError('Ce lien d’enquête n’est pas valable.');

// A warm container keeps campaigns a few seconds: their questionnaire and dates never change, and
// the close is checked against closesAt itself, so a cached status can only be a few seconds late.
const CACHE_MS = 5_000;
const cache = new Map<string, { campaign: Campaign; until: number }>();

async function campaignOf(ref: TokenRef): Promise<Campaign> {
  const key = `${ref.poleId}/${ref.campaignId}`;
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.campaign;
  const campaign = await getCampaign(ref.poleId, ref.campaignId).catch(() => {
    throw unknown();
  });
  if (cache.size > 1_000) cache.clear();
  cache.set(key, { campaign, until: Date.now() + CACHE_MS });
  return campaign;
}

/**
 * The campaign and company a survey link's token opens, and whether the campaign still takes
 * answers at `now`. The token is hashed and the hash looked up: raw tokens are never stored nor
 * compared. An unknown token is a 404.
 */
export async function openSurvey(token: string, now: Date): Promise<{ ref: TokenRef; campaign: Campaign; closed: boolean }> {
  if (!isTokenShaped(token)) throw unknown();
  const ref = await findToken(hashToken(token));
  if (!ref) throw unknown();
  const campaign = await campaignOf(ref);
  return { ref, campaign, closed: campaign.status !== 'OPEN' || now >= new Date(campaign.closesAt) };
}
