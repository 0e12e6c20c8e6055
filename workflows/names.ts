/**
 * The workflows, by name: one ASL file each, described in workflows/catalog.ts. A leaf module, so
 * that both catalogs can type against it (functions/catalog.ts → here ← workflows/catalog.ts)
 * without importing each other in a circle.
 */
export const WORKFLOW_NAMES = ['member-onboarding', 'quarterly-reconciliation', 'gtec-campaign'] as const;

export type WorkflowName = (typeof WORKFLOW_NAMES)[number];
