import { type CfnElement, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionId, ROUTES } from '../../functions/catalog.ts';
import { newApp } from '../../infra/cdk-context.ts';
import type { Stage } from '../../infra/context.ts';
import { API_THROTTLE, PoleStack, type PoleStackProps } from '../../infra/stack.ts';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; DependsOn?: string | string[] }>;

const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];

// Each role's exact actions, written out (least privilege, pinned): a new grant changes this list on purpose.
/** Every function: its own log group, and X-Ray. */
const BASE = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
/** What store/ calls: no Scan, no stream, no DescribeTable, no DeleteItem (but for the one function that deletes). */
const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const WRITE = [...READ, 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const MAIL = ['ses:GetAccount', 'ses:SendEmail'];
/** No SendTaskHeartbeat: no task sends heartbeats. */
const CALLBACK = ['states:SendTaskFailure', 'states:SendTaskSuccess'];
const START = ['states:StartExecution'];
const READ_EXECUTIONS = ['states:DescribeExecution', 'states:GetExecutionHistory', 'states:ListExecutions'];
/** The scheduled function's on-failure destination. */
const DEAD_LETTERS = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const PINNED: Record<FunctionId, string[]> = {
  HomePage: READ,
  PolePage: READ,
  ApplicationFormPage: READ,
  // Undoes a pending form it could not mail (its daily counters too): the one function that deletes.
  SubmitApplication: [...WRITE, 'dynamodb:DeleteItem', ...MAIL],
  ConfirmationPage: READ,
  ConfirmApplication: [...WRITE, ...START],
  ApplicationStatusPage: READ,
  RecordApplication: READ,
  CheckApplication: WRITE,
  PlanCommitteeWait: [...WRITE, ...MAIL],
  RequestDecision: [...WRITE, ...CALLBACK],
  ActivateMember: [...WRITE, ...CALLBACK],
  NotifyApplicant: [...WRITE, ...MAIL],
  ExpireApplication: WRITE,
  DecideApplication: [...WRITE, ...CALLBACK],
  OpenQuarter: WRITE,
  ComputeDraft: WRITE,
  RequestApproval: [...WRITE, ...CALLBACK],
  PlanApprovalWait: [...WRITE, ...MAIL],
  PostQuarter: [...WRITE, ...CALLBACK],
  MailStatements: [...WRITE, ...MAIL],
  ScheduledReconciliation: [...WRITE, ...START, ...READ_EXECUTIONS, ...DEAD_LETTERS],
  ImportQuarterInputs: [...WRITE, ...CALLBACK],
  GetQuarter: READ,
  ListQuarters: READ,
  StartReconciliation: [...WRITE, ...START, ...READ_EXECUTIONS],
  DecideStatements: [...WRITE, ...CALLBACK],
  ListStatements: READ,
  GetStatement: READ,
  GetApplication: READ,
  ListApplications: READ,
  ListSiretClaims: READ,
  // Frees an orphan or stale claim: one conditional UpdateItem (readwrite is the catalog's least grant that allows it).
  ReleaseSiretClaim: WRITE,
  ListMembers: READ,
  GetMember: READ,
  RecordLeave: [...WRITE, ...CALLBACK],
  RecordMemberChange: [...WRITE, ...CALLBACK],
  ListExecutions: READ_EXECUTIONS,
  GetExecution: READ_EXECUTIONS,
  ListAllExecutions: READ_EXECUTIONS,
  RedriveExecution: [...READ_EXECUTIONS, 'states:RedriveExecution'],
  StopExecution: [...READ_EXECUTIONS, 'states:StopExecution'],
  ListTasks: READ,
  AdminPage: [],
  BackOfficeAsset: [],
  GetWorkflowDefinition: [],
  ImportCompanies: WRITE,
  CreateCampaign: [...WRITE, ...START],
  GetCampaign: READ,
  ListCampaigns: READ,
  CountCampaignTargets: READ,
  GetCampaignResults: READ,
  CampaignReportPage: [],
  GetSurvey: READ,
  SubmitAnswers: WRITE,
  SurveyPage: [],
  PrepareCampaign: WRITE,
  SendSurveyPage: [...WRITE, ...MAIL],
  CloseCampaign: WRITE,
  PublishResults: WRITE,
  ApiDocument: [],
  ApiReferencePage: [],
  SetUpPole: WRITE,
  GetPole: READ,
  ImportMembers: WRITE,
  GetSignInConfig: [],
};
/** A state machine: its tasks, vended log delivery and X-Ray; the campaign's Distributed Map also its children and their Map Run's redrive. */
const STATE_MACHINE = [
  'lambda:InvokeFunction',
  ...['Create', 'Delete', 'Get', 'Update'].map((verb) => `logs:${verb}LogDelivery`),
  'logs:ListLogDeliveries',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:PutResourcePolicy',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];
const PINNED_STATE_MACHINES: Record<string, string[]> = {
  'member-onboarding': STATE_MACHINE,
  'quarterly-reconciliation': STATE_MACHINE,
  'gtec-campaign': [...STATE_MACHINE, ...START, 'states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution'],
};
/** Actions AWS only accepts on `"Resource": "*"` (they take no resource ARN). */
const STAR_ONLY =
  /^(ses:GetAccount|states:ListActivities|xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;

/** The unbundled synth of tests/infra/stack.test.ts, with the AwsSolutions checks the app runs on every synth. */
function synth(stage: Stage, props: Partial<PoleStackProps> = {}) {
  const app = newApp({ 'aws:cdk:bundling-stacks': [] });
  const stack = new PoleStack(app, `PoleWorkflows-${stage}`, { stage, env: { region: 'eu-west-3' }, ...props });
  const nag = new AwsSolutionsChecks(app).validateScope(app);
  const resources = app.synth().getStackByName(stack.stackName).template.Resources as Resources;
  return { app, stack, nag, resources };
}

describe('PoleStack security (docs/back-office.md#security)', { timeout: 120_000 }, () => {
  let dev: ReturnType<typeof synth>;
  const logicalId = (construct: IConstruct) => dev.stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const statementsOf = (role: IConstruct): Statement[] =>
    Object.values(dev.resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          r.Properties.Roles.some((ref: unknown) => JSON.stringify(ref) === JSON.stringify({ Ref: logicalId(role) })),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);

  beforeAll(() => {
    dev = synth('dev');
  }, 120_000);

  it.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions: no unacknowledged finding (%s)', (stage) => {
    const { nag } =
      stage === 'dev' ? dev : synth(stage, { poles: ['pole-sud-aquitain', 'pole-bearn'], alarmEmail: 'exploitation@pole-sud-aquitain.fr' });
    expect(nag.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('every acknowledgement carries a specific reason', () => {
    const acknowledged = dev.app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, unknown>)),
      );
    expect(acknowledged.every(([id]) => /^Annotation::AwsSolutions-/.test(id))).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [id, entry] of acknowledged) {
      const reason = typeof entry === 'string' ? entry : JSON.stringify(entry);
      expect(reason.length, id).toBeGreaterThan(40);
    }
    // No blanket acknowledgement on the app or the stack: each sits on a role, a route or the user pool.
    for (const scope of [dev.app, dev.stack])
      expect(scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
  });

  it('no policy grants a "*" action, and "*" resources only for the actions that take no ARN', () => {
    const statements = Object.values(dev.resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*$/);
      if ([s.Resource].flat().includes('*')) for (const action of [s.Action].flat()) expect(action).toMatch(STAR_ONLY);
    }
  });

  const actionsOf = (role: IConstruct) => [...new Set(statementsOf(role).flatMap((s) => [s.Action].flat()))].sort();

  it.each(FUNCTION_IDS)('%s holds exactly its pinned actions, the table ones on the table only', (id) => {
    expect(actionsOf(dev.stack.functions[id].role!)).toEqual([...new Set([...BASE, ...PINNED[id]])].sort());
    const tableArn = JSON.stringify({ 'Fn::GetAtt': [logicalId(dev.stack.table), 'Arn'] });
    const onTable = statementsOf(dev.stack.functions[id].role!).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const resource of onTable.flatMap((s) => [s.Resource].flat())) expect(JSON.stringify(resource)).toContain(tableArn);
  });

  it.each(Object.keys(PINNED_STATE_MACHINES))('the %s state machine holds exactly its pinned actions', (workflow) => {
    const role = dev.stack.stateMachines[workflow as keyof typeof dev.stack.stateMachines].role;
    expect(actionsOf(role)).toEqual([...new Set(PINNED_STATE_MACHINES[workflow])].sort());
  });

  it("writes each function's logs to its own log group by an inline policy, without the managed basic-execution policy", () => {
    for (const id of FUNCTION_IDS) {
      const fn = dev.stack.functions[id];
      const role = dev.resources[logicalId(fn.role!)]!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const logs = statementsOf(fn.role!).filter((s) => [s.Action].flat().some((a) => a.startsWith('logs:')));
      const logGroupId = dev.resources[logicalId(fn)]!.Properties.LoggingConfig.LogGroup.Ref;
      expect(logs.flatMap((s) => [s.Resource].flat())).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
    }
  });

  it("scopes the Distributed Map's redrive to its label, as CDK's DistributedMap grants it", () => {
    const redrive = statementsOf(dev.stack.stateMachines['gtec-campaign'].role).filter((s) =>
      [s.Action].flat().includes('states:RedriveExecution'),
    );
    expect(redrive.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r))).toEqual([
      expect.stringMatching(/:execution:PoleWorkflows-dev-gtec-campaign\/CampaignPages:\*"\]\]\}$/),
    ]);
  });

  it('keeps every log group 30 days; destroys them with a dev stack and retains them in prod', () => {
    const logGroups = (resources: Resources) => Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    // One per function, one per state machine, and the API's access logs.
    expect(logGroups(dev.resources).length).toBeGreaterThanOrEqual(FUNCTION_IDS.length + 2);
    for (const group of logGroups(dev.resources))
      expect(group).toMatchObject({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
    for (const group of logGroups(synth('prod').resources))
      expect(group).toMatchObject({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
  });

  it('logs API access without paths (survey tokens) or source IPs, and throttles the default stage', () => {
    const [stage] = Object.values(dev.resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Stage');
    expect(stage!.Properties).toMatchObject({
      StageName: '$default',
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^HttpApiAccessLogs/), 'Arn'] } },
      DefaultRouteSettings: { ThrottlingRateLimit: API_THROTTLE.rateLimit, ThrottlingBurstLimit: API_THROTTLE.burstLimit },
    });
    const format = JSON.parse(stage!.Properties.AccessLogSettings.Format) as Record<string, string>;
    expect(Object.values(format)).toContain('$context.routeKey');
    expect(Object.values(format).join(' ')).not.toMatch(/\$context\.(path|identity\.sourceIp|identity\.userAgent|authorizer)/);
  });

  it('throttles every public route more tightly than the stage, each setting after the route it names', () => {
    const stage = Object.values(dev.resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    const publicRoutes = ROUTES.filter((r) => r.auth === 'public');
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(publicRoutes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of publicRoutes) {
      const setting = stage.Properties.RouteSettings[`${route.method} ${route.path}`];
      expect(setting.ThrottlingRateLimit).toBeLessThan(API_THROTTLE.rateLimit);
      expect(setting.ThrottlingBurstLimit).toBeLessThan(API_THROTTLE.burstLimit);
      const [routeId] = Object.entries(dev.resources).find(
        ([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `${route.method} ${route.path}`,
      )!;
      expect([stage.DependsOn].flat()).toContain(routeId);
    }
  });

  it('asks admins for a strong password and an authenticator app (MFA required: tests/infra/sign-in.test.ts)', () => {
    const [pool] = Object.values(dev.resources).filter((r) => r.Type === 'AWS::Cognito::UserPool');
    expect(pool!.Properties).toMatchObject({
      Policies: {
        PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true },
      },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('acknowledges APIG4 (no authorizer) on the public routes only', () => {
    const publicRoutes = ROUTES.filter((r) => r.auth === 'public');
    const acknowledgedRoutes = dev.stack.api.node.children.filter((c) =>
      c.node.metadata.some(
        (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && 'Annotation::AwsSolutions-APIG4' in (m.data as object),
      ),
    );
    expect(acknowledgedRoutes.map((c) => c.node.id).sort()).toEqual(
      publicRoutes.map((r) => `${r.method}--${r.path.slice(1).replaceAll('/', '--')}`).sort(),
    );
  });
});

describe('pôles served (context pole:poles, checked in tests/infra/context.test.ts)', () => {
  it('gives each pôle its own scheduled starts, and tells the home page and the set-up the pôles served', { timeout: 60_000 }, () => {
    const { resources, stack } = synth('dev', { poles: ['pole-sud-aquitain', 'pole-bearn'] });
    const inputs = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
      .map((r) => JSON.parse(r.Properties.Target.Input).poleId);
    expect(new Set(inputs)).toEqual(new Set(['pole-sud-aquitain', 'pole-bearn']));
    for (const fn of ['HomePage', 'SetUpPole'] as const) {
      const resource = resources[stack.getLogicalId(stack.functions[fn].node.defaultChild as CfnElement)]!;
      expect(resource.Properties.Environment.Variables.POLE_IDS).toBe('pole-sud-aquitain,pole-bearn');
    }
  });
});
