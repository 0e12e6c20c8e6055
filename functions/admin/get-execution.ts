import { assertOwnExecution, executionView, REDRIVABLE_STATUSES, timeline } from '../../domain/executions.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * GET /admin/workflows/{workflow}/executions/{name} — one execution, its history read as steps
 * (each with input, output, error, duration), the step it failed at, and what an admin may do.
 */
export const handler = httpHandler(ADMIN_ROUTES.GetExecution, async ({ admin, path: { workflow, name } }) => {
  assertOwnExecution(name, admin.poleId);
  const engine = workflowEngine();
  const executionArn = engine.executionArnOf(workflow, name);
  const [execution, history] = await Promise.all([engine.describe(executionArn), engine.history(executionArn)]);
  return {
    execution: executionView(workflow, execution, clock().now()),
    ...timeline(execution, history),
    actions: { redrive: REDRIVABLE_STATUSES.includes(execution.status), stop: execution.status === 'RUNNING' },
    history,
  };
});
