import { DEFINITIONS } from '../../workflows/definitions.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, type WorkflowDefinitionView } from './schemas.ts';

/**
 * GET /admin/workflows/{workflow}/definition — the workflow's ASL definition (its file in
 * workflows/, with its `${…FunctionArn}` placeholders), which the back-office draws as a graph.
 */
export const handler = httpHandler(
  ADMIN_ROUTES.GetWorkflowDefinition,
  async ({ path: { workflow } }): Promise<WorkflowDefinitionView> => ({ workflow, definition: DEFINITIONS[workflow] }),
);
