import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { mailStatementsPage } from '../../services/reconciliation.ts';
import { taskHandler } from '../common/task.ts';
import { quarterRef } from './schemas.ts';

/** Members mailed per invocation: bounded work per task, whatever the pôle's size. */
const PAGE = 200;

/** Workflow task: mails each member its statement, a page at a time, each mail at most once. */
export const handler = taskHandler(quarterRef.extend({ after: z.string().nullable().optional() }), async ({ poleId, quarter, after }) => {
  const { sent, next } = await mailStatementsPage(poleId, quarter, after ?? undefined, PAGE, clock().now().toISOString());
  return { sent, next: next ?? null };
});
