import { assertOwnExecution, assertStoppable } from '../../domain/executions.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { httpHandler } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** POST /admin/workflows/{workflow}/executions/{name}/stop — stops a running execution (ABORTED); 409 otherwise. */
export const handler = httpHandler(ADMIN_ROUTES.StopExecution, async ({ admin, path: { workflow, name } }) => {
  const { poleId, subject } = admin;
  assertOwnExecution(name, poleId);
  const engine = workflowEngine();
  const executionArn = engine.executionArnOf(workflow, name);
  assertStoppable((await engine.describe(executionArn)).status);
  // The execution keeps who stopped it; the logs keep ids only.
  await engine.stop(executionArn, 'StoppedByAdmin', `Arrêtée depuis l’administration par ${subject}.`);
  logger.info('execution stopped', { workflow, executionArn });
  const { status, stopDate } = await engine.describe(executionArn);
  return { executionArn, status, stopDate, message: 'Exécution arrêtée.' };
});
