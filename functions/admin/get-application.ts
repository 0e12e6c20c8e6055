import * as z from 'zod';
import { applicationIdSchema } from '../../domain/ids.ts';
import { getApplication } from '../../store/applications.ts';
import { httpHandler } from '../shared/http.ts';
import { publicApplication } from './schemas.ts';

/** GET /admin/applications/{applicationId} — an application with its full history. */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ applicationId: applicationIdSchema }) },
  async ({ admin, path: { applicationId } }) => publicApplication(await getApplication(admin.poleId, applicationId)),
);
