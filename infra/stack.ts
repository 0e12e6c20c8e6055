import { readFileSync } from 'node:fs';
import {
  ArnFormat,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { type CfnRoute, type CfnStage, CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, type IStateMachine, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct, IConstruct } from 'constructs';
import { FUNCTIONS, type FunctionId, type FunctionSpec, ROUTES, SCHEDULES, WORKFLOW_ACTIONS } from '../functions/catalog.ts';
import { DEFAULT_MAIL_FROM } from '../ports/config.ts';
import { TABLE_SHAPE } from '../store/table.ts';
import {
  distributedMapLabels,
  hasDistributedMap,
  placeholderOf,
  placeholdersIn,
  WORKFLOW_NAMES,
  WORKFLOWS,
  type WorkflowName,
} from '../workflows/catalog.ts';
import { DEFAULT_POLES, type Stage } from './context.ts';
import { PoleMonitoring } from './monitoring.ts';
import { repoPath } from './paths.ts';
import { PoleFunction } from './pole-function.ts';
import { StaffSignIn } from './sign-in.ts';

export interface PoleStackProps extends StackProps {
  readonly stage: Stage;
  /** Sender of every mail; SES must have it (or its domain) verified. */
  readonly mailFrom?: string;
  /** Where people reach the pages (links in mails); the HTTP API's own URL otherwise. */
  readonly publicBaseUrl?: string;
  /** The pôles this deployment serves: each gets its own scheduled starts. */
  readonly poles?: readonly string[];
  /** Who receives the CloudWatch alarms by mail (context `pole:alarmEmail`); none: the SNS topic only. */
  readonly alarmEmail?: string;
  /**
   * SES v2 configuration set the mails go through (context `pole:sesConfigurationSet`), e.g. to
   * record bounces and complaints; created and tied to the identity outside this stack.
   */
  readonly sesConfigurationSet?: string;
  /** Adds the CloudWatch dashboard (context `pole:dashboard=true`): see PoleMonitoring. */
  readonly dashboard?: boolean;
  /**
   * Other sites whose pages may call the API from a browser (context `pole:corsOrigins`, checked
   * by infra/context.ts), e.g. the pôle's website hosting the application form. The API's own pages are
   * same-origin and need none; with none set, the API sends no CORS headers at all.
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Concurrent executions reserved for each public route's function (context `pole:publicConcurrency`):
   * a cap on what a flood of public requests can run. None by default: Lambda keeps at least 10 of
   * the account's concurrency unreserved, and a new account has 10 in all, so any reservation fails
   * the deployment until the quota is raised (README § Guard rails).
   */
  readonly publicConcurrency?: number;
  /** The CloudWatch alarms (context `pole:alarms`): on by default in prod, off in dev (README § Guard rails). */
  readonly alarms?: boolean;
  /** A monthly AWS Budgets cost budget in USD on the account, alerting the alarm topic (context `pole:budgetUsd`; prod: 5 by default). */
  readonly budgetUsd?: number;
  /** The Cognito user pool domain's prefix (context `pole:authDomainPrefix`); by default the stack's name and the account. */
  readonly authDomainPrefix?: string;
}

/** The monthly budget of a prod deployment (USD) unless `pole:budgetUsd` says otherwise: twice the projected bill. */
export const DEFAULT_BUDGET_USD = 5;

/** Default-stage throttling of the HTTP API: far above a pôle's use, low enough to cap a runaway client's bill. */
export const API_THROTTLE = { rateLimit: 20, burstLimit: 50 } as const;

/** Why each public route needs no authorizer (cdk-nag AwsSolutions-APIG4). */
const PUBLIC_ROUTE_REASONS: Partial<Record<FunctionId, string>> = {
  HomePage: 'Public home page: the list of the pôles served, from their public profiles.',
  PolePage: 'Public landing page of a pôle, from its public profile (name, territory, what it offers).',
  ApplicationFormPage: 'Public application form page: it posts to the public application route.',
  SubmitApplication:
    'The public membership application form: anyone may apply; the input is validated, throttled and limited per address and SIRET a day, and nothing is claimed until the emailed link confirms it.',
  ConfirmationPage: 'Applicants have no account: the personal link token in the path authenticates them (compared by its hash).',
  ConfirmApplication: 'Applicants have no account: the personal link token in the path authenticates them (compared by its hash).',
  ApplicationStatusPage: 'Applicants have no account: the personal link token in the path authenticates them (compared by its hash).',
  AdminPage: 'Static page holding no data: its script asks for the admin sign-in and calls the JWT-protected /admin routes with it.',
  BackOfficeAsset: 'The back-office page’s built script and style sheet: static files holding no data.',
  CampaignReportPage: 'Static page holding no data: it reads the JWT-protected …/results route with the admin token.',
  GetSurvey: 'Survey respondents have no account: the personal link token in the path authenticates them (looked up by its hash).',
  SubmitAnswers: 'Survey respondents have no account: the personal link token in the path authenticates them (looked up by its hash).',
  SurveyPage: 'Static survey page: the data comes from /survey/{token}, authenticated by the personal link token.',
  ApiDocument:
    'The API description (OpenAPI), built from the route contracts: it holds no data, and integrators of the public form need it.',
  ApiReferencePage: 'Static page rendering the API description: it holds no data.',
  GetSignInConfig: 'How staff sign in: the Cognito domain and public app client ids (no secret), for the admin pages and pole-admin login.',
};

const pascalCase = (name: string): string => name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep, c: string) => c.toUpperCase());

