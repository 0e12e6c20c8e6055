import * as z from 'zod';
import { quarterSchema } from '../../domain/ids.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { httpHandler } from '../shared/http.ts';
import { publicQuarter } from './schemas.ts';

/** GET /admin/reconciliations/{quarter} — status, current inputs, draft summary with the credits carried in and out, history. */
export const handler = httpHandler({ auth: 'admin', path: z.object({ quarter: quarterSchema }) }, async ({ admin, path: { quarter } }) =>
  publicQuarter(await requireQuarter(admin.poleId, quarter)),
);
