import * as z from 'zod';
import { applicationFormSchema } from '../../domain/application.ts';
import { applicationIdSchema, poleIdSchema } from '../../domain/ids.ts';
import { route } from '../common/contract.ts';
import { executionArn, instant, message } from '../common/responses.ts';

/** What the onboarding workflow carries from state to state: keys, never whole lists. */
export const applicationRef = z.object({
  poleId: poleIdSchema,
  applicationId: applicationIdSchema,
});

/** An applicant's personal link (confirmation or status page): the token is compared by its hash, so only its length is bounded here. */
export const applicantLinkPath = z.object({ poleId: poleIdSchema, applicationId: applicationIdSchema, token: z.string().max(100) });

const TAG = 'Candidatures';
const polePath = z.object({ poleId: poleIdSchema });

/** A public page: 200, or a French page saying what is wrong (unknown pôle or link, expired link). */
const page = (description: string, errors: readonly (404 | 410)[] = [404]) => ({
  200: { description: 'La page.', html: description },
  ...Object.fromEntries(
    errors.map((status) => [
      status,
      {
        description: status === 404 ? 'Page introuvable (pôle ou lien inconnu).' : 'Lien expiré.',
        html: 'Une page en français qui le dit.',
      },
    ]),
  ),
});

const pending = z.object({
  status: z.literal('PENDING_CONFIRMATION'),
  applicationId: z.string(),
  confirmBefore: instant,
  mailed: z.boolean().meta({ description: 'Le lien de confirmation vient d’être envoyé (sinon, il l’avait déjà été).' }),
  message,
});
const confirmed = z.object({ status: z.literal('CONFIRMED'), applicationId: z.string(), message });
/** A confirmed application, with the onboarding execution its confirmation started. */
const started = confirmed.extend({ executionArn });

/** The public routes of this folder: the pages, the application form, the applicant's links. */
export const ONBOARDING_ROUTES = {
  HomePage: route({
    auth: 'public',
    tag: TAG,
    summary: 'L’accueil : le pôle servi, ou la liste des pôles',
    responses: {
      200: { description: 'La liste des pôles servis.', html: 'Les pôles, chacun avec le lien de sa page.' },
      302: { description: 'Un seul pôle servi : sa page.', headers: { location: 'La page du pôle, `/poles/{poleId}`.' } },
    },
  }),
  PolePage: route({
    auth: 'public',
    tag: TAG,
    summary: 'La page d’accueil d’un pôle',
    path: polePath,
    responses: page('La présentation du pôle.'),
  }),
  ApplicationFormPage: route({
    auth: 'public',
    tag: TAG,
    summary: 'Le formulaire de candidature, en page',
    path: polePath,
    responses: page('Le formulaire ; il envoie `POST /poles/{poleId}/applications`.'),
  }),
  SubmitApplication: route({
    auth: 'public',
    tag: TAG,
    summary: 'Le formulaire de candidature d’une structure (public)',
    description:
      'Un formulaire valable attend la confirmation de son adresse e-mail : un lien est envoyé, à ouvrir sous 48 heures ; rien n’est engagé avant. Le même formulaire envoyé deux fois désigne la même candidature. Au-delà de la limite quotidienne par adresse ou par SIRET : 429 nommant le champ, avec Retry-After.',
    path: polePath,
    body: applicationFormSchema,
    responses: {
      202: { description: 'Candidature enregistrée, en attente de confirmation.', json: pending },
      200: { description: 'Candidature déjà confirmée.', json: confirmed },
    },
    errors: [404, 429],
  }),
  ConfirmationPage: route({
    auth: 'public',
    tag: TAG,
    summary: 'Le lien de confirmation : la page au bouton « Confirmer ma candidature »',
    description: 'L’ouvrir ne change rien ; le bouton envoie `POST` à la même adresse.',
    path: applicantLinkPath,
    responses: page('La page de confirmation.'),
  }),
  ConfirmApplication: route({
    auth: 'public',
    tag: TAG,
    summary: 'Confirme la candidature : le SIRET est réservé et l’instruction commence',
    description:
      'Un SIRET déjà pris par une candidature en cours est un 409 qui la nomme ; un mauvais jeton, un 404 ; après 48 heures, un 410.',
    path: applicantLinkPath,
    responses: {
      202: { description: 'Candidature confirmée : le comité de pilotage l’examinera.', json: started },
      200: { description: 'Déjà confirmée : rien n’a changé.', json: started },
    },
    errors: [404, 409, 410],
  }),
  ApplicationStatusPage: route({
    auth: 'public',
    tag: TAG,
    summary: 'Le suivi de sa candidature par la structure (lien personnel)',
    path: applicantLinkPath,
    responses: page('Où en est la candidature, en français.'),
  }),
};
