import { RuleViolation, ValidationError } from '../../domain/errors.ts';
import { parseCsvRowsPaced, parseJsonRows, unknownMembers } from '../../domain/quarter-inputs.ts';
import { clock } from '../../ports/clock.ts';
import { importInputs } from '../../services/reconciliation.ts';
import { listMembers } from '../../store/members.ts';
import { httpHandler, parseJson, rawBody } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * POST /admin/reconciliations/{quarter}/inputs/{kind}[?replace=empty] — replaces one kind of the
 * quarter's inputs, from a CSV export (text/csv) or JSON rows. Every bad row is reported by line;
 * nothing is imported unless every row is valid. An empty file replaces the rows only when asked
 * (`?replace=empty`). A draft awaiting approval is computed again from the new rows.
 */
export const handler = httpHandler(ADMIN_ROUTES.ImportQuarterInputs, async ({ admin, path: { quarter, kind }, query, event }) => {
  const { contentType, text } = rawBody(event, ['text/csv', 'application/json']);
  const parsed = contentType === 'text/csv' ? await parseCsvRowsPaced(kind, text) : parseJsonRows(kind, parseJson(text));
  const members = new Set((await listMembers(admin.poleId)).map((m) => m.memberId));
  const errors = [...parsed.errors, ...unknownMembers(parsed.rows, members)].sort((a, b) => a.line - b.line);
  if (errors.length > 0) throw new ValidationError(errors, `${errors.length} erreur(s) ; rien n’a été importé.`);
  if (parsed.rows.length === 0 && query.replace !== 'empty') {
    throw new RuleViolation(
      'EMPTY_IMPORT',
      `Le fichier ne contient aucune ligne : rien n’a été remplacé. Pour vider les données « ${kind} » du trimestre ${quarter}, renvoyez-le avec ?replace=empty.`,
      { field: '(body)', rule: 'not_empty' },
    );
  }
  if (parsed.rows.length > 0 && query.replace === 'empty') {
    throw new ValidationError([
      { field: 'query.replace', rule: 'empty_only', message: '?replace=empty ne vaut que pour un fichier sans ligne.' },
    ]);
  }
  const ref = await importInputs(
    admin.poleId,
    quarter,
    kind,
    parsed.rows.map((r) => r.row),
    contentType === 'text/csv' ? 'csv' : 'json',
    clock().now().toISOString(),
    admin.subject,
  );
  return { quarter, kind, ...ref };
});
