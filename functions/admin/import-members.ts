import { ValidationError } from '../../domain/errors.ts';
import { readMembersFile } from '../../domain/member-file.ts';
import { type MemberRow, memberImportSchema } from '../../domain/member-import.ts';
import { capErrors } from '../../domain/spreadsheet/table.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { clock } from '../../ports/clock.ts';
import { importMembers } from '../../services/member-import.ts';
import { type HttpEvent, httpHandler, parseJson, rawBody, spreadsheetBody } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** The rows of a JSON body (`{"members": [...]}`), each numbered by its place in the list. */
function jsonRows(event: HttpEvent): MemberRow[] {
  const { members } = parseOrThrow(memberImportSchema, parseJson(rawBody(event, ['application/json']).text));
  return members.map((member, i) => ({ line: i + 1, member }));
}

/** The rows of a CSV or `.xlsx` file; any bad cell refuses the whole file, its errors listed by line and column (the first 100). */
async function fileRows(event: HttpEvent): Promise<MemberRow[]> {
  const { charset, bytes } = spreadsheetBody(event);
  const reading = await readMembersFile(bytes, { ...(charset && { charset }) });
  if (reading.errors.length === 0) return reading.rows;
  const { errors, errorCount } = capErrors(reading.errors);
  const lines = new Set(reading.errors.map((e) => e.line)).size;
  throw new ValidationError(
    errors,
    `Import refusé : ${errorCount} erreur(s) sur ${lines} ligne(s). Rien n’a été importé ; corrigez le fichier et envoyez-le à nouveau.`,
    { errorCount },
  );
}

/**
 * POST /admin/members/import — the pôle's existing members on its first day (docs/day-one.md#existing-members),
 * from a spreadsheet (CSV as the other imports read it, or `.xlsx`) or JSON. All or nothing: SIRETs
 * held already (409 by line), the building's free area (409 naming the shortfall); the same file sent
 * again changes nothing.
 */
export const handler = httpHandler(ADMIN_ROUTES.ImportMembers, async ({ admin, event }) => {
  const isJson = (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
  const rows = isJson ? jsonRows(event) : await fileRows(event);
  const outcome = await importMembers(admin.poleId, rows, clock().now());
  return {
    ...outcome,
    message: `${outcome.imported} membre(s) importé(s), ${outcome.unchanged} déjà présent(s) à l’identique.`,
  };
});
