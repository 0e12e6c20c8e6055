import * as z from 'zod';
import { quarterSchema } from '../../domain/ids.ts';
import { siretSchema } from '../../domain/siret.ts';
import { statementPage } from '../../domain/statements.ts';
import { getPole } from '../../store/poles.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { getStatement } from '../../store/statements.ts';
import { htmlPage } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';

/** GET /admin/reconciliations/{quarter}/statements/{memberId}[?format=html] — one member's statement. */
export const handler = httpHandler(
  {
    auth: 'admin',
    path: z.object({ quarter: quarterSchema, memberId: siretSchema }),
    query: z.strictObject({ format: z.enum(['json', 'html']).optional() }),
  },
  async ({ admin, path: { quarter, memberId }, query }) => {
    const [pole, q, statement] = await Promise.all([
      getPole(admin.poleId),
      requireQuarter(admin.poleId, quarter),
      getStatement(admin.poleId, quarter, memberId),
    ]);
    if (query.format === 'html') return htmlPage(statementPage(pole.name, quarter, q.status, statement, q.draft?.categories ?? []));
    return { quarter, status: q.status, statement };
  },
);