const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/** The whole backend: table, functions, workflows and the HTTP API, all read from the catalogs. */
export class PoleStack extends Stack {
  readonly table: TableV2;
  readonly functions: Record<FunctionId, PoleFunction>;
  readonly stateMachines: Record<WorkflowName, StateMachine>;
  /** Workflows whose ASL has a Distributed Map (their roles start their own children). */
  private readonly withDistributedMap = new Set<WorkflowName>();
  readonly api: HttpApi;
  readonly userPool: UserPool;
  readonly signIn: StaffSignIn;
  readonly monitoring: PoleMonitoring;
  /** Where the scheduled starts' failed invocations land (Lambda's on-failure destination, the scheduler's dead letters). */
  readonly scheduleFailures: Queue;

  constructor(scope: Construct, id: string, props: PoleStackProps) {
    // Termination protection in prod: deleting the stack needs a deliberate step first.
    super(scope, id, { ...props, terminationProtection: props.terminationProtection ?? props.stage === 'prod' });
    if (props.publicConcurrency !== undefined && !(Number.isInteger(props.publicConcurrency) && props.publicConcurrency >= 1)) {
      throw new Error(
        `Context pole:publicConcurrency must be a whole number of at least 1; got ${JSON.stringify(props.publicConcurrency)}`,
      );
    }
    const publicFunctions = new Set(ROUTES.filter((r) => r.auth === 'public').map((r) => r.fn));
    const removalPolicy = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const mailFrom = props.mailFrom ?? DEFAULT_MAIL_FROM;

    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_SHAPE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SHAPE.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE_SHAPE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: props.stage === 'prod',
      removalPolicy,
    });

    // The workflows are named, so functions can hold their ARNs without referencing them: a
    // function that is both a task of a workflow and answers its tokens (RequestDecision) would
    // otherwise close a dependency cycle (function → its role's policy → workflow → function ARN).
    const stateMachineNameOf = (workflow: WorkflowName) => `${this.stackName}-${workflow}`;
    const workflowRefs = Object.fromEntries(
      WORKFLOW_NAMES.map((workflow) => [
        workflow,
        StateMachine.fromStateMachineName(this, `${pascalCase(workflow)}Ref`, stateMachineNameOf(workflow)),
      ]),
    ) as Record<WorkflowName, IStateMachine>;

    // Each function is given the variables of the concerns it uses (ports/config.ts), and no other.
    this.functions = Object.fromEntries(
      entries<FunctionId, FunctionSpec>(FUNCTIONS).map(([fnId, spec]) => {
        const fn = new PoleFunction(this, fnId, {
          entry: spec.entry,
          logRemovalPolicy: removalPolicy,
          ...(publicFunctions.has(fnId) && { reservedConcurrency: props.publicConcurrency }),
        });
        fn.bindTable(this.table, spec);
        for (const workflow of spec.starts ?? []) {
          fn.addEnvironment(WORKFLOWS[workflow].arnEnv, workflowRefs[workflow].stateMachineArn);
          workflowRefs[workflow].grantStartExecution(fn);
        }
        // Not grantTaskResponse: it adds SendTaskHeartbeat, and no task here sends heartbeats.
        for (const workflow of spec.callsBack ?? []) workflowRefs[workflow].grant(fn, ...WORKFLOW_ACTIONS.callsBack);
        for (const workflow of spec.reads ?? []) {
          fn.addEnvironment(WORKFLOWS[workflow].arnEnv, workflowRefs[workflow].stateMachineArn);
          // What ports/aws/sfn-engine.ts calls, not grantRead (which adds states:Describe* on "*").
          workflowRefs[workflow].grant(fn, 'states:ListExecutions');
          workflowRefs[workflow].grantExecution(fn, 'states:DescribeExecution', 'states:GetExecutionHistory');
        }
        for (const workflow of spec.redrives ?? []) workflowRefs[workflow].grantExecution(fn, 'states:RedriveExecution');
        for (const workflow of spec.stops ?? []) workflowRefs[workflow].grantExecution(fn, 'states:StopExecution');
        if (spec.listsPoles) fn.addEnvironment('POLE_IDS', (props.poles ?? DEFAULT_POLES).join(','));
        if (spec.mails) {
          fn.addToRolePolicy(this.sendMailAs(mailFrom, props.sesConfigurationSet));
          // The sending rate the mail is paced to (ports/aws/ses-mailer.ts); GetAccount takes no resource.
          fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
          fn.addEnvironment('MAIL_FROM', mailFrom);
          if (props.sesConfigurationSet) fn.addEnvironment('SES_CONFIGURATION_SET', props.sesConfigurationSet);
        }
        return [fnId, fn];
      }),
    ) as Record<FunctionId, PoleFunction>;

    this.stateMachines = Object.fromEntries(
      entries(WORKFLOWS).map(([workflow, spec]) => {
        const asl = readFileSync(repoPath(spec.file), 'utf8');
        const tasks = spec.functions.map((fnId) => [fnId, this.functions[fnId]] as const);
        const definitionSubstitutions = Object.fromEntries(tasks.map(([fnId, fn]) => [placeholderOf(fnId), fn.functionArn]));
        const unfilled = placeholdersIn(asl).filter((placeholder) => !(placeholder in definitionSubstitutions));
        if (unfilled.length > 0)
          throw new Error(`${spec.file}: no value for ${unfilled.map((p) => `\${${p}}`).join(', ')} (workflows/catalog.ts)`);

        const name = pascalCase(workflow);
        const stateMachine = new StateMachine(this, `${name}StateMachine`, {
          stateMachineName: stateMachineNameOf(workflow),
          stateMachineType: StateMachineType.STANDARD,
          definitionBody: DefinitionBody.fromString(asl),
          definitionSubstitutions,
          tracingEnabled: true,
          logs: {
            // Under /aws/vendedlogs/: Step Functions delivers logs as vended logs, and a resource policy
            // there stays within CloudWatch Logs' size limit however many state machines log.
            destination: new LogGroup(this, `${name}StateMachineLogGroup`, {
              logGroupName: `/aws/vendedlogs/states/${stateMachineNameOf(workflow)}`,
              retention: RetentionDays.ONE_MONTH,
              removalPolicy,
            }),
            level: LogLevel.ALL,
            // Execution data holds applicants' personal data; the history keeps it, not the logs.
            includeExecutionData: false,
          },
          removalPolicy,
        });
        for (const [, fn] of tasks) fn.grantInvoke(stateMachine);
        if (hasDistributedMap(asl)) {
          this.withDistributedMap.add(workflow);
          // A Distributed Map runs its children as executions of this same state machine. Its ARN
          // is built from the name: a reference to the machine itself would be a dependency cycle.
          stateMachine.addToRolePolicy(
            new PolicyStatement({ actions: ['states:StartExecution'], resources: [workflowRefs[workflow].stateMachineArn] }),
          );
          stateMachine.addToRolePolicy(
            new PolicyStatement({
              actions: ['states:DescribeExecution', 'states:StopExecution'],
              resources: [
                this.formatArn({
                  service: 'states',
                  resource: 'execution',
                  resourceName: `${stateMachineNameOf(workflow)}/*`,
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              ],
            }),
          );
          // Redriving the parent redrives a failed Map Run: as CDK's DistributedMap grants it, on the
          // executions of each Map's label only (execution:<machine>/<label>:*).
          stateMachine.addToRolePolicy(
            new PolicyStatement({
              actions: ['states:RedriveExecution'],
              resources: distributedMapLabels(asl).map((label) =>
                this.formatArn({
                  service: 'states',
                  resource: 'execution',
                  resourceName: `${stateMachineNameOf(workflow)}/${label}:*`,
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              ),
            }),
          );
        }
        new CfnOutput(this, `${name}StateMachineArn`, { value: stateMachine.stateMachineArn });
        return [workflow, stateMachine];
      }),
    ) as Record<WorkflowName, StateMachine>;

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `${this.stackName}-api`,
      ...(props.corsOrigins?.length && {
        // Preflights are answered by API Gateway itself, before any authorizer or function.
        corsPreflight: {
          allowOrigins: [...props.corsOrigins],
          allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
          allowHeaders: ['content-type', 'authorization'],
          maxAge: Duration.days(1),
        },
      }),
    });
    // Staff sign-in: Cognito sends the browser back to the admin pages, wherever they are served.
    // The clients' callback URLs name the API, whose routes need the authorizer of those clients:
    // no cycle, as the API resource itself depends on neither (tests/infra/stack.test.ts checks it).
    this.signIn = new StaffSignIn(this, 'SignIn', {
      prod: props.stage === 'prod',
      removalPolicy,
      pageOrigins: [this.api.apiEndpoint, ...(props.publicBaseUrl ? [props.publicBaseUrl] : [])],
      domainPrefix: props.authDomainPrefix,
    });
    this.userPool = this.signIn.userPool;
    const adminAuthorizer = this.signIn.authorizer;

    // Access logs (cdk-nag AwsSolutions-APIG1) without personal data: the route key, not the path
    // (survey paths carry personal tokens), and no source IP. Throttling caps a runaway client.
    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy });
    const defaultStage = this.api.defaultStage!.node.defaultChild as CfnStage;
    defaultStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationLatency: '$context.integrationLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    defaultStage.defaultRouteSettings = { throttlingRateLimit: API_THROTTLE.rateLimit, throttlingBurstLimit: API_THROTTLE.burstLimit };
    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of ROUTES) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, this.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.auth === 'admin' && { authorizer: adminAuthorizer }),
      });
      if (route.throttle) {
        // RouteSettings is raw JSON in CloudFormation (a map by route key): CDK does not rename its fields.
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: route.throttle.rateLimit,
          ThrottlingBurstLimit: route.throttle.burstLimit,
        };
        // The stage's route settings name the route by its key: it must exist first.
        defaultStage.addResourceDependency(added!.node.defaultChild as CfnRoute);
      }
    }
    defaultStage.routeSettings = routeSettings;

    // The links in mails (survey pages, applications) lead to this API unless the deployment (or the pôle) has its own address.
    const publicBaseUrl = props.publicBaseUrl ?? this.api.apiEndpoint;
    for (const [fnId, spec] of entries<FunctionId, FunctionSpec>(FUNCTIONS)) {
      const fn = this.functions[fnId];
      if (spec.mails) fn.addEnvironment('PUBLIC_BASE_URL', publicBaseUrl);
      if (spec.signIn) for (const [name, value] of Object.entries(this.signIn.environment)) fn.addEnvironment(name, value);
    }

    // EventBridge Scheduler, in Europe/Paris time, from the same definition the embedded runtime uses.
    // The scheduled function is invoked asynchronously: once Lambda's own retries are spent, a failed
    // invocation lands in this queue (and so does one the scheduler could not deliver), which an alarm watches.
    this.scheduleFailures = new Queue(this, 'ScheduleFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const fnId of new Set(Object.values(SCHEDULES).map((s) => s.fn))) {
      this.functions[fnId].configureAsyncInvoke({
        onFailure: new SqsDestination(this.scheduleFailures),
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      });
    }
    for (const [scheduleId, spec] of Object.entries(SCHEDULES)) {
      for (const poleId of props.poles ?? DEFAULT_POLES) {
        new Schedule(this, `${scheduleId}-${poleId}`, {
          description: spec.description,
          schedule: ScheduleExpression.cron({
            minute: spec.cron.minute,
            hour: spec.cron.hour,
            day: spec.cron.dayOfMonth,
            month: spec.cron.month,
            timeZone: TimeZone.of(spec.timezone),
          }),
          target: new LambdaInvoke(this.functions[spec.fn], {
            input: ScheduleTargetInput.fromObject({ poleId }),
            deadLetterQueue: this.scheduleFailures,
            retryAttempts: 3,
          }),
        });
      }
    }

    this.acknowledgeNagFindings();

    this.monitoring = new PoleMonitoring(this, 'Monitoring', {
      stateMachines: this.stateMachines,
      api: this.api,
      alarmEmail: props.alarmEmail,
      dashboard: props.dashboard,
      alarms: props.alarms ?? props.stage === 'prod',
      scheduleFailures: this.scheduleFailures,
      budgetUsd: props.budgetUsd ?? (props.stage === 'prod' ? DEFAULT_BUDGET_USD : undefined),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AdminPageUrl', { value: `${this.api.apiEndpoint}/admin` });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    if (this.monitoring.dashboard) new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.signIn.webClient.userPoolClientId });
    new CfnOutput(this, 'UserPoolCliClientId', { value: this.signIn.cliClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomainUrl', { value: this.signIn.domain.baseUrl() });
  }

  /**
   * cdk-nag AwsSolutions findings this stack accepts, each on the narrowest construct that carries
   * it (a role, a route, the user pool) and with its reason. tests/infra/stack.test.ts runs the
   * checks and fails on any finding not acknowledged here.
   */
  private acknowledgeNagFindings(): void {
    const stateMachineName = (workflow: WorkflowName) => `${this.stackName}-${workflow}`;
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    // Literal when the region is known (the recommended feature flags resolve it), a token otherwise.
    const partition = Token.isUnresolved(this.partition) ? '<AWS::Partition>' : this.partition;
    const executionsOf = (workflow: WorkflowName) =>
      `AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:<AWS::AccountId>:execution:${stateMachineName(workflow)}:*]`;
    const invokeVersionsOf = (fn: PoleFunction) =>
      `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`;
    const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });

    for (const [fnId, spec] of entries<FunctionId, FunctionSpec>(FUNCTIONS)) {
      const role: IRole = this.functions[fnId].role!;
      ack(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        `X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource ARN (AWS requires "*")${spec.mails ? ', nor does ses:GetAccount (the sending rate the mail is paced to)' : ''}. The test checks no other action gets "*".`,
      );
      const executionScoped = new Set([...(spec.reads ?? []), ...(spec.redrives ?? []), ...(spec.stops ?? [])]);
      for (const workflow of executionScoped) {
        ack(
          role,
          executionsOf(workflow),
          `Execution ARNs are named at start time: reading, redriving or stopping executions of ${stateMachineName(workflow)} needs its execution:<name>:* ARN, scoped to that one state machine.`,
        );
      }
    }
    for (const [workflow, spec] of entries(WORKFLOWS)) {
      const role = this.stateMachines[workflow].role;
      ack(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing (xray:PutTraceSegments…) and CloudWatch Logs vended delivery (logs:CreateLogDelivery…, logs:DescribeLogGroups) accept no resource ARN: AWS requires "*".',
      );
      if (this.withDistributedMap.has(workflow)) {
        ack(
          role,
          `AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:<AWS::AccountId>:execution:${stateMachineName(workflow)}/*]`,
          `A Distributed Map's child executions are named by Step Functions (execution:<machine>/<map run>:<id>): describing and stopping them needs this pattern, scoped to ${stateMachineName(workflow)} itself.`,
        );
        for (const label of distributedMapLabels(readFileSync(repoPath(spec.file), 'utf8'))) {
          ack(
            role,
            `AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:<AWS::AccountId>:execution:${stateMachineName(workflow)}/${label}:*]`,
            `Redriving a failed Map Run of the Distributed Map labelled ${label}: its executions are execution:<machine>/${label}:<id>, the scope CDK's DistributedMap grants.`,
          );
        }
      }
      for (const fnId of spec.functions) {
        ack(
          role,
          invokeVersionsOf(this.functions[fnId]),
          `grantInvoke also allows the qualified ARNs (versions, aliases) of ${fnId}, one of this workflow's own tasks; no other function.`,
        );
      }
    }
    for (const schedulerRole of this.node.children.filter((c) => c.node.id.startsWith('SchedulerRoleForTarget-'))) {
      for (const spec of Object.values(SCHEDULES)) {
        ack(
          schedulerRole,
          invokeVersionsOf(this.functions[spec.fn]),
          `EventBridge Scheduler's role for ${spec.fn}: grantInvoke also allows that function's qualified ARNs (versions, aliases); no other function.`,
        );
      }
    }

    ack(
      this.scheduleFailures,
      'AwsSolutions-SQS3',
      'This queue is itself the dead letter queue: where the scheduled starts that failed (Lambda on-failure destination, the scheduler target) are kept 14 days, an alarm watching it.',
    );
    ack(
      this.userPool,
      'AwsSolutions-COG8',
      'No Plus feature plan (threat protection, billed per active user): a handful of invited admins, no self sign-up; kept on Essentials for the cost target (README § Cost).',
    );

    for (const route of ROUTES.filter((r) => r.auth === 'public')) {
      const construct = this.api.node.tryFindChild(`${route.method}--${route.path.replace(/^\//, '').replaceAll('/', '--')}`);
      if (!construct) throw new Error(`No route construct for public route ${route.method} ${route.path}`);
      ack(
        construct,
        'AwsSolutions-APIG4',
        PUBLIC_ROUTE_REASONS[route.fn] ?? `Public by design (functions/catalog.ts): ${route.method} ${route.path}.`,
      );
    }
  }

  /**
   * SES authorises a send against the verified identity (the address itself, or its domain) and,
   * when the mail names one, against the configuration set too.
   */
  private sendMailAs(address: string, configurationSet?: string): PolicyStatement {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    return new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        ...[address, domain].map((identity) => this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
        ...(configurationSet ? [this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet })] : []),
      ],
    });
  }
}
