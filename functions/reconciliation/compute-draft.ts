import { computeDraft } from '../../orchestration/reconciliation.ts';
import { taskHandler } from '../shared/task.ts';
import { quarterRef } from './schemas.ts';

/**
 * Workflow task: gathers the quarter's inputs and members, applies rules 1–4 of
 * docs/reconciliation.md and writes a DRAFT statement per member. A data error (e.g. a category
 * nobody can carry) fails the execution with its name and French message; the admin fixes the
 * data and starts the quarter's run again.
 */
export const handler = taskHandler(quarterRef, ({ poleId, quarter }) => computeDraft(poleId, quarter));
