import * as z from 'zod';
import { applicationFormSchema } from '../../domain/application.ts';
import { poleIdSchema } from '../../domain/poles.ts';

/** What the onboarding workflow carries from state to state: keys, never whole lists. */
export const applicationRef = z.object({
  poleId: poleIdSchema,
  applicationId: z.string().regex(/^app-\d{14}-[0-9a-f]{10}$/),
});

export const onboardingInput = applicationRef.extend({ form: applicationFormSchema });
