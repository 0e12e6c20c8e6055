import { readFileSync } from 'node:fs';
import { CfnOutput, RemovalPolicy, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FeaturePlan, StringAttribute, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType, type IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { FUNCTIONS, ROUTES, SCHEDULES, type FunctionId, type FunctionSpec } from '../functions/catalog.ts';
import { TABLE_SHAPE } from '../store/table.ts';
import { WORKFLOWS, WORKFLOW_NAMES, placeholderOf, placeholdersIn, type WorkflowName } from '../workflows/catalog.ts';
import { repoPath } from './paths.ts';
import { PoleMonitoring } from './monitoring.ts';
import { PoleFunction } from './pole-function.ts';

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];
export const isStage = (value: unknown): value is Stage => STAGES.includes(value as Stage);

export const DEFAULT_MAIL_FROM = 'ne-pas-repondre@pole-sud-aquitain.fr';

export interface PoleStackProps extends StackProps {
  readonly stage: Stage;
  /** Sender of every mail; SES must have it (or its domain) verified. */
  readonly mailFrom?: string;
  /** Where people reach the pages (links in mails); the functions' own default otherwise. */
  readonly publicBaseUrl?: string;
  /** The pôles this deployment serves: each gets its own scheduled starts. */
  readonly poles?: readonly string[];
  /** Who receives the CloudWatch alarms by mail (context `pole:alarmEmail`); none: the SNS topic only. */
  readonly alarmEmail?: string;
}

const pascalCase = (name: string): string => name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, _sep, c: string) => c.toUpperCase());

const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/** The whole backend: table, functions, workflows and the HTTP API, all read from the catalogs. */
export class PoleStack extends Stack {
  readonly table: TableV2;
  readonly functions: Record<FunctionId, PoleFunction>;
  readonly stateMachines: Record<WorkflowName, StateMachine>;
  readonly api: HttpApi;
  readonly userPool: UserPool;
  readonly monitoring: PoleMonitoring;

  constructor(scope: Construct, id: string, props: PoleStackProps) {
    super(scope, id, props);
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
      WORKFLOW_NAMES.map((workflow) => [workflow, StateMachine.fromStateMachineName(this, `${pascalCase(workflow)}Ref`, stateMachineNameOf(workflow))]),
    ) as Record<WorkflowName, IStateMachine>;

    const sharedEnvironment: Record<string, string> = {
      MAIL_FROM: mailFrom,
      ...(props.publicBaseUrl && { PUBLIC_BASE_URL: props.publicBaseUrl }),
    };
    this.functions = Object.fromEntries(
      entries<FunctionId, FunctionSpec>(FUNCTIONS).map(([fnId, spec]) => {
        const fn = new PoleFunction(this, fnId, { entry: spec.entry, environment: sharedEnvironment, logRemovalPolicy: removalPolicy });
        fn.bindTable(this.table, spec.table);
        for (const workflow of workflowsIn(spec.starts)) {
          fn.addEnvironment(WORKFLOWS[workflow].arnEnv, workflowRefs[workflow].stateMachineArn);
          workflowRefs[workflow].grantStartExecution(fn);
        }
        for (const workflow of workflowsIn(spec.callsBack)) workflowRefs[workflow].grantTaskResponse(fn);
        for (const workflow of workflowsIn(spec.reads)) {
          fn.addEnvironment(WORKFLOWS[workflow].arnEnv, workflowRefs[workflow].stateMachineArn);
          workflowRefs[workflow].grantRead(fn);
        }
        for (const workflow of workflowsIn(spec.redrives)) workflowRefs[workflow].grantExecution(fn, 'states:RedriveExecution');
        for (const workflow of workflowsIn(spec.stops)) workflowRefs[workflow].grantExecution(fn, 'states:StopExecution');
        if (spec.mails) fn.addToRolePolicy(this.sendMailAs(mailFrom));
        return [fnId, fn];
      }),
    ) as Record<FunctionId, PoleFunction>;

