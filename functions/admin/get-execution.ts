import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.ts';
import { belongsToPole } from '../../domain/poles.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';
import { httpHandler } from '../shared/http.ts';

/** GET /admin/workflows/{workflow}/executions/{name} — one execution and its step-by-step history. */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ workflow: z.enum(WORKFLOW_NAMES), name: z.string().min(1).max(80) }) },
  async ({ admin, path: { workflow, name } }) => {
    // Another pôle's execution is answered exactly like a missing one.
    if (!belongsToPole(name, admin!.poleId)) throw new NotFoundError('Exécution introuvable.');
    const engine = workflowEngine();
    const executionArn = engine.executionArnOf(workflow, name);
    const [execution, history] = await Promise.all([engine.describe(executionArn), engine.history(executionArn)]);
    return { execution, history };
  },
);
