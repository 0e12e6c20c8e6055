import type { Decision } from '../../domain/application.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import type { ExecutionView, Failure, HistoryEvent, Run, Step } from '../../domain/executions.ts';
import type { CampaignRequest } from '../../domain/gtec/campaign.ts';
import type { CompanyRowError } from '../../domain/gtec/companies.ts';
import type { TargetSummary } from '../../domain/gtec/targets.ts';
import type { InputKind } from '../../domain/quarter-inputs.ts';
import type { CategoryResult, MemberStatement } from '../../domain/reconciliation.ts';
import type { PendingTask } from '../../domain/tasks.ts';
import type { ApplicationSummary, MembersView, QuarterSummary, WorkflowDefinitionView } from '../../functions/admin/schemas.ts';
import type { CampaignView } from '../../functions/gtec/schemas.ts';
import type { Application } from '../../store/applications.ts';
import type { Quarter } from '../../store/quarters.ts';
import type { WorkflowName } from '../../workflows/names.ts';

/**
 * What the admin API answers, route by route, typed from the same types and zod schemas its
 * handlers use (domain/, functions/<area>/schemas.ts, store/): type imports only, so nothing of
 * the server is bundled into the browser.
 */
export interface ApiError {
  error: { code: string; message: string; issues?: FieldIssue[]; field?: string };
}

export type ApplicationView = Omit<Application, 'taskToken'>;

export interface ExecutionDetailView {
  execution: ExecutionView & { input?: unknown; output?: unknown; error?: string; cause?: string };
  runs: Run[];
  steps: Step[];
  failure?: Failure;
  actions: { redrive: boolean; stop: boolean };
  history: HistoryEvent[];
}

export interface StatementsView {
  quarter: string;
  status: Quarter['status'];
  categories: CategoryResult[];
  statements: MemberStatement[];
}

export interface CompanyImportReport {
  imported: number;
  rejected: number;
  errors: CompanyRowError[];
  message: string;
}

/** Bodies the back-office sends, as the routes' zod schemas take them. */
export type DecisionBody = Decision;
export type CampaignBody = Omit<Partial<CampaignRequest>, 'closesAt'> & Pick<CampaignRequest, 'closesAt'>;

export type {
  ApplicationSummary,
  CampaignView,
  InputKind,
  MembersView,
  PendingTask,
  QuarterSummary,
  TargetSummary,
  WorkflowDefinitionView,
  WorkflowName,
};

export type QuarterView = Omit<Quarter, 'taskToken'>;