    this.stateMachines = Object.fromEntries(
      entries(WORKFLOWS).map(([workflow, spec]) => {
        const asl = readFileSync(repoPath(spec.file), 'utf8');
        const tasks = spec.functions.map((fnId) => [fnId, this.functionOf(fnId)] as const);
        const definitionSubstitutions = Object.fromEntries(tasks.map(([fnId, fn]) => [placeholderOf(fnId), fn.functionArn]));
        const unfilled = placeholdersIn(asl).filter((placeholder) => !(placeholder in definitionSubstitutions));
        if (unfilled.length > 0) throw new Error(`${spec.file}: no value for ${unfilled.map((p) => `\${${p}}`).join(', ')} (workflows/catalog.ts)`);

        const name = pascalCase(workflow);
        const stateMachine = new StateMachine(this, `${name}StateMachine`, {
          stateMachineName: stateMachineNameOf(workflow),
          stateMachineType: StateMachineType.STANDARD,
          definitionBody: DefinitionBody.fromString(asl),
          definitionSubstitutions,
          tracingEnabled: true,
          logs: {
            destination: new LogGroup(this, `${name}StateMachineLogGroup`, { retention: RetentionDays.ONE_MONTH, removalPolicy }),
            level: LogLevel.ALL,
            // Execution data holds applicants' personal data; the history keeps it, not the logs.
            includeExecutionData: false,
          },
          removalPolicy,
        });
        for (const [, fn] of tasks) fn.grantInvoke(stateMachine);
        new CfnOutput(this, `${name}StateMachineArn`, { value: stateMachine.stateMachineArn });
        return [workflow, stateMachine];
      }),
    ) as Record<WorkflowName, StateMachine>;

    this.userPool = new UserPool(this, 'AdminUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: { pole: new StringAttribute({ mutable: false }) },
      // No threat protection (that is the PLUS plan): a handful of admins, invited by hand.
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy,
    });
    const adminClient = this.userPool.addClient('AdminClient', { authFlows: { userSrp: true }, generateSecret: false });
    // Admins present their ID token: it carries the `custom:pole` and `email` claims handlers read.
    const adminAuthorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', this.userPool, { userPoolClients: [adminClient] });

    this.api = new HttpApi(this, 'HttpApi', { apiName: `${this.stackName}-api` });
    const integrations = new Map<FunctionId, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, this.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.auth === 'admin' && { authorizer: adminAuthorizer }),
      });
    }

    // EventBridge Scheduler, in Europe/Paris time, from the same definition the embedded runtime uses.
    for (const [scheduleId, spec] of Object.entries(SCHEDULES)) {
      for (const poleId of props.poles ?? ['pole-sud-aquitain']) {
        new Schedule(this, `${scheduleId}-${poleId}`, {
          description: spec.description,
          schedule: ScheduleExpression.cron({ minute: spec.cron.minute, hour: spec.cron.hour, day: spec.cron.dayOfMonth, month: spec.cron.month, timeZone: TimeZone.of(spec.timezone) }),
          target: new LambdaInvoke(this.functions[spec.fn], { input: ScheduleTargetInput.fromObject({ poleId }) }),
        });
      }
    }

    this.monitoring = new PoleMonitoring(this, 'Monitoring', { functions: this.functions, stateMachines: this.stateMachines, api: this.api, alarmEmail: props.alarmEmail });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'AdminPageUrl', { value: `${this.api.apiEndpoint}/admin` });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: adminClient.userPoolClientId });
  }

  private functionOf(fnId: string): PoleFunction {
    const fn = (this.functions as Record<string, PoleFunction | undefined>)[fnId];
    if (!fn) throw new Error(`workflows/catalog.ts names function "${fnId}", which functions/catalog.ts does not define`);
    return fn;
  }

  /** SES authorises a send against the verified identity: the address itself, or its domain. */
  private sendMailAs(address: string): PolicyStatement {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    return new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [address, domain].map((identity) => this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
    });
  }
}

function workflowsIn(names: readonly string[] | undefined): WorkflowName[] {
  return (names ?? []).map((name) => {
    if (!(name in WORKFLOWS)) throw new Error(`functions/catalog.ts names workflow "${name}", which workflows/catalog.ts does not define`);
    return name as WorkflowName;
  });
}
