import type { ApplicationForm } from './application.ts';
import { LEGAL_FORM_LABELS, SHARED_SERVICE_LABELS } from './application-labels.ts';

/** French mails sent to applicants. Pure: they take data and return subject and text. */
const frenchDate = (isoDate: string): string => {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
};

export function welcomeMail(poleName: string, form: ApplicationForm, estimate?: string): { subject: string; text: string } {
  const services = form.sharedServices.length
    ? form.sharedServices.map((s) => `  - ${SHARED_SERVICE_LABELS[s]}`).join('\n')
    : '  (aucun service mutualisé demandé)';
  return {
    subject: `Bienvenue au ${poleName}`,
    text: [
      `Bonjour ${form.contact.name},`,
      '',
      `Le comité de pilotage a approuvé la candidature de ${form.structureName}.`,
      `Votre structure est membre du ${poleName} à compter du ${frenchDate(form.startDate)}.`,
      '',
      `Surface réservée : ${form.requestedAreaM2} m², ${form.desks} poste(s) de travail.`,
      'Services mutualisés :',
      services,
      '',
      ...(estimate
        ? [`Contribution trimestrielle estimée aux frais mutualisés : ${estimate} (hors usage des salles et parts fixes).`, '']
        : []),
      'À très bientôt dans nos locaux,',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}

export function rejectionMail(poleName: string, form: ApplicationForm, reason: string): { subject: string; text: string } {
  return {
    subject: `Votre candidature au ${poleName}`,
    text: [
      `Bonjour ${form.contact.name},`,
      '',
      `Nous avons le regret de vous informer que la candidature de ${form.structureName} n’a pas été retenue.`,
      `Motif : ${reason}`,
      '',
      'Nous restons à votre disposition pour en parler.',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}

/**
 * Where the committee's mail leads: the application opened in the back-office page (its hash names
 * it, and the page asks for the admin's sign-in first), never a JSON route.
 */
export const backOfficeApplicationLink = (baseUrl: string, applicationId: string): string =>
  `${baseUrl}/admin#/applications/${applicationId}`;

export function committeeReminderMail(
  poleName: string,
  form: ApplicationForm,
  { daysLeft, link, estimate }: { daysLeft: number; link: string; estimate?: string },
): { subject: string; text: string } {
  return {
    subject: `Rappel : candidature de ${form.structureName} en attente de décision`,
    text: [
      'Bonjour,',
      '',
      `La candidature de ${form.structureName} (${LEGAL_FORM_LABELS[form.legalForm]}, ${form.requestedAreaM2} m², ${form.fte} ETP) attend la décision du comité de pilotage.`,
      ...(estimate ? [`Contribution trimestrielle estimée : ${estimate}.`] : []),
      `Sans décision, elle expirera dans ${daysLeft} jour(s).`,
      '',
      `Pour décider : ${link}`,
      '',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}
