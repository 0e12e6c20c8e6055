import * as z from 'zod';
import type { Application } from '../../store/applications.ts';

export const applicationIdSchema = z.string().regex(/^app-\d{14}-[0-9a-f]{10}$/, { message: 'Identifiant de candidature invalide.' });

/** What admins see of an application: everything but the workflow's task token. */
export function publicApplication({ taskToken: _token, ...application }: Application): Omit<Application, 'taskToken'> {
  return application;
}
