import { NotFoundError } from '../domain/errors.ts';
import { type ClaimState, claimView, type HoldingApplication, releaseRefusal, type SiretClaimView } from '../domain/siret-claims.ts';
import { getApplication } from '../store/applications.ts';
import { getSiretClaim, listSiretClaims, releasePendingClaim, type SiretClaim } from '../store/siret-claims.ts';

/** The application a pending claim names, or undefined when none was recorded (or it was deleted after its retention). */
async function holdingApplication(poleId: string, claim: SiretClaim): Promise<HoldingApplication | undefined> {
  if (claim.state !== 'PENDING') return undefined;
  try {
    return { status: (await getApplication(poleId, claim.holder)).status };
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

const viewOf = async (poleId: string, claim: SiretClaim, now: Date): Promise<SiretClaimView> =>
  claimView(claim, await holdingApplication(poleId, claim), now);

/**
 * The claims that block a SIRET in the pôle, in one state (PENDING: applications, MEMBER: members,
 * or both), each with its holder and what it is (docs/rules.md#siret); orphans and stale claims first.
 * A pending claim costs one read of its application: there are only as many as applications under way.
 */
export async function blockingClaims(poleId: string, states: readonly ClaimState[], now: Date): Promise<SiretClaimView[]> {
  const claims = (await listSiretClaims(poleId)).filter((c) => states.includes(c.state));
  const views = await Promise.all(claims.map((claim) => viewOf(poleId, claim, now)));
  return views.sort(
    (a, b) => Number(b.releasable) - Number(a.releasable) || a.claimedAt.localeCompare(b.claimedAt) || a.siret.localeCompare(b.siret),
  );
}

/**
 * Frees a SIRET held by an orphan or a stale claim, recording who and when. Idempotent: a claim
 * already free answers as it is. A live application, a claim still being confirmed or a member is
 * a 409 saying what to do instead; a SIRET never claimed in the pôle is a 404. The release is
 * conditional on what was read: should an application take or settle the claim in between, the
 * claim is read again and judged anew, so a live claim is never freed.
 */
export async function releaseSiretClaim(
  poleId: string,
  siret: string,
  by: string,
  now: Date,
): Promise<{ claim: SiretClaimView; releasedNow: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const claim = await getSiretClaim(poleId, siret);
    if (!claim) throw new NotFoundError(`Aucune réservation du SIRET ${siret} dans ce pôle.`, { field: 'siret', siret });
    const view = await viewOf(poleId, claim, now);
    if (claim.state === 'RELEASED') return { claim: view, releasedNow: false };
    const refusal = releaseRefusal(view);
    if (refusal) throw refusal;
    // Each lost race means the claim changed hands or state: two are already unlikely, a third is a bug.
    if (await releasePendingClaim(poleId, claim, by, now.toISOString())) {
      const released: SiretClaim = { ...claim, state: 'RELEASED', releasedBy: by, releasedAt: now.toISOString() };
      return { claim: claimView(released, undefined, now), releasedNow: true };
    }
    if (attempt >= 2) throw new Error(`SIRET claim ${siret} kept changing during its release`);
  }
}
