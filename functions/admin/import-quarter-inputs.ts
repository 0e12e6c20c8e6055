import * as z from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import { quarterSchema } from '../../domain/ids.ts';
import { INPUT_KINDS, parseCsvRows, parseJsonRows, unknownMembers } from '../../domain/quarter-inputs.ts';
import { clock } from '../../ports/clock.ts';
import { importInputs } from '../../services/reconciliation.ts';
import { listMembers } from '../../store/members.ts';
import { httpHandler, parseJson, rawBody } from '../shared/http.ts';

/**
 * POST /admin/reconciliations/{quarter}/inputs/{kind} — replaces one kind of the quarter's inputs,
 * from a CSV export (text/csv) or JSON rows. Every bad row is reported by line; nothing is imported
 * unless every row is valid.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ quarter: quarterSchema, kind: z.enum(INPUT_KINDS) }) },
  async ({ admin, path: { quarter, kind }, event }) => {
    const { contentType, text } = rawBody(event, ['text/csv', 'application/json']);
    const parsed = contentType === 'text/csv' ? parseCsvRows(kind, text) : parseJsonRows(kind, parseJson(text));
    const members = new Set((await listMembers(admin.poleId)).map((m) => m.memberId));
    const errors = [...parsed.errors, ...unknownMembers(parsed.rows, members)].sort((a, b) => a.line - b.line);
    if (errors.length > 0) throw new ValidationError(errors, `${errors.length} erreur(s) ; rien n’a été importé.`);
    const ref = await importInputs(
      admin.poleId,
      quarter,
      kind,
      parsed.rows.map((r) => r.row),
      contentType === 'text/csv' ? 'csv' : 'json',
      clock().now().toISOString(),
    );
    return { quarter, kind, ...ref };
  },
);
