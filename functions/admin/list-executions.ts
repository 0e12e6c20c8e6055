import * as z from 'zod';
import { EXECUTION_STATUSES } from '../../domain/executions.ts';
import { businessKeyOf } from '../../domain/poles.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';
import { httpHandler } from '../shared/http.ts';

/** GET /admin/workflows/{workflow}/executions — this pôle's executions of one workflow. */
export const handler = httpHandler(
  {
    auth: 'admin',
    path: z.object({ workflow: z.enum(WORKFLOW_NAMES) }),
    query: z.strictObject({ status: z.enum(EXECUTION_STATUSES).optional() }),
  },
  async ({ admin, path: { workflow }, query }) => {
    const executions = await workflowEngine().list(workflow, { ...query, poleId: admin.poleId });
    return { workflow, executions: executions.map((e) => ({ ...e, businessKey: businessKeyOf(e.name) })) };
  },
);
