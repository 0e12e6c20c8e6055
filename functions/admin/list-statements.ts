import { statementsCsv } from '../../domain/statements.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { listStatements } from '../../store/statements.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, publicQuarter } from './schemas.ts';

/** GET /admin/reconciliations/{quarter}/statements[?format=csv] — every member's statement; CSV for the accounting office. */
export const handler = httpHandler(ADMIN_ROUTES.ListStatements, async ({ admin, path: { quarter }, query }) => {
  const [q, statements] = await Promise.all([requireQuarter(admin.poleId, quarter), listStatements(admin.poleId, quarter)]);
  if (query.format === 'csv') {
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="releves-${quarter}.csv"` },
      body: statementsCsv(quarter, statements),
    };
  }
  const { status, preview, statusLabel, draft } = publicQuarter(q);
  return {
    quarter,
    status,
    preview,
    statusLabel,
    categories: draft?.categories ?? [],
    carriedIn: draft?.carriedIn,
    carriedOut: draft?.carriedOut,
    statements,
  };
});
