import { WORKFLOW_NAMES, type WorkflowName } from '../workflows/names.ts';

/**
 * Every Lambda function and every HTTP route, in one list that the CDK stack and the embedded
 * runtime both read: a function is deployed and served from the same entry file either way.
 */
export interface FunctionSpec {
  /** Entry file exporting `handler`, relative to the repository root. */
  entry: string;
  /**
   * What the function may do with the table (least privilege in AWS): 'none' for a static page or
   * a function that only talks to the workflow engine (it is not even told the table's name).
   */
  table: 'none' | 'read' | 'readwrite';
  /** Deletes items (dynamodb:DeleteItem, with `readwrite`): only the form's submission, which undoes a pending form it could not mail. */
  deletes?: boolean;
  /** Workflows it starts (needs the state machine ARN and states:StartExecution). */
  starts?: readonly WorkflowName[];
  /** Workflows whose task tokens it answers, or whose executions it reads. */
  callsBack?: readonly WorkflowName[];
  reads?: readonly WorkflowName[];
  /** Workflows whose executions it redrives (states:RedriveExecution) or stops (states:StopExecution). */
  redrives?: readonly WorkflowName[];
  stops?: readonly WorkflowName[];
  /** Sends mail (SES in AWS). */
  mails?: boolean;
  /** Tells the pages or the command line how staff sign in (the Cognito domain and app clients, in AWS). */
  signIn?: boolean;
  /** Is told the pôles the deployment serves (POLE_IDS, ports/config.ts `servedPoles`). */
  listsPoles?: boolean;
}

