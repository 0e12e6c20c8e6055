import { businessKeyOf } from '../../domain/poles.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** GET /admin/workflows/{workflow}/executions — this pôle's executions of one workflow. */
export const handler = httpHandler(ADMIN_ROUTES.ListExecutions, async ({ admin, path: { workflow }, query }) => {
  const executions = await workflowEngine().list(workflow, { ...query, poleId: admin.poleId });
  return { workflow, executions: executions.map((e) => ({ ...e, businessKey: businessKeyOf(e.name) })) };
});
