import * as z from 'zod';
import { APPLICATION_STATUSES } from '../../domain/application.ts';
import { fold, withoutSpaces } from '../../domain/text.ts';
import { listApplications } from '../../store/applications.ts';
import { httpHandler } from '../shared/http.ts';
import { type ApplicationSummary, applicationSummary } from './schemas.ts';

const querySchema = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  /** A piece of the structure's name or of its SIRET, whatever the case and accents. */
  search: z.string().trim().min(1).max(100).optional(),
});

/** GET /admin/applications[?status=&search=] — the pôle's applications, newest first, for the back-office's list. */
export const handler = httpHandler(
  { auth: 'admin', query: querySchema },
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