export const FUNCTIONS = {
  // The public pages and the applicant's steps (docs/onboarding.md#public-pages): a submitted form waits for its
  // email address to be confirmed (SubmitApplication mails the link); the confirmation starts the workflow.
  HomePage: { entry: 'functions/onboarding/home-page.ts', table: 'read', listsPoles: true },
  PolePage: { entry: 'functions/onboarding/pole-page.ts', table: 'read' },
  ApplicationFormPage: { entry: 'functions/onboarding/application-form-page.ts', table: 'read' },
  SubmitApplication: { entry: 'functions/onboarding/submit-application.ts', table: 'readwrite', deletes: true, mails: true },
  ConfirmationPage: { entry: 'functions/onboarding/confirmation-page.ts', table: 'read' },
  ConfirmApplication: { entry: 'functions/onboarding/confirm-application.ts', table: 'readwrite', starts: ['member-onboarding'] },
  ApplicationStatusPage: { entry: 'functions/onboarding/application-status-page.ts', table: 'read' },
  RecordApplication: { entry: 'functions/onboarding/record-application.ts', table: 'read' },
  CheckApplication: { entry: 'functions/onboarding/check-application.ts', table: 'readwrite' },
  PlanCommitteeWait: { entry: 'functions/onboarding/plan-committee-wait.ts', table: 'readwrite', mails: true },
  RequestDecision: { entry: 'functions/onboarding/request-decision.ts', table: 'readwrite', callsBack: ['member-onboarding'] },
  // A new member sends the drafts of the quarters it joins back to be computed: it answers those runs' task tokens.
  ActivateMember: { entry: 'functions/onboarding/activate-member.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  NotifyApplicant: { entry: 'functions/onboarding/notify-applicant.ts', table: 'readwrite', mails: true },
  ExpireApplication: { entry: 'functions/onboarding/expire-application.ts', table: 'readwrite' },
  DecideApplication: { entry: 'functions/admin/decide-application.ts', table: 'readwrite', callsBack: ['member-onboarding'] },
  OpenQuarter: { entry: 'functions/reconciliation/open-quarter.ts', table: 'readwrite' },
  ComputeDraft: { entry: 'functions/reconciliation/compute-draft.ts', table: 'readwrite' },
  PlanApprovalWait: { entry: 'functions/reconciliation/plan-approval-wait.ts', table: 'readwrite', mails: true },
  RequestApproval: { entry: 'functions/reconciliation/request-approval.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  // Posting sends the next quarter's draft back to be computed with the carried credits: it answers that run's task token.
  PostQuarter: { entry: 'functions/reconciliation/post-quarter.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  MailStatements: { entry: 'functions/reconciliation/mail-statements.ts', table: 'readwrite', mails: true },
  ScheduledReconciliation: {
    entry: 'functions/reconciliation/scheduled-reconciliation.ts',
    table: 'readwrite',
    starts: ['quarterly-reconciliation'],
    reads: ['quarterly-reconciliation'],
  },
  // A new import sends a draft awaiting approval back to be computed: it answers the run's task token.
  ImportQuarterInputs: { entry: 'functions/admin/import-quarter-inputs.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  GetQuarter: { entry: 'functions/admin/get-quarter.ts', table: 'read' },
  StartReconciliation: {
    entry: 'functions/admin/start-reconciliation.ts',
    table: 'readwrite',
    starts: ['quarterly-reconciliation'],
    reads: ['quarterly-reconciliation'],
  },
  DecideStatements: { entry: 'functions/admin/decide-statements.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  ListStatements: { entry: 'functions/admin/list-statements.ts', table: 'read' },
  GetStatement: { entry: 'functions/admin/get-statement.ts', table: 'read' },
  GetApplication: { entry: 'functions/admin/get-application.ts', table: 'read' },
  ListApplications: { entry: 'functions/admin/list-applications.ts', table: 'read' },
  // SIRETs blocked by a claim (docs/rules.md#siret): listed with their applications, and an orphan or stale one released.
  ListSiretClaims: { entry: 'functions/admin/list-siret-claims.ts', table: 'read' },
  ReleaseSiretClaim: { entry: 'functions/admin/release-siret-claim.ts', table: 'readwrite' },
  ListQuarters: { entry: 'functions/admin/list-quarters.ts', table: 'read' },
  ListMembers: { entry: 'functions/admin/list-members.ts', table: 'read' },
  GetMember: { entry: 'functions/admin/get-member.ts', table: 'read' },
  // Member changes and departures send the drafts of the quarters they reach back to be computed.
  RecordLeave: { entry: 'functions/admin/record-leave.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  RecordMemberChange: { entry: 'functions/admin/record-member-change.ts', table: 'readwrite', callsBack: ['quarterly-reconciliation'] },
  // Every workflow's executions, as the admin page and pole-admin list them all (ListAllExecutions).
  ListExecutions: { entry: 'functions/admin/list-executions.ts', table: 'none', reads: WORKFLOW_NAMES },
  GetExecution: { entry: 'functions/admin/get-execution.ts', table: 'none', reads: WORKFLOW_NAMES },
  // Monitoring (docs/back-office.md#executions): every workflow of workflows/catalog.ts, as soon as it is listed there.
  ListAllExecutions: { entry: 'functions/admin/list-all-executions.ts', table: 'none', reads: WORKFLOW_NAMES },
  RedriveExecution: { entry: 'functions/admin/redrive-execution.ts', table: 'none', reads: WORKFLOW_NAMES, redrives: WORKFLOW_NAMES },
  StopExecution: { entry: 'functions/admin/stop-execution.ts', table: 'none', reads: WORKFLOW_NAMES, stops: WORKFLOW_NAMES },
  ListTasks: { entry: 'functions/admin/list-tasks.ts', table: 'read' },
  // The back-office (web/): its page and its built files, and each workflow's ASL file for its graphs.
  AdminPage: { entry: 'functions/admin/admin-page.ts', table: 'none', signIn: true },
  BackOfficeAsset: { entry: 'functions/admin/back-office-asset.ts', table: 'none' },
  GetWorkflowDefinition: { entry: 'functions/admin/get-workflow-definition.ts', table: 'none' },
  // Day one of a pôle (docs/day-one.md): its set-up.
  SetUpPole: { entry: 'functions/admin/set-up-pole.ts', table: 'readwrite', listsPoles: true },
  GetPole: { entry: 'functions/admin/get-pole.ts', table: 'read' },
  ImportMembers: { entry: 'functions/admin/import-members.ts', table: 'readwrite' },
  GetSignInConfig: { entry: 'functions/admin/get-sign-in-config.ts', table: 'none', signIn: true },
  // GTEC survey campaigns (docs/gtec.md).
  ImportCompanies: { entry: 'functions/gtec/import-companies.ts', table: 'readwrite' },
  CreateCampaign: { entry: 'functions/gtec/create-campaign.ts', table: 'readwrite', starts: ['gtec-campaign'] },
  GetCampaign: { entry: 'functions/gtec/get-campaign.ts', table: 'read' },
  ListCampaigns: { entry: 'functions/gtec/list-campaigns.ts', table: 'read' },
  CountCampaignTargets: { entry: 'functions/gtec/count-campaign-targets.ts', table: 'read' },
  GetCampaignResults: { entry: 'functions/gtec/get-campaign-results.ts', table: 'read' },
  CampaignReportPage: { entry: 'functions/gtec/campaign-report-page.ts', table: 'none', signIn: true },
  GetSurvey: { entry: 'functions/gtec/get-survey.ts', table: 'read' },
  SubmitAnswers: { entry: 'functions/gtec/submit-answers.ts', table: 'readwrite' },
  SurveyPage: { entry: 'functions/gtec/survey-page.ts', table: 'none' },
  PrepareCampaign: { entry: 'functions/gtec/prepare-campaign.ts', table: 'readwrite' },
  SendSurveyPage: { entry: 'functions/gtec/send-survey-page.ts', table: 'readwrite', mails: true },
  CloseCampaign: { entry: 'functions/gtec/close-campaign.ts', table: 'readwrite' },
  PublishResults: { entry: 'functions/gtec/publish-results.ts', table: 'readwrite' },
  // The API's description, built from ROUTES and the routes' contracts (docs/back-office.md#api).
  ApiDocument: { entry: 'functions/api/api-document.ts', table: 'none' },
  ApiReferencePage: { entry: 'functions/api/api-reference-page.ts', table: 'none' },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionId = keyof typeof FUNCTIONS;

/**
 * The DynamoDB actions a catalog entry grants (IAM in AWS, local/access.ts on the embedded runtime):
 * exactly what store/ calls. No Scan, no stream reads, no DescribeTable; DeleteItem only with `deletes`.
 */
export function tableActions(spec: Pick<FunctionSpec, 'table' | 'deletes'>): string[] {
  if (spec.table === 'none') return [];
  const write = spec.table === 'readwrite' ? ['PutItem', 'UpdateItem', 'BatchWriteItem', ...(spec.deletes ? ['DeleteItem'] : [])] : [];
  return ['GetItem', 'BatchGetItem', 'Query', ...write].map((action) => `dynamodb:${action}`);
}

/** The Step Functions actions each kind of workflow grant of a catalog entry gives (no SendTaskHeartbeat: no task heartbeats). */
export const WORKFLOW_ACTIONS = {
  starts: ['states:StartExecution'],
  callsBack: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
  reads: ['states:ListExecutions', 'states:DescribeExecution', 'states:GetExecutionHistory'],
  redrives: ['states:RedriveExecution'],
  stops: ['states:StopExecution'],
} as const satisfies Record<string, readonly string[]>;

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway HTTP API path with `{param}` segments. */
  path: string;
  fn: FunctionId;
  /**
   * Admin routes carry a JWT (Cognito in AWS, a configured token on the embedded runtime): an
   * admin's (its pôle in `custom:pole`) or a deployment operator's (group `operators`); the
   * handler says which it accepts (functions/common/http.ts).
   */
  auth: 'public' | 'admin';
  /**
   * API Gateway throttling of this route, tighter than the stage's default (AWS only: on a laptop
   * nobody floods the API). Public routes have one, sized far above a pôle's real use.
   */
  throttle?: { rateLimit: number; burstLimit: number };
}

/** About fifty applications a year: a few a second is already an attack. */
const APPLICATION_THROTTLE = { rateLimit: 2, burstLimit: 5 };
/** A hundred companies answering over three weeks; ten a second leaves room for a large campaign. */
const SURVEY_THROTTLE = { rateLimit: 10, burstLimit: 20 };
/** Static pages: a person loads them one at a time. */
const PAGE_THROTTLE = { rateLimit: 5, burstLimit: 10 };

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/', fn: 'HomePage', auth: 'public', throttle: PAGE_THROTTLE },
  { method: 'GET', path: '/poles/{poleId}', fn: 'PolePage', auth: 'public', throttle: PAGE_THROTTLE },
  { method: 'GET', path: '/poles/{poleId}/apply', fn: 'ApplicationFormPage', auth: 'public', throttle: PAGE_THROTTLE },
  { method: 'POST', path: '/poles/{poleId}/applications', fn: 'SubmitApplication', auth: 'public', throttle: APPLICATION_THROTTLE },
  // The applicant's personal links, authenticated by their token (compared by its hash).
  {
    method: 'GET',
    path: '/poles/{poleId}/applications/{applicationId}/confirm/{token}',
    fn: 'ConfirmationPage',
    auth: 'public',
    throttle: PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/poles/{poleId}/applications/{applicationId}/confirm/{token}',
    fn: 'ConfirmApplication',
    auth: 'public',
    throttle: APPLICATION_THROTTLE,
  },
  {
    method: 'GET',
    path: '/poles/{poleId}/applications/{applicationId}/status/{token}',
    fn: 'ApplicationStatusPage',
    auth: 'public',
    throttle: PAGE_THROTTLE,
  },
  { method: 'GET', path: '/admin/applications', fn: 'ListApplications', auth: 'admin' },
  { method: 'GET', path: '/admin/applications/{applicationId}', fn: 'GetApplication', auth: 'admin' },
  { method: 'POST', path: '/admin/applications/{applicationId}/decision', fn: 'DecideApplication', auth: 'admin' },
  { method: 'GET', path: '/admin/siret-claims', fn: 'ListSiretClaims', auth: 'admin' },
  { method: 'POST', path: '/admin/siret-claims/{siret}/release', fn: 'ReleaseSiretClaim', auth: 'admin' },
  { method: 'GET', path: '/admin/members', fn: 'ListMembers', auth: 'admin' },
  { method: 'POST', path: '/admin/reconciliations/{quarter}/inputs/{kind}', fn: 'ImportQuarterInputs', auth: 'admin' },
  { method: 'GET', path: '/admin/reconciliations', fn: 'ListQuarters', auth: 'admin' },
  { method: 'GET', path: '/admin/reconciliations/{quarter}', fn: 'GetQuarter', auth: 'admin' },
  { method: 'POST', path: '/admin/reconciliations/{quarter}/runs', fn: 'StartReconciliation', auth: 'admin' },
  { method: 'POST', path: '/admin/reconciliations/{quarter}/decision', fn: 'DecideStatements', auth: 'admin' },
  { method: 'GET', path: '/admin/reconciliations/{quarter}/statements', fn: 'ListStatements', auth: 'admin' },
  { method: 'GET', path: '/admin/reconciliations/{quarter}/statements/{memberId}', fn: 'GetStatement', auth: 'admin' },
  { method: 'GET', path: '/admin/members/{memberId}', fn: 'GetMember', auth: 'admin' },
  { method: 'POST', path: '/admin/members/{memberId}/leave', fn: 'RecordLeave', auth: 'admin' },
  { method: 'POST', path: '/admin/members/{memberId}/changes', fn: 'RecordMemberChange', auth: 'admin' },
  { method: 'GET', path: '/admin/workflows/{workflow}/definition', fn: 'GetWorkflowDefinition', auth: 'admin' },
  { method: 'GET', path: '/admin/workflows/{workflow}/executions', fn: 'ListExecutions', auth: 'admin' },
  { method: 'GET', path: '/admin/workflows/{workflow}/executions/{name}', fn: 'GetExecution', auth: 'admin' },
  { method: 'GET', path: '/admin/executions', fn: 'ListAllExecutions', auth: 'admin' },
  { method: 'POST', path: '/admin/workflows/{workflow}/executions/{name}/redrive', fn: 'RedriveExecution', auth: 'admin' },
  { method: 'POST', path: '/admin/workflows/{workflow}/executions/{name}/stop', fn: 'StopExecution', auth: 'admin' },
  { method: 'GET', path: '/admin/tasks', fn: 'ListTasks', auth: 'admin' },
  { method: 'PUT', path: '/admin/poles/{poleId}', fn: 'SetUpPole', auth: 'admin' },
  { method: 'GET', path: '/admin/poles/{poleId}', fn: 'GetPole', auth: 'admin' },
  { method: 'POST', path: '/admin/members/import', fn: 'ImportMembers', auth: 'admin' },
  // How staff sign in (Cognito's domain and public app clients in AWS): nothing secret.
  { method: 'GET', path: '/auth/config', fn: 'GetSignInConfig', auth: 'public', throttle: PAGE_THROTTLE },
  // The back-office holds no data: its script asks for the admin's sign-in and calls the admin routes with it.
  { method: 'GET', path: '/admin', fn: 'AdminPage', auth: 'public', throttle: PAGE_THROTTLE },
  { method: 'GET', path: '/admin/assets/{file}', fn: 'BackOfficeAsset', auth: 'public', throttle: PAGE_THROTTLE },
  { method: 'POST', path: '/admin/companies/import', fn: 'ImportCompanies', auth: 'admin' },
  { method: 'GET', path: '/admin/campaigns', fn: 'ListCampaigns', auth: 'admin' },
  { method: 'POST', path: '/admin/campaigns', fn: 'CreateCampaign', auth: 'admin' },
  { method: 'GET', path: '/admin/campaigns/targets/count', fn: 'CountCampaignTargets', auth: 'admin' },
  { method: 'GET', path: '/admin/campaigns/{campaignId}', fn: 'GetCampaign', auth: 'admin' },
  { method: 'GET', path: '/admin/campaigns/{campaignId}/results', fn: 'GetCampaignResults', auth: 'admin' },
  // The report page holds no data: it reads …/results with the admin's token, like /admin.
  { method: 'GET', path: '/admin/campaigns/{campaignId}/report', fn: 'CampaignReportPage', auth: 'public', throttle: PAGE_THROTTLE },
  // Public, authenticated by the personal link's token (looked up by its hash).
  { method: 'GET', path: '/survey/{token}', fn: 'GetSurvey', auth: 'public', throttle: SURVEY_THROTTLE },
  { method: 'POST', path: '/survey/{token}/answers', fn: 'SubmitAnswers', auth: 'public', throttle: SURVEY_THROTTLE },
  { method: 'GET', path: '/survey/{token}/page', fn: 'SurveyPage', auth: 'public', throttle: SURVEY_THROTTLE },
  // The API described: OpenAPI 3.1 for tools, and a page for people integrating the application form.
  { method: 'GET', path: '/openapi.json', fn: 'ApiDocument', auth: 'public', throttle: PAGE_THROTTLE },
  { method: 'GET', path: '/api-docs', fn: 'ApiReferencePage', auth: 'public', throttle: PAGE_THROTTLE },
];

/**
 * Recurring starts (docs/reconciliation.md#schedule): EventBridge Scheduler in AWS, croner on the embedded runtime, from
 * this one definition, in Europe/Paris time. The target receives `{ poleId }` for each pôle served.
 */
export interface ScheduleSpec {
  fn: FunctionId;
  cron: { minute: string; hour: string; dayOfMonth: string; month: string };
  timezone: string;
  description: string;
}

export const SCHEDULES: Record<string, ScheduleSpec> = {
  QuarterlyReconciliation: {
    fn: 'ScheduledReconciliation',
    // Every morning of the first two weeks of each quarter: from the first working day on, the function
    // starts the quarter just ended unless it has a run (a missed morning is caught up the next).
    cron: { minute: '0', hour: '7', dayOfMonth: '1-15', month: '1,4,7,10' },
    timezone: 'Europe/Paris',
    description: 'Rapprochement trimestriel des frais mutualisés, dès le premier jour ouvré du trimestre',
  },
};

/** The same cron, as EventBridge Scheduler writes it (`cron(min hour dom month ? *)`) and as croner does. */
export const cronFor = {
  eventBridge: ({ cron: c }: ScheduleSpec) => `cron(${c.minute} ${c.hour} ${c.dayOfMonth} ${c.month} ? *)`,
  croner: ({ cron: c }: ScheduleSpec) => `${c.minute} ${c.hour} ${c.dayOfMonth} ${c.month} *`,
};
