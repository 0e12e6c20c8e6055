import * as z from 'zod';
import { parisDate } from '../../domain/dates.ts';
import { hasEnded } from '../../domain/quarters.ts';
import { statusLabel } from '../../domain/statements.ts';
import { clock } from '../../ports/clock.ts';
import type { Application } from '../../store/applications.ts';
import type { Quarter } from '../../store/reconciliation.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';

export const applicationIdSchema = z.string().regex(/^app-\d{14}-[0-9a-f]{10}$/, { message: 'Identifiant de candidature invalide.' });

/** What admins see of an application: everything but the workflow's task token. */
export function publicApplication({ taskToken: _token, ...application }: Application): Omit<Application, 'taskToken'> {
  return application;
}

/** An execution in an admin route's path: its workflow and its name (`<pôle>--<business key>`). */
export const executionPathSchema = z.object({
  workflow: z.enum(WORKFLOW_NAMES),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, { message: 'Nom d’exécution invalide.' }),
});

/**
 * What admins see of a quarter: everything but the workflow's task token, whether its statements
 * are only a preview (the quarter has not ended), and its status in French.
 */
export function publicQuarter({ taskToken: _token, ...quarter }: Quarter) {
  const preview = !hasEnded(quarter.quarter, parisDate(clock().now()));
  return { ...quarter, preview, statusLabel: statusLabel(quarter.status, preview) };
}
