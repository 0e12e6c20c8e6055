import type * as z from 'zod';
import type { Decision } from '../../domain/application.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import type { ExecutionView, Failure, HistoryEvent, Run, Step } from '../../domain/executions.ts';
import type { CampaignRequest } from '../../domain/gtec/campaign.ts';
import type { importReply } from '../../domain/gtec/companies.ts';
import type { TargetSummary } from '../../domain/gtec/targets.ts';
import type { InputKind } from '../../domain/quarter-inputs.ts';
import type { CategoryResult, Credits, MemberStatement } from '../../domain/reconciliation.ts';
import type { SiretClaimView } from '../../domain/siret-claims.ts';
import type { PendingTask } from '../../domain/tasks.ts';
import type {
  ApplicationSummary,
  MembersView,
  memberChangeSchema,
  publicQuarter,
  QuarterSummary,
  WorkflowDefinitionView,
} from '../../functions/admin/schemas.ts';
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

/** GET /admin/reconciliations/{quarter}/statements: the quarter's status in French, the categories, credits and statements. */
export interface StatementsView {
  quarter: string;
  status: Quarter['status'];
  preview: boolean;
  statusLabel: string;
  categories: CategoryResult[];
  carriedIn?: Credits;
  carriedOut?: Credits;
  statements: MemberStatement[];
}

/** POST /admin/companies/import: what went in, each refused line's problems, what was read of the file. */
export type CompanyImportReport = ReturnType<typeof importReply>;

/** Bodies the back-office sends, as the routes' zod schemas take them. */
export type DecisionBody = Decision;
export type CampaignBody = Omit<Partial<CampaignRequest>, 'closesAt'> & Pick<CampaignRequest, 'closesAt'>;

export type {
  ApplicationSummary,
  CampaignView,
  Credits,
  InputKind,
  MembersView,
  PendingTask,
  QuarterSummary,
  SiretClaimView,
  TargetSummary,
  WorkflowDefinitionView,
  WorkflowName,
};

/** GET /admin/reconciliations/{quarter}: the quarter, whether its statements are a preview, its status in French. */
export type QuarterView = ReturnType<typeof publicQuarter>;

/** POST /admin/members/{memberId}/changes. */
export type MemberChangeBody = z.input<typeof memberChangeSchema>;

/** GET /admin/siret-claims: the claims that block a SIRET, orphans and stale ones first. */
export interface SiretClaimsView {
  claims: SiretClaimView[];
  count: number;
  releasable: number;
}
