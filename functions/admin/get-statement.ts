import { statementPage } from '../../domain/statements.ts';
import { getPole } from '../../store/poles.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { getStatement } from '../../store/statements.ts';
import { htmlPage } from '../common/html.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, publicQuarter } from './schemas.ts';

/** GET /admin/reconciliations/{quarter}/statements/{memberId}[?format=html] — one member's statement; the page prints on A4. */
export const handler = httpHandler(ADMIN_ROUTES.GetStatement, async ({ admin, path: { quarter, memberId }, query }) => {
  const [pole, q, statement] = await Promise.all([
    getPole(admin.poleId),
    requireQuarter(admin.poleId, quarter),
    getStatement(admin.poleId, quarter, memberId),
  ]);
  const { status, preview, statusLabel, draft } = publicQuarter(q);
  if (query.format === 'html') return htmlPage(statementPage(pole.name, quarter, status, preview, statement, draft?.categories ?? []));
  return { quarter, status, preview, statusLabel, categories: draft?.categories ?? [], statement };
});
