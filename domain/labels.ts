import type { WorkflowName } from '../workflows/names.ts';
import type { ApplicationForm, ApplicationStatus } from './application.ts';
import type { AllocationKey } from './contribution.ts';
import type { InputKind } from './quarter-inputs.ts';

/**
 * The French labels of the codes people see (docs/back-office.md): one record per vocabulary, typed by
 * the vocabulary's own type so that a new code without its label does not compile. This module
 * imports types only, so the back-office's browser bundle (web/) takes it without zod or Node.
 * Labels that read inside a sentence (a mail, a rejection reason) are lower case.
 */

/** The application form's legal forms, as a sentence says them. */
export const LEGAL_FORM_LABELS: Record<ApplicationForm['legalForm'], string> = {
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

export const ESS_STATUS_LABELS: Record<ApplicationForm['essStatus'], string> = {
  ESS_LAW_2014: 'entreprise de l’ESS (loi de 2014)',
  ESUS: 'agrément ESUS',
  CLASSIC_COMPANY: 'entreprise classique',
};

/** The pôle's shared services, as a list in a mail or on a page says them. */
export const SHARED_SERVICE_LABELS: Record<ApplicationForm['sharedServices'][number], string> = {
  RECEPTION: 'accueil mutualisé',
  MEETING_ROOMS: 'salles de réunion',
  HR: 'ressources humaines',
  SOCIAL_ENGINEERING: 'ingénierie sociale',
  RESEARCH_DEVELOPMENT: 'recherche et développement',
  TRAINING: 'formation',
};

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  RECEIVED: 'Reçue',
  AWAITING_DECISION: 'En attente du comité',
  APPROVED: 'Approuvée',
  REJECTED: 'Refusée',
  ACTIVE: 'Membre actif',
  EXPIRED: 'Expirée',
  FAILED: 'En échec',
};

/** The reconciliation's allocation keys, as statements, the accounting CSV and error messages write them. */
export const KEY_LABELS: Record<AllocationKey, string> = {
  AREA: 'surface',
  HEADCOUNT: 'ETP',
  EQUAL: 'part égale',
  USAGE: 'usage',
  FIXED: 'part fixe',
};

/** A quarter's kinds of input, as the back-office names the files. */
export const INPUT_KIND_LABELS: Record<InputKind, string> = {
  costs: 'Coûts par catégorie',
  subsidies: 'Subventions',
  advances: 'Avances versées',
  usage: 'Consommations (usage)',
  fixed: 'Parts fixes',
  adjustments: 'Ajustements',
};

export const QUARTER_STATUSES = ['OPEN', 'DRAFT', 'APPROVED', 'POSTED'] as const;
export type QuarterStatus = (typeof QUARTER_STATUSES)[number];

export const QUARTER_STATUS_LABELS: Record<QuarterStatus, string> = {
  OPEN: 'Ouvert',
  DRAFT: 'Brouillons à approuver',
  APPROVED: 'Approuvé, comptabilisation en cours',
  POSTED: 'Comptabilisé',
};

export const CAMPAIGN_STATUSES = ['OPEN', 'CLOSED', 'PUBLISHED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  OPEN: 'En cours',
  CLOSED: 'Close, résultats en préparation',
  PUBLISHED: 'Résultats publiés',
};

/** The workflows by their French names (executions lists, filters, the graph's title). */
export const WORKFLOW_LABELS: Record<WorkflowName, string> = {
  'member-onboarding': 'Adhésion d’un membre',
  'quarterly-reconciliation': 'Rapprochement trimestriel',
  'gtec-campaign': 'Campagne GTEC',
};

/** The types of ASL states, as the execution graph and timeline name them. */
export const STATE_TYPE_LABELS: Record<string, string> = {
  Task: 'Tâche',
  Choice: 'Choix',
  Wait: 'Attente',
  Map: 'Boucle',
  Parallel: 'Branches parallèles',
  Pass: 'Passage',
  Succeed: 'Fin réussie',
  Fail: 'Fin en échec',
};
