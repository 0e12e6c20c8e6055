import type { ApplicationForm, ApplicationStatus } from './application.ts';

/**
 * French labels of the application form's codes (docs/onboarding.md#the-form): one source for the
 * form page, the mails, the automatic checks' reasons and the back-office. Short labels read inside
 * a sentence (« association », « accueil mutualisé »); `capitalized` makes them list items.
 */

type LegalForm = ApplicationForm['legalForm'];
type EssStatus = ApplicationForm['essStatus'];
type SharedService = ApplicationForm['sharedServices'][number];

export const LEGAL_FORM_LABELS: Record<LegalForm, string> = {
  ASSOCIATION: 'association',
  SCIC: 'SCIC',
  SCOP: 'SCOP',
  SA: 'SA',
  SAS: 'SAS',
  SARL: 'SARL',
  GEIQ: 'GEIQ',
  EMPLOYERS_GROUP: 'groupement d’employeurs',
  PUBLIC_BODY: 'organisme public',
  OTHER: 'autre forme juridique',
};

/** What an acronym stands for, where the short label is one. */
export const LEGAL_FORM_MEANINGS: Partial<Record<LegalForm, string>> = {
  SCIC: 'société coopérative d’intérêt collectif',
  SCOP: 'société coopérative et participative',
  SA: 'société anonyme',
  SAS: 'société par actions simplifiée',
  SARL: 'société à responsabilité limitée',
  GEIQ: 'groupement d’employeurs pour l’insertion et la qualification',
};

export const ESS_STATUS_LABELS: Record<EssStatus, string> = {
  ESS_LAW_2014: 'entreprise de l’économie sociale et solidaire (loi du 31 juillet 2014)',
  ESUS: 'entreprise solidaire d’utilité sociale (agrément ESUS)',
  CLASSIC_COMPANY: 'entreprise classique, hors économie sociale et solidaire',
};

export const SHARED_SERVICE_LABELS: Record<SharedService, string> = {
  RECEPTION: 'accueil mutualisé',
  MEETING_ROOMS: 'salles de réunion',
  HR: 'ressources humaines',
  SOCIAL_ENGINEERING: 'ingénierie sociale',
  RESEARCH_DEVELOPMENT: 'recherche et développement',
  TRAINING: 'formation',
};

/** An application's status as the staff read it in the back-office. */
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  RECEIVED: 'Reçue',
  AWAITING_DECISION: 'En attente du comité',
  APPROVED: 'Approuvée',
  REJECTED: 'Refusée',
  ACTIVE: 'Membre actif',
  EXPIRED: 'Expirée',
  FAILED: 'En échec',
};

/** A label as the first word of a list item: « Accueil mutualisé ». */
export const capitalized = (label: string): string => label.charAt(0).toUpperCase() + label.slice(1);

/** A legal form as a list offers it: « SCIC — société coopérative d’intérêt collectif ». */
export const legalFormOption = (form: LegalForm): string =>
  `${capitalized(LEGAL_FORM_LABELS[form])}${LEGAL_FORM_MEANINGS[form] ? ` — ${LEGAL_FORM_MEANINGS[form]}` : ''}`;
