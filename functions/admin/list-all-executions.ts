import { selectExecutions } from '../../domain/executions.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * GET /admin/executions — this pôle's executions of every workflow, newest first, with their
 * duration; filters: workflow, status, from/to (on the start date), businessKey (a substring).
 */
export const handler = httpHandler(ADMIN_ROUTES.ListAllExecutions, async ({ admin, query }) => {
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
