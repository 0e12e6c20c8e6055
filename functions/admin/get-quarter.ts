import { requireQuarter } from '../../store/quarters.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, publicQuarter } from './schemas.ts';

/** GET /admin/reconciliations/{quarter} — status, current inputs, draft summary with the credits carried in and out, history. */
export const handler = httpHandler(ADMIN_ROUTES.GetQuarter, async ({ admin, path: { quarter } }) =>
  publicQuarter(await requireQuarter(admin.poleId, quarter)),
);
