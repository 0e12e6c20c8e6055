import { parseCompaniesCsv } from '../../domain/gtec/companies.ts';
import { clock } from '../../ports/clock.ts';
import { upsertCompanies } from '../../store/companies.ts';
import { httpHandler, rawBody } from '../shared/http.ts';

/**
 * POST /admin/companies/import — the GTEC company registry from a spreadsheet export (text/csv,
 * `;` or `,`, optional BOM). Valid rows go in (a known SIRET is updated); each invalid row and
 * each repeated SIRET is reported by line, field and rule, and left out.
 */
export const handler = httpHandler({ auth: 'admin' }, async ({ admin, event }) => {
  const { text } = rawBody(event, ['text/csv']);
  const { companies, errors } = parseCompaniesCsv(text);
  await upsertCompanies(
    admin.poleId,
    companies.map((c) => c.company),
    clock().now().toISOString(),
  );
  return {
    imported: companies.length,
    rejected: new Set(errors.map((e) => e.line)).size,
    errors,
    message:
      errors.length === 0
        ? `${companies.length} entreprise(s) importée(s).`
        : `${companies.length} entreprise(s) importée(s) ; ${errors.length} erreur(s), lignes ignorées.`,
  };
});
