import * as z from 'zod';
import { poleIdSchema } from '../../domain/ids.ts';
import { readPoleSetup } from '../../services/poles.ts';
import { httpHandler } from '../shared/http.ts';

/** GET /admin/poles/{poleId} — a pôle's set-up, its building's free area and the set-up history (an operator, or the pôle's admins). */
export const handler = httpHandler(
  { auth: 'staff', path: z.object({ poleId: poleIdSchema }) },
  async ({ admin: staff, path: { poleId } }) => ({
    ...(await readPoleSetup(poleId, staff)),
  }),
);
