import * as z from 'zod';
import { siretSchema } from '../../domain/application.ts';
import { statementHtml } from '../../domain/statements.ts';
import { getPole } from '../../store/poles.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { getStatement } from '../../store/statements.ts';
import { quarterSchema } from '../reconciliation/schemas.ts';
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
      getPole(admin!.poleId),
      requireQuarter(admin!.poleId, quarter),
      getStatement(admin!.poleId, quarter, memberId),
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
