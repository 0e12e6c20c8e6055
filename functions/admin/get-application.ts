import { getApplication } from '../../store/applications.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, publicApplication } from './schemas.ts';

/** GET /admin/applications/{applicationId} — an application with its full history. */
export const handler = httpHandler(ADMIN_ROUTES.GetApplication, async ({ admin, path: { applicationId } }) =>
  publicApplication(await getApplication(admin.poleId, applicationId)),
);
