import { fold, withoutSpaces } from '../../domain/text.ts';
import { listApplications } from '../../store/applications.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, type ApplicationSummary, applicationSummary } from './schemas.ts';

/** GET /admin/applications[?status=&search=] — the pôle's applications, newest first, for the back-office's list. */
export const handler = httpHandler(
  ADMIN_ROUTES.ListApplications,
  async ({ admin, query }): Promise<{ applications: ApplicationSummary[]; count: number }> => {
    // Names compared as words without accents, case or punctuation; a SIRET without its spaces.
    const [name, siret] = query.search ? [fold(query.search), withoutSpaces(query.search)] : [];
    const applications = (await listApplications(admin.poleId))
      .map(applicationSummary)
      .filter((a) => !query.status || a.status === query.status)
      .filter((a) => !query.search || (!!name && fold(a.structureName).includes(name)) || (!!siret && a.siret.includes(siret)))
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || a.applicationId.localeCompare(b.applicationId));
    return { applications, count: applications.length };
  },
);
