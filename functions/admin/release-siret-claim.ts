import { when } from '../../domain/format.ts';
import { clock } from '../../ports/clock.ts';
import { releaseSiretClaim } from '../../services/siret-claims.ts';
import { httpHandler } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * POST /admin/siret-claims/{siret}/release — frees a SIRET held by an orphan or a stale claim
 * (docs/rules.md#siret); 409 for a live application or a member, 404 for a SIRET never claimed.
 * Releasing again answers the same.
 */
export const handler = httpHandler(ADMIN_ROUTES.ReleaseSiretClaim, async ({ admin, path: { siret } }) => {
  const { poleId, subject } = admin;
  const { claim, releasedNow } = await releaseSiretClaim(poleId, siret, subject, clock().now());
  // The item keeps who released it; the logs keep ids only.
  if (releasedNow) logger.info('siret claim released', { poleId, siret, applicationId: claim.holder.applicationId });
  const message = claim.released
    ? `SIRET ${siret} libéré par ${claim.released.by} le ${when(claim.released.at)} : une nouvelle candidature peut le réserver.`
    : `Le SIRET ${siret} est déjà libre : une nouvelle candidature peut le réserver.`;
  return { claim, message };
});
