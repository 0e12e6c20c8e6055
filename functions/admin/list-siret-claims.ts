import type { ClaimState } from '../../domain/siret-claims.ts';
import { clock } from '../../ports/clock.ts';
import { blockingClaims } from '../../services/siret-claims.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** Which claims `?state=` lists: pending ones by default (the few the staff may act on), not the members' hundreds. */
const STATES: Record<'PENDING' | 'MEMBER' | 'ALL', readonly ClaimState[]> = {
  PENDING: ['PENDING'],
  MEMBER: ['MEMBER'],
  ALL: ['PENDING', 'MEMBER'],
};

/** GET /admin/siret-claims[?state=] — the SIRETs the pôle's claims block, orphans and stale claims first. */
export const handler = httpHandler(ADMIN_ROUTES.ListSiretClaims, async ({ admin, query }) => {
  const claims = await blockingClaims(admin.poleId, STATES[query.state ?? 'PENDING'], clock().now());
  return { claims, count: claims.length, releasable: claims.filter((c) => c.releasable).length };
});
