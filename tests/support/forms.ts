import type { ApplicationForm } from '../../domain/application.ts';
import { addDays, parisDate } from '../../domain/dates.ts';
import { withLuhnDigit } from '../../domain/siret.ts';

/**
 * A start date beyond every quarter the tests reconcile (the latest is 2028-Q2), yet within the two
 * years ahead a form accepts: 700 days from today.
 */
export const LATE_START = parisDate(addDays(new Date(), 700));

/** LATE_START as the applicant reads it: « 30 octobre 2028 ». */
export const LATE_START_IN_WORDS = new Date(`${LATE_START}T12:00:00Z`).toLocaleDateString('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Paris',
});

/** A Luhn-valid SIRET unlike the demo data's, distinct for each n. */
export const testSiret = (n: number): string => withLuhnDigit(`7${String(n).padStart(12, '0')}`);

/**
 * A valid application form; override what a test is about. Its contact address is the SIRET's own,
 * so that forms of different SIRETs do not share the daily limit of pending forms per address.
 */
export function aForm(overrides: Partial<ApplicationForm> = {}): ApplicationForm {
  const siret = overrides.siret ?? testSiret(1);
  return {
    structureName: 'Atelier Solidaire du Seignanx',
    siret,
    legalForm: 'SCIC',
    essStatus: 'ESUS',
    contact: { name: 'Maite Etcheverry', email: `contact-${siret}@atelier-solidaire.example.fr`, phone: '05 59 64 00 00' },
    activity: 'Réemploi de matériaux du BTP',
    requestedAreaM2: 80,
    desks: 4,
    fte: 3.5,
    sharedServices: ['RECEPTION', 'HR'],
    startDate: LATE_START,
    ...overrides,
  };
}
