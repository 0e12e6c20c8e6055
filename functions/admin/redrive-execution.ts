import { assertOwnExecution, assertRedrivable } from '../../domain/executions.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { httpHandler, json } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * POST /admin/workflows/{workflow}/executions/{name}/redrive — runs a failed, timed-out or
 * stopped execution again once its cause is fixed: same name, same input; 409 for any other.
 */
export const handler = httpHandler(ADMIN_ROUTES.RedriveExecution, async ({ admin, path: { workflow, name } }) => {
  assertOwnExecution(name, admin.poleId);
  const engine = workflowEngine();
  const executionArn = engine.executionArnOf(workflow, name);
  assertRedrivable((await engine.describe(executionArn)).status);
  const { redriveDate } = await engine.redrive(executionArn);
  logger.info('execution redriven', { workflow, executionArn });
  return json(202, { executionArn, status: 'RUNNING', redriveDate, message: 'Exécution relancée.' });
});
