import * as z from 'zod';
import { DEFINITIONS } from '../../workflows/definitions.ts';
import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { httpHandler } from '../shared/http.ts';
import type { WorkflowDefinitionView } from './schemas.ts';

/**
 * GET /admin/workflows/{workflow}/definition — the workflow's ASL definition (its file in
 * workflows/, with its `${…FunctionArn}` placeholders), which the back-office draws as a graph.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ workflow: z.enum(WORKFLOW_NAMES) }) },
  async ({ path: { workflow } }): Promise<WorkflowDefinitionView> => ({ workflow, definition: DEFINITIONS[workflow] }),
);
