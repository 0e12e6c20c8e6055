import { importReply, readCompaniesFile } from '../../domain/gtec/companies.ts';
import { clock } from '../../ports/clock.ts';
import { upsertCompanies } from '../../store/companies.ts';
import { poleDepartements } from '../../store/poles.ts';
import { httpHandler, spreadsheetBody } from '../common/http.ts';
import { GTEC_ROUTES } from './schemas.ts';

/**
 * POST /admin/companies/import — the GTEC company registry from a file staff have: CSV (`;`, `,`
 * or tab, UTF-8 with or without BOM, Windows-1252, a `sep=` line) or an `.xlsx` workbook; columns
 * recognised by their headers. Valid rows go in (a known SIRET is updated); each invalid row is
 * reported by line and column (the first 100 errors, and their count). A file refused as a whole
 * (a required column missing, an unreadable file) is a 400 saying why, and writes nothing.
 */
export const handler = httpHandler(GTEC_ROUTES.ImportCompanies, async ({ admin, event }) => {
  const { charset, bytes } = spreadsheetBody(event);
  const result = await readCompaniesFile(bytes, { ...(charset && { charset }), departements: await poleDepartements(admin.poleId) });
  await upsertCompanies(
    admin.poleId,
    result.companies.map((c) => c.company),
    clock().now().toISOString(),
  );
  return importReply(result);
});
