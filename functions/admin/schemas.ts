import * as z from 'zod';
import type { Application } from '../../store/applications.ts';
import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';

/** The admin routes' shared path parameters, and what they answer of an application. */
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
