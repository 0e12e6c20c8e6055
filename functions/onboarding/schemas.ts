import * as z from 'zod';
import { applicationFormSchema } from '../../domain/application.ts';
import { applicationIdSchema, poleIdSchema } from '../../domain/ids.ts';
import { route } from '../shared/contract.ts';
import { executionArn, message } from '../shared/responses.ts';

/** What the onboarding workflow carries from state to state: keys, never whole lists. */
export const applicationRef = z.object({
  poleId: poleIdSchema,
  applicationId: applicationIdSchema,
});

export const onboardingInput = applicationRef.extend({ form: applicationFormSchema });

/** The public route of this folder: the application form. */
export const ONBOARDING_ROUTES = {
  SubmitApplication: route({
    auth: 'public',
    tag: 'Candidatures',
    summary: 'Le formulaire de candidature d’une structure (public)',
    description:
      'Le même formulaire envoyé deux fois désigne la même candidature et la même exécution ; une autre candidature pour le même SIRET est un 409 nommant celle en cours.',
    path: z.object({ poleId: poleIdSchema }),
    body: applicationFormSchema,
    responses: {
      202: {
        description: 'Candidature reçue : le comité de pilotage l’examinera.',
        json: z.object({ applicationId: z.string(), executionArn, message }),
        headers: { location: 'Le chemin de la candidature dans l’API d’administration.' },
      },
    },
    errors: [404, 409],
  }),
};
