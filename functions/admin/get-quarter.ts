import { requireQuarter } from '../../store/quarters.ts';
import { httpHandler } from '../shared/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** GET /admin/reconciliations/{quarter} — status, current inputs, draft summary, history. */
export const handler = httpHandler(ADMIN_ROUTES.GetQuarter, async ({ admin, path: { quarter } }) => {
  const { taskToken: _token, ...q } = await requireQuarter(admin.poleId, quarter);
  return q;
});
