import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cronFor, FUNCTIONS, type FunctionId, type FunctionSpec, ROUTES, SCHEDULES } from '../../functions/catalog.ts';
import { BASE_ENVIRONMENT, LAMBDA_NODE_MAJOR, LAMBDA_RUNTIME_NAME } from '../../infra/bundling.ts';
import { newApp } from '../../infra/cdk-context.ts';
import { readContext, type Stage } from '../../infra/context.ts';
import { SES_REPUTATION_ALARMS } from '../../infra/monitoring.ts';
import { repoPath } from '../../infra/paths.ts';
import { DEFAULT_BUDGET_USD, PoleStack, type PoleStackProps } from '../../infra/stack.ts';
import { DEFAULT_MAIL_FROM } from '../../ports/config.ts';
import { TABLE_SHAPE } from '../../store/table.ts';
import { hasDistributedMap, placeholderOf, placeholdersIn, WORKFLOW_NAMES, WORKFLOWS, type WorkflowName } from '../../workflows/catalog.ts';

interface Statement {
  Action: string | string[];
  Resource: unknown;
}
type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];
const specOf = (id: FunctionId): FunctionSpec => FUNCTIONS[id];

/** Bundling every function is most of the synth time; the prod variant only checks policies. */
function synth(stage: Stage, bundle: boolean, props: Partial<PoleStackProps> = {}) {
  const app = newApp(bundle ? {} : { 'aws:cdk:bundling-stacks': [] });
  const stack = new PoleStack(app, `PoleWorkflows-${stage}`, { stage, env: { region: 'eu-west-3' }, ...props });
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Resources };
}

