import { createHash } from 'node:crypto';
import * as z from 'zod';
import { siretSchema } from '../../domain/application.ts';
import { statementPage } from '../../domain/statements.ts';
import { getPole } from '../../store/poles.ts';
import { requireQuarter } from '../../store/quarters.ts';
import { getStatement } from '../../store/statements.ts';
import { quarterSchema } from '../reconciliation/schemas.ts';
import { httpHandler } from '../shared/http.ts';
import { publicQuarter } from './schemas.ts';

/** GET /admin/reconciliations/{quarter}/statements/{memberId}[?format=html] — one member's statement; the page prints on A4. */
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
    const { status, preview, statusLabel, draft } = publicQuarter(q);
    if (query.format === 'html') {
      const page = statementPage(pole.name, quarter, status, preview, statement, draft?.categories ?? []);
      const styleHash = createHash('sha256').update(page.style).digest('base64');
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          // The page's one style sheet, by its hash: no script, no other source.
          'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'`,
          'x-content-type-options': 'nosniff',
        },
        body: page.html,
      };
    }
    return { quarter, status, preview, statusLabel, categories: draft?.categories ?? [], statement };
  },
);
