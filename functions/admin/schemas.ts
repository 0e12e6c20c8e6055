import * as z from 'zod';
import { executionNameSchema } from '../../domain/ids.ts';
import type { Application } from '../../store/applications.ts';
import { WORKFLOW_NAMES } from '../../workflows/names.ts';

/** What admins see of an application: everything but the workflow's task token. */
export function publicApplication({ taskToken: _token, ...application }: Application): Omit<Application, 'taskToken'> {
  return application;
}

/** An execution in an admin route's path: its workflow and its name (`<pôle>--<business key>`). */
export const executionPathSchema = z.object({
  workflow: z.enum(WORKFLOW_NAMES),
  name: executionNameSchema,
});
