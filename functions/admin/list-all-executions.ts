import * as z from 'zod';
import { EXECUTION_STATUSES, selectExecutions } from '../../domain/executions.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';
import { httpHandler } from '../shared/http.ts';

const instant = z.iso.datetime({ offset: true, message: 'Date et heure ISO 8601 attendues, par exemple 2026-10-01T00:00:00Z.' });

const querySchema = z
  .strictObject({
    workflow: z.enum(WORKFLOW_NAMES).optional(),
    status: z.enum(EXECUTION_STATUSES).optional(),
    from: instant.optional(),
    to: instant.optional(),
    businessKey: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    params: { rule: 'after_from' },
    message: 'La fin de la période doit suivre son début.',
  });

/**
 * GET /admin/executions — this pôle's executions of every workflow, newest first, with their
 * duration; filters: workflow, status, from/to (on the start date), businessKey (a substring).
 */
export const handler = httpHandler({ auth: 'admin', query: querySchema }, async ({ admin, query }) => {
  const engine = workflowEngine();
  const workflows = query.workflow ? [query.workflow] : WORKFLOW_NAMES;
  const lists = await Promise.all(
    workflows.map(async (workflow) => ({
      workflow,
      executions: await engine.list(workflow, { poleId: admin.poleId, ...(query.status && { status: query.status }) }),
    })),
  );
  const { executions, total } = selectExecutions(lists, admin.poleId, query, clock().now(), query.limit);
  return { workflows: WORKFLOW_NAMES, executions, count: executions.length, total };
});
