import type { WorkflowName } from '../workflows/names.ts';
import type { AllocationKey } from './contribution.ts';
import type { InputKind } from './quarter-inputs.ts';

/**
 * The French labels of the codes people see (docs/back-office.md): one record per vocabulary, typed by
 * the vocabulary's own type so that a new code without its label does not compile. This module
 * imports types only, so the back-office's browser bundle (web/) takes it without zod or Node.
 * Labels that read inside a sentence (a mail, a rejection reason) are lower case.
 */

// The application form's vocabularies have their own module (the form page, mails and checks use it).
export { APPLICATION_STATUS_LABELS, ESS_STATUS_LABELS, LEGAL_FORM_LABELS, SHARED_SERVICE_LABELS } from './application-labels.ts';

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
