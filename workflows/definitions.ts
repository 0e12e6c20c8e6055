import gtecCampaign from './gtec-campaign.asl.json' with { type: 'json' };
import memberOnboarding from './member-onboarding.asl.json' with { type: 'json' };
import type { WorkflowName } from './names.ts';
import quarterlyReconciliation from './quarterly-reconciliation.asl.json' with { type: 'json' };

/**
 * Each workflow's ASL file as it stands in this folder, bundled into the function that serves it
 * (GET /admin/workflows/{workflow}/definition): the back-office draws the state machine from the
 * file itself, never from a copy. A workflow added to names.ts without its file here does not compile.
 */
export const DEFINITIONS: Record<WorkflowName, { StartAt: string; States: Record<string, unknown> }> = {
  'member-onboarding': memberOnboarding,
  'quarterly-reconciliation': quarterlyReconciliation,
  'gtec-campaign': gtecCampaign,
};
