import type { ApplicationForm } from '../../domain/application.ts';
import { withLuhnDigit } from '../../domain/siret.ts';

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
    startDate: '2099-01-04',
    ...overrides,
  };
}
