import * as z from 'zod';
import { hasSomethingToSay, statementMail } from '../../domain/statements.ts';
import { clock } from '../../ports/clock.ts';
import { mailer } from '../../ports/mailer.ts';
import { sendOnce } from '../../store/mail-log.ts';
import { listMembers } from '../../store/members.ts';
import { getPole } from '../../store/poles.ts';
import { statementsPage } from '../../store/reconciliation.ts';
import { taskHandler } from '../shared/task.ts';
import { quarterRef } from './schemas.ts';

/** Members mailed per invocation: bounded work per task, whatever the pôle's size. */
const PAGE = 200;

/** Workflow task: mails each member its statement, a page at a time, each mail at most once. */
export const handler = taskHandler(quarterRef.extend({ after: z.string().nullable().optional() }), async ({ poleId, quarter, after }) => {
  const [pole, members, page] = await Promise.all([
    getPole(poleId),
    listMembers(poleId),
    statementsPage(poleId, quarter, after ?? undefined, PAGE),
  ]);
  const emails = new Map(members.map((m) => [m.memberId, m.contactEmail]));
  const at = clock().now().toISOString();
  let sent = 0;
  for (const statement of page.statements) {
    const to = emails.get(statement.memberId);
    if (!to || !hasSomethingToSay(statement)) continue;
    const result = await sendOnce(
      poleId,
      `STATEMENT#${quarter}#${statement.memberId}`,
      { to, ...statementMail(pole.name, quarter, statement) },
      mailer(),
      at,
    );
    if (result.sent) sent += 1;
  }
  return { sent, next: page.next ?? null };
});
