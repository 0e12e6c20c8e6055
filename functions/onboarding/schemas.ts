import * as z from 'zod';
import { applicationFormSchema } from '../../domain/application.ts';
import { applicationIdSchema, poleIdSchema } from '../../domain/ids.ts';

/** What the onboarding workflow carries from state to state: keys, never whole lists. */
export const applicationRef = z.object({
  poleId: poleIdSchema,
  applicationId: applicationIdSchema,
});

export const onboardingInput = applicationRef.extend({ form: applicationFormSchema });

/** An applicant's personal link (confirmation or status page): the token is compared by its hash, so only its length is bounded here. */
export const applicantLinkPath = z.object({ poleId: poleIdSchema, applicationId: applicationIdSchema, token: z.string().max(100) });
