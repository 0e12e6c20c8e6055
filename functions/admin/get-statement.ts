import * as z from 'zod';
import { quarterSchema } from '../../domain/ids.ts';
import { siretSchema } from '../../domain/siret.ts';
import { statementHtml } from '../../domain/statements.ts';
import { getPole } from '../../store/poles.ts';
import { getStatement, requireQuarter } from '../../store/reconciliation.ts';
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
    if (query.format === 'html') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'x-content-type-options': 'nosniff',
        },
        body: statementHtml(pole.name, quarter, q.status, statement, q.draft?.categories ?? []),
      };
    }
    return { quarter, status: q.status, statement };
  },
);
