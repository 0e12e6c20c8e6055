import { readPoleSetup } from '../../services/poles.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** GET /admin/poles/{poleId} — a pôle's set-up, its building's free area and the set-up history (an operator, or the pôle's admins). */
export const handler = httpHandler(ADMIN_ROUTES.GetPole, async ({ admin: staff, path: { poleId } }) => ({
  ...(await readPoleSetup(poleId, staff)),
}));
