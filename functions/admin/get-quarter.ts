import * as z from 'zod';
import { quarterSchema } from '../../domain/ids.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { httpHandler } from '../shared/http.ts';

/** GET /admin/reconciliations/{quarter} — status, current inputs, draft summary, history. */
export const handler = httpHandler({ auth: 'admin', path: z.object({ quarter: quarterSchema }) }, async ({ admin, path: { quarter } }) => {
  const { taskToken: _token, ...q } = await requireQuarter(admin.poleId, quarter);
  return q;
});
