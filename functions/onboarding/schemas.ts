import * as z from 'zod';
import { applicationIdSchema, poleIdSchema } from '../../domain/ids.ts';

/** What the onboarding workflow carries from state to state: keys, never whole lists. */
export const applicationRef = z.object({
  poleId: poleIdSchema,
  applicationId: applicationIdSchema,
});
