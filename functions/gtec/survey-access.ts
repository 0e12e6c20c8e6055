import { NotFoundError } from '../../domain/errors.ts';
import { hashToken, isTokenShaped } from '../../domain/gtec/campaign.ts';
import { clock } from '../../ports/clock.ts';
import { type Campaign, findToken, getCampaign, type TokenRef } from '../../store/gtec.ts';
import { HttpError } from '../shared/http.ts';

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
 * The campaign and company a survey link's token opens. The token is hashed and the hash looked
 * up: raw tokens are never stored nor compared. A closed campaign answers 410.
 */
export async function openSurvey(token: string): Promise<{ ref: TokenRef; campaign: Campaign }> {
  if (!isTokenShaped(token)) throw unknown();
  const ref = await findToken(hashToken(token));
  if (!ref) throw unknown();
  const campaign = await campaignOf(ref);
  if (campaign.status !== 'OPEN' || clock().now() >= new Date(campaign.closesAt)) {
    throw new HttpError(410, 'CAMPAIGN_CLOSED', 'L’enquête est close : les réponses ne sont plus acceptées. Merci de votre intérêt.');
  }
  return { ref, campaign };
}