describe('PoleStack', { timeout: 120_000 }, () => {
  let stack: PoleStack;
  let template: Template;
  let resources: Resources;
  const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const fnLogicalId = (id: string) => logicalId(stack.functions[id as FunctionId]);
  const statementsOf = (role: IConstruct): Statement[] =>
    Object.values(resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          r.Properties.Roles.some((ref: unknown) => JSON.stringify(ref) === JSON.stringify({ Ref: logicalId(role) })),
      )
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
  const actionsOf = (role: IConstruct) => new Set(statementsOf(role).flatMap((s) => [s.Action].flat()));

  beforeAll(() => {
    // Without bundling: NodejsFunction spawns esbuild once per function, minutes on two busy
    // cores; tests/infra/bundles.test.ts bundles every entry in one esbuild call instead.
    ({ stack, template, resources } = synth('dev', false));
  }, 120_000);

  describe('schedules', () => {
    it('start the quarterly reconciliation from the same cron as the embedded runtime, in Europe/Paris time', () => {
      const spec = SCHEDULES.QuarterlyReconciliation!;
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: cronFor.eventBridge(spec),
        ScheduleExpressionTimezone: 'Europe/Paris',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnLogicalId(spec.fn), 'Arn'] },
          Input: JSON.stringify({ poleId: 'pole-sud-aquitain' }),
        }),
      });
      expect(cronFor.eventBridge(spec)).toBe('cron(0 7 1-15 1,4,7,10 ? *)');
      expect(cronFor.croner(spec)).toBe('0 7 1-15 1,4,7,10 *');
    });

    it("send the scheduled function's failures to a dead-letter queue: Lambda's on-failure destination and the scheduler's", () => {
      const spec = SCHEDULES.QuarterlyReconciliation!;
      const queueArn = { 'Fn::GetAtt': [logicalId(stack.scheduleFailures), 'Arn'] };
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnLogicalId(spec.fn) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: queueArn } },
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Target: Match.objectLike({ DeadLetterConfig: { Arn: queueArn }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }) }),
      });
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    });
  });

  describe('table', () => {
    it('is on-demand, keyed PK/SK, with TTL, point-in-time recovery and AWS-managed encryption', () => {
      template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_SHAPE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_SHAPE.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: TABLE_SHAPE.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_SHAPE.sortKey, AttributeType: 'S' },
        ]),
        TimeToLiveSpecification: { AttributeName: TABLE_SHAPE.timeToLiveAttribute, Enabled: true },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      });
    });

    it('is destroyed with a dev stack and retained, deletion-protected, in prod', () => {
      template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
      const prod = synth('prod', false).template;
      prod.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
      });
    });
  });

  describe('functions', () => {
    it('has one Lambda function per catalog entry', () => {
      template.resourceCountIs('AWS::Lambda::Function', FUNCTION_IDS.length);
    });

    it.each(FUNCTION_IDS)(`%s runs the house defaults on Node.js ${LAMBDA_NODE_MAJOR}, ARM64`, (id) => {
      const fn = resources[fnLogicalId(id)]!;
      expect(fn.Type).toBe('AWS::Lambda::Function');
      expect(fn.Properties).toMatchObject({
        Runtime: LAMBDA_RUNTIME_NAME,
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 30,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: { Variables: BASE_ENVIRONMENT },
      });
      // Each function is told only what the concerns it uses read (ports/config.ts): a function that
      // does not touch the table (a static page, the execution views) is not even told its name.
      const variables = fn.Properties.Environment.Variables;
      expect(variables.TABLE_NAME).toEqual(specOf(id).table === 'none' ? undefined : { Ref: logicalId(stack.table) });
      expect(variables.MAIL_FROM).toEqual(specOf(id).mails ? DEFAULT_MAIL_FROM : undefined);
      expect(variables.PUBLIC_BASE_URL === undefined).toBe(!specOf(id).mails);
      expect(variables.POLE_IDS).toEqual(specOf(id).listsPoles ? 'pole-sud-aquitain' : undefined);
      const logGroup = resources[fn.Properties.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    });

    it('the execution views and actions talk to the workflow engine only: no table, no table grant', () => {
      const withoutTable = FUNCTION_IDS.filter((id) => specOf(id).table === 'none');
      expect(withoutTable.sort()).toEqual(
        [
          'AdminPage',
          'BackOfficeAsset',
          'GetWorkflowDefinition',
          'CampaignReportPage',
          'SurveyPage',
          'GetSignInConfig',
          'ListExecutions',
          'GetExecution',
          'ListAllExecutions',
          'RedriveExecution',
          'StopExecution',
          // The API's description: built from the catalog and the routes' contracts.
          'ApiDocument',
          'ApiReferencePage',
        ].sort(),
      );
      for (const id of withoutTable) {
        expect(resources[fnLogicalId(id)]!.Properties.Environment.Variables).not.toHaveProperty('TABLE_NAME');
        expect([...actionsOf(stack.functions[id].role!)].filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
      }
    });

    it('links in mails lead to the HTTP API unless the pôle has its own address (pole:publicBaseUrl)', () => {
      const url = (r: Resources, logicalIdOf: string) => JSON.stringify(r[logicalIdOf]!.Properties.Environment.Variables.PUBLIC_BASE_URL);
      const apiId = logicalId(stack.api);
      expect(url(resources, fnLogicalId('SendSurveyPage'))).toBe(JSON.stringify({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }));
      const own = synth('dev', false, { publicBaseUrl: 'https://pole.example.fr' });
      const ownId = own.stack.getLogicalId(own.stack.functions.SendSurveyPage.node.defaultChild as CfnElement);
      expect(url(own.resources, ownId)).toBe('"https://pole.example.fr"');
    });

    it.each(FUNCTION_IDS)('%s holds exactly the permissions its catalog entry declares', (id) => {
      const spec = specOf(id);
      const actions = actionsOf(stack.functions[id].role!);
      expect(actions.has('dynamodb:GetItem')).toBe(spec.table !== 'none');
      expect(actions.has('dynamodb:PutItem')).toBe(spec.table === 'readwrite');
      expect(actions.has('states:StartExecution')).toBe(Boolean(spec.starts?.length));
      expect(actions.has('states:SendTaskSuccess')).toBe(Boolean(spec.callsBack?.length));
      expect(actions.has('states:GetExecutionHistory')).toBe(Boolean(spec.reads?.length));
      expect(actions.has('states:RedriveExecution')).toBe(Boolean(spec.redrives?.length));
      expect(actions.has('states:StopExecution')).toBe(Boolean(spec.stops?.length));
      expect(actions.has('ses:SendEmail')).toBe(Boolean(spec.mails));
    });

    it('mails as the configured SES identity, through the configuration set when one is given', () => {
      const mailing = FUNCTION_IDS.filter((id) => specOf(id).mails);
      expect(mailing.length).toBeGreaterThan(0);
      const sesResources = (r: Resources, id: FunctionId, roleOf: (id: FunctionId) => string) =>
        Object.values(r)
          .filter((x) => x.Type === 'AWS::IAM::Policy' && JSON.stringify(x.Properties.Roles).includes(roleOf(id)))
          .flatMap((x) => x.Properties.PolicyDocument.Statement as Statement[])
          .filter((st) => [st.Action].flat().includes('ses:SendEmail'))
          .flatMap((st) => [st.Resource].flat().map((res) => JSON.stringify(res)));
      const other = synth('prod', false, { mailFrom: 'enquetes@pole-bearn.fr', sesConfigurationSet: 'pole-suivi' });
      const roleId = (id: FunctionId) => other.stack.getLogicalId(other.stack.functions[id].role!.node.defaultChild as CfnElement);
      for (const id of mailing) {
        const granted = sesResources(other.resources, id, roleId);
        expect(granted).toHaveLength(3);
        expect(granted.some((g) => g.includes(':identity/enquetes@pole-bearn.fr'))).toBe(true);
        expect(granted.some((g) => g.includes(':identity/pole-bearn.fr'))).toBe(true);
        expect(granted.some((g) => g.includes(':configuration-set/pole-suivi'))).toBe(true);
        expect(
          other.resources[other.stack.getLogicalId(other.stack.functions[id].node.defaultChild as CfnElement)]!.Properties.Environment
            .Variables,
        ).toMatchObject({ MAIL_FROM: 'enquetes@pole-bearn.fr', SES_CONFIGURATION_SET: 'pole-suivi' });
      }
      for (const id of mailing) expect(resources[fnLogicalId(id)]!.Properties.Environment.Variables.SES_CONFIGURATION_SET).toBeUndefined();
    });

    it.each(FUNCTION_IDS.filter((id) => specOf(id).starts?.length))('%s may start its workflows and knows their ARNs', (id) => {
      const fn = stack.functions[id];
      for (const workflow of (specOf(id).starts ?? []) as WorkflowName[]) {
        const name = (stack.stateMachines[workflow].node.defaultChild as CfnStateMachine).stateMachineName;
        const start = statementsOf(fn.role!).find((s) => [s.Action].flat().includes('states:StartExecution'));
        expect(JSON.stringify(start?.Resource)).toContain(`:stateMachine:${name}"`);
        const variable = resources[fnLogicalId(id)]!.Properties.Environment.Variables[WORKFLOWS[workflow].arnEnv];
        expect(JSON.stringify(variable)).toContain(`:stateMachine:${name}"`);
      }
    });
  });

  it.each(FUNCTION_IDS.filter((id) => specOf(id).redrives?.length || specOf(id).stops?.length))(
    '%s may redrive or stop the executions of its workflows, and nothing else',
    (id) => {
      const spec = specOf(id);
      for (const [workflows, action] of [
        [spec.redrives, 'states:RedriveExecution'],
        [spec.stops, 'states:StopExecution'],
      ] as const) {
        const granted = statementsOf(stack.functions[id].role!).filter((s) => [s.Action].flat().includes(action));
        // `arn:…:execution:<state machine name>:*`: any execution of that state machine, no other.
        const scopes = granted
          .flatMap((s) => [s.Resource].flat())
          .map((r) => /:execution:([^:"]+):\*"\]\]\}$/.exec(JSON.stringify(r))?.[1]);
        const names = ((workflows ?? []) as WorkflowName[]).map(
          (w) => (stack.stateMachines[w].node.defaultChild as CfnStateMachine).stateMachineName,
        );
        expect(scopes.sort()).toEqual(names.sort());
      }
    },
  );

  describe.each(WORKFLOW_NAMES)('workflow %s', (workflow) => {
    const spec = WORKFLOWS[workflow];
    const asl = readFileSync(repoPath(spec.file), 'utf8');
    const stateMachine = () => resources[logicalId(stack.stateMachines[workflow])]!;

    it('is a standard, traced state machine that logs without execution data', () => {
      expect(stateMachine().Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      });
    });

    it('runs the ASL file as written, every ${Placeholder} filled with its function ARN', () => {
      const placeholders = placeholdersIn(asl);
      expect(placeholders.length).toBeGreaterThan(0);
      const { DefinitionString, DefinitionSubstitutions } = stateMachine().Properties;
      expect(JSON.parse(DefinitionString)).toEqual(JSON.parse(asl));
      for (const placeholder of placeholders) expect(DefinitionSubstitutions).toHaveProperty([placeholder]);
      for (const id of spec.functions) {
        expect(DefinitionSubstitutions[placeholderOf(id)]).toEqual({ 'Fn::GetAtt': [fnLogicalId(id), 'Arn'] });
      }
    });

    it('may invoke its own functions and no other', () => {
      const invoke = statementsOf(stack.stateMachines[workflow].role).filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
      const resourcesOfInvoke = invoke.flatMap((s) => [s.Resource].flat());
      const invoked = new Set(resourcesOfInvoke.map((r) => JSON.stringify(r).match(/"Fn::GetAtt":\["([^"]+)","Arn"\]/)?.[1]));
      expect(invoked).toEqual(new Set(spec.functions.map(fnLogicalId)));
      expect(invoke.every((s) => [s.Action].flat().every((a) => a === 'lambda:InvokeFunction'))).toBe(true);
    });

    it('may start and stop its own child executions if, and only if, its ASL has a Distributed Map', () => {
      const name = (stack.stateMachines[workflow].node.defaultChild as CfnStateMachine).stateMachineName;
      const states = statementsOf(stack.stateMachines[workflow].role).filter((s) =>
        [s.Action].flat().some((a) => String(a).startsWith('states:')),
      );
      if (!hasDistributedMap(asl)) {
        expect(states).toEqual([]);
        return;
      }
      expect(workflow).toBe('gtec-campaign');
      // Each action and where it may act (statements with the same resources are merged by the feature flag minimizePolicies).
      const scopeOf = (action: string) =>
        states.filter((s) => [s.Action].flat().includes(action)).flatMap((s) => [s.Resource].flat().map((r) => JSON.stringify(r)));
      expect(new Set(states.flatMap((s) => [s.Action].flat()))).toEqual(
        new Set(['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution', 'states:RedriveExecution']),
      );
      expect(scopeOf('states:StartExecution')).toEqual([expect.stringMatching(new RegExp(`:stateMachine:${name}"\\]\\]\\}$`))]);
      for (const action of ['states:DescribeExecution', 'states:StopExecution'])
        expect(scopeOf(action)).toEqual([expect.stringMatching(new RegExp(`:execution:${name}/\\*"\\]\\]\\}$`))]);
      expect(scopeOf('states:RedriveExecution')).toEqual([
        expect.stringMatching(new RegExp(`:execution:${name}/CampaignPages:\\*"\\]\\]\\}$`)),
      ]);
    });
  });

  describe('HTTP API', () => {
    it('has one route per catalog entry', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length);
    });

    it('sends no CORS headers by default: its own pages are same-origin', () => {
      const [api] = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Api');
      expect(api!.Properties.CorsConfiguration).toBeUndefined();
    });

    it('lets the configured sites (pole:corsOrigins) call it from a browser, and only them', () => {
      const origins = ['https://www.pole-sud-aquitain.fr', 'https://enquete.pole-sud-aquitain.fr'];
      const { resources: withCors } = synth('prod', false, { corsOrigins: origins });
      const [api] = Object.values(withCors).filter((r) => r.Type === 'AWS::ApiGatewayV2::Api');
      expect(api!.Properties.CorsConfiguration).toEqual({
        AllowOrigins: ['https://www.pole-sud-aquitain.fr', 'https://enquete.pole-sud-aquitain.fr'],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['content-type', 'authorization'],
        MaxAge: 86_400,
      });
    });

    it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
      '%s reaches its function, authorised as declared',
      (routeKey, route) => {
        const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === routeKey);
        expect(routes).toHaveLength(1);
        const { Properties } = routes[0]!;
        expect(Properties.AuthorizationType).toBe(route.auth === 'admin' ? 'JWT' : 'NONE');
        expect(Boolean(Properties.AuthorizerId)).toBe(route.auth === 'admin');
        const integrationId = JSON.stringify(Properties.Target).match(/"Ref":"([^"]+)"/)?.[1];
        expect(resources[integrationId!]!.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnLogicalId(route.fn), 'Arn'] });
      },
    );

    it('checks admin JWTs against the Cognito user pool and its client', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: Match.stringLikeRegexp('AdminWebClient') }, { Ref: Match.stringLikeRegexp('AdminCliClient') }],
          Issuer: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([{ Ref: logicalId(stack.userPool) }])]) }),
        },
      });
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Schema: Match.arrayWith([Match.objectLike({ Name: 'pole', Mutable: false, AttributeDataType: 'String' })]),
      });
    });
  });

  it('outputs what operators and the admin client need', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining(['ApiUrl', 'TableName', 'UserPoolId', 'UserPoolClientId', 'MemberOnboardingStateMachineArn']),
    );
    expect(outputs).toEqual(expect.arrayContaining(['AdminPageUrl', 'AlarmTopicArn']));
  });

  describe('guard rails', () => {
    it('protects the prod stack against deletion, not dev', () => {
      expect(synth('prod', false).stack.terminationProtection).toBe(true);
      expect(stack.terminationProtection).toBe(false);
    });

    it('pins the feature flags aws-cdk-lib recommends in cdk.json, and synthesizes with them', () => {
      const pinned = JSON.parse(readFileSync(repoPath('cdk.json'), 'utf8')).context;
      for (const [flag, value] of Object.entries(CURRENTLY_RECOMMENDED_FLAGS)) expect(pinned[flag], flag).toEqual(value);
      expect(stack.node.tryGetContext('@aws-cdk/aws-iam:minimizePolicies')).toBe(true);
    });

    it('reserves no concurrency by default (a new account has 10, all of which Lambda keeps unreserved)', () => {
      for (const id of FUNCTION_IDS) expect(resources[fnLogicalId(id)]!.Properties.ReservedConcurrentExecutions).toBeUndefined();
    });

    it("caps each public route's function at pole:publicConcurrency, and only those", () => {
      const capped = synth('prod', false, {
        publicConcurrency: readContext((key) => ({ 'pole:publicConcurrency': '3' })[key]).publicConcurrency!,
      });
      const publicFns = new Set(ROUTES.filter((r) => r.auth === 'public').map((r) => r.fn));
      expect(publicFns.has('SubmitApplication') && publicFns.has('SubmitAnswers') && !publicFns.has('ListMembers')).toBe(true);
      for (const id of FUNCTION_IDS) {
        const fn = capped.resources[capped.stack.getLogicalId(capped.stack.functions[id].node.defaultChild as CfnElement)]!;
        expect(fn.Properties.ReservedConcurrentExecutions).toBe(publicFns.has(id) ? 3 : undefined);
      }
      expect(() => synth('dev', false, { publicConcurrency: 0 })).toThrow(/pole:publicConcurrency/);
      expect(() => readContext((key) => ({ 'pole:publicConcurrency': 'beaucoup' })[key])).toThrow(
        /pole:publicConcurrency : Nombre attendu/,
      );
    });

    it('logs each state machine under /aws/vendedlogs/states/', () => {
      for (const workflow of WORKFLOW_NAMES) {
        const sm = resources[logicalId(stack.stateMachines[workflow])]!;
        const groupArn = sm.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
        const group = resources[groupArn['Fn::GetAtt'][0]]!;
        expect(group.Properties.LogGroupName).toBe(`/aws/vendedlogs/states/PoleWorkflows-dev-${workflow}`);
      }
    });
  });

  describe('monitoring', () => {
    type AlarmMetric = {
      Id: string;
      Expression?: string;
      ReturnData?: boolean;
      MetricStat?: {
        Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] };
        Period: number;
        Stat: string;
      };
    };
    // Alarms are on in prod (in dev on request, pole:alarms): they are read from a prod synth.
    let prod: ReturnType<typeof synth>;
    beforeAll(() => {
      prod = synth('prod', false);
    }, 120_000);
    const alarmsOf = (r: Resources) =>
      Object.values(r)
        .filter((x) => x.Type === 'AWS::CloudWatch::Alarm')
        .map((x) => x.Properties as { Metrics: AlarmMetric[]; [k: string]: any });
    const alarms = () => alarmsOf(prod.resources);
    const watched = (namespace: string, metricName: string) =>
      alarms().flatMap((a) =>
        a.Metrics.filter((m) => m.MetricStat?.Metric.Namespace === namespace && m.MetricStat.Metric.MetricName === metricName).map((m) =>
          JSON.stringify(m.MetricStat!.Metric.Dimensions?.[0]?.Value ?? null),
        ),
      );
    const topic = () => Object.entries(prod.resources).find(([, r]) => r.Type === 'AWS::SNS::Topic')![0];

    it('alarms on failed executions of each state machine, one alarm per state machine (none can time out)', () => {
      for (const workflow of WORKFLOW_NAMES) {
        const ref = JSON.stringify({ Ref: logicalId(stack.stateMachines[workflow]) });
        expect(watched('AWS/States', 'ExecutionsFailed').filter((d) => d === ref)).toHaveLength(1);
        // An execution ends TIMED_OUT only past its own TimeoutSeconds, which no ASL file sets.
        expect(JSON.parse(readFileSync(repoPath(WORKFLOWS[workflow].file), 'utf8')).TimeoutSeconds).toBeUndefined();
      }
      const perStateMachine = alarms().filter((a) => a.Metrics.some((m) => m.MetricStat?.Metric.Namespace === 'AWS/States'));
      expect(perStateMachine).toHaveLength(WORKFLOW_NAMES.length);
    });

    it("alarms on the errors and the throttles of the region's Lambda functions, one billed metric each", () => {
      const lambdaAlarms = alarms().filter((a) => a.Metrics.some((m) => m.MetricStat?.Metric.Namespace === 'AWS/Lambda'));
      expect(
        lambdaAlarms
          .map((a) =>
            a.Metrics.filter((m) => m.MetricStat).map(
              (m) => `${m.MetricStat!.Metric.MetricName}:${m.MetricStat!.Stat}:${(m.MetricStat!.Metric.Dimensions ?? []).length}`,
            ),
          )
          .sort(),
      ).toEqual([['Errors:Sum:0'], ['Throttles:Sum:0']]);
    });

    it("alarms on the HTTP API's 5xx answers (handlers answer their errors themselves)", () => {
      expect(watched('AWS/ApiGateway', '5xx')).toEqual([JSON.stringify({ Ref: logicalId(stack.api) })]);
    });

    it('alarms on any failed scheduled start left in the dead-letter queue', () => {
      expect(watched('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toEqual([
        JSON.stringify({ 'Fn::GetAtt': [logicalId(stack.scheduleFailures), 'QueueName'] }),
      ]);
    });

    it("alarms on SES's bounce and complaint rates before AWS reviews the account (5 %, 0.1 %)", () => {
      const rate = (metricName: string) => alarms().find((a) => a.Metrics.some((m) => m.MetricStat?.Metric.MetricName === metricName));
      expect(rate('Reputation.BounceRate')).toMatchObject({ Threshold: SES_REPUTATION_ALARMS.bounceRate });
      expect(rate('Reputation.ComplaintRate')).toMatchObject({ Threshold: SES_REPUTATION_ALARMS.complaintRate });
      expect(SES_REPUTATION_ALARMS).toEqual({ bounceRate: 0.05, complaintRate: 0.001 });
    });

    it('keeps the alarm count lean, and every alarm mails the SNS topic when it fires and when it clears', () => {
      // One per state machine, Lambda errors and throttles, API 5xx, failed schedules, SES bounces and complaints.
      expect(alarms()).toHaveLength(WORKFLOW_NAMES.length + 6);
      // CloudWatch bills each metric an alarm watches: one each.
      expect(alarms().flatMap((a) => a.Metrics.filter((m) => m.MetricStat))).toHaveLength(WORKFLOW_NAMES.length + 6);
      for (const alarm of alarms()) {
        expect(alarm).toMatchObject({
          AlarmActions: [{ Ref: topic() }],
          OKActions: [{ Ref: topic() }],
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        });
        expect(alarm.AlarmDescription).toMatch(/^Pôle workflows — /);
      }
      prod.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        }),
      });
    });

    it('has no alarm in dev unless asked (pole:alarms): dev and prod share an account, whose region-wide alarms prod holds', () => {
      expect(alarmsOf(resources)).toEqual([]);
      expect(alarmsOf(synth('dev', false, { alarms: true }).resources)).toHaveLength(WORKFLOW_NAMES.length + 6);
    });

    it('sets a monthly cost budget in prod, alerting the topic at 80 % spent and 100 % forecast; none in dev unless asked', () => {
      prod.template.hasResourceProperties('AWS::Budgets::Budget', {
        Budget: { BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: DEFAULT_BUDGET_USD, Unit: 'USD' } },
        NotificationsWithSubscribers: [
          {
            Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 80, ComparisonOperator: 'GREATER_THAN' }),
            Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: topic() } }],
          },
          {
            Notification: Match.objectLike({ NotificationType: 'FORECASTED', Threshold: 100, ComparisonOperator: 'GREATER_THAN' }),
            Subscribers: [{ SubscriptionType: 'SNS', Address: { Ref: topic() } }],
          },
        ],
      });
      prod.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'budgets.amazonaws.com' } })]),
        }),
      });
      template.resourceCountIs('AWS::Budgets::Budget', 0);
      synth('dev', false, { budgetUsd: 3 }).template.hasResourceProperties('AWS::Budgets::Budget', {
        Budget: Match.objectLike({ BudgetLimit: { Amount: 3, Unit: 'USD' } }),
      });
      expect(() => synth('dev', false, { budgetUsd: -1 })).toThrow(/pole:budgetUsd/);
    });

    it('subscribes the address of context pole:alarmEmail to the topic, and only that', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      const withEmail = synth('dev', false, { alarmEmail: 'exploitation@pole-sud-aquitain.fr' }).template;
      withEmail.resourceCountIs('AWS::SNS::Subscription', 1);
      withEmail.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'exploitation@pole-sud-aquitain.fr',
        TopicArn: { Ref: Match.stringLikeRegexp('AlarmTopic') },
      });
      expect(() => synth('dev', false, { alarmEmail: 'not-an-address' })).toThrow(/pole:alarmEmail/);
    });

    it('has no dashboard unless asked: outside the free tier it would cost more than the workload', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
      expect(Object.keys(template.toJSON().Outputs)).not.toContain('DashboardName');
    });

    it('on request (pole:dashboard), one dashboard (at most 50 metrics, the free tier’s limit) with the executions of each workflow and the functions’ errors, throttles and durations', () => {
      const withDashboard = synth('dev', false, { dashboard: true });
      const [dashboard] = Object.values(withDashboard.template.toJSON().Resources as typeof resources).filter(
        (r) => r.Type === 'AWS::CloudWatch::Dashboard',
      );
      withDashboard.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      expect(Object.keys(withDashboard.template.toJSON().Outputs)).toContain('DashboardName');
      const body = JSON.stringify(dashboard!.Properties.DashboardBody);
      for (const metric of ['ExecutionsStarted', 'ExecutionsFailed', 'ExecutionsTimedOut', 'Errors', 'Throttles', 'Duration', '5xx'])
        expect(body).toContain(metric);
      for (const workflow of WORKFLOW_NAMES) expect(body).toContain(logicalId(withDashboard.stack.stateMachines[workflow]));
      // Every metric of a widget starts with its namespace: ["AWS/States", …], ["AWS/Lambda", …]…
      const count = (body.match(/\[\\"AWS\//g) ?? []).length;
      expect(count).toBeGreaterThanOrEqual(5 * WORKFLOW_NAMES.length); // the executions widgets alone
      expect(count).toBeLessThanOrEqual(50);
    });
  });
});
