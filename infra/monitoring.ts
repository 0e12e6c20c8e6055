import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

export interface PoleMonitoringProps {
  readonly stateMachines: Readonly<Record<string, IStateMachine>>;
  /** The HTTP API: its handlers answer errors as 5xx responses, which Lambda does not count as errors. */
  readonly api: IHttpApi;
  /** Who receives the alarms by mail (SNS asks them to confirm first); none: the topic only. */
  readonly alarmEmail?: string;
  /** Adds the CloudWatch dashboard (3 USD a month outside CloudWatch's always-free 3 dashboards). */
  readonly dashboard?: boolean;
  /** The alarms (each billed metric 0.10 USD a month): off, only the topic (and the budget) remain. */
  readonly alarms?: boolean;
  /** Where the scheduled starts' failed invocations land: any message there is an alarm. */
  readonly scheduleFailures?: IQueue;
  /** A monthly cost budget on the account (AWS Budgets), alerting the topic at 80 % spent and at 100 % forecast. */
  readonly budgetUsd?: number;
}

/** SES's account-wide reputation: AWS reviews an account from 5 % bounces or 0.1 % complaints (and may pause it at 10 % and 0.5 %). */
export const SES_REPUTATION_ALARMS = { bounceRate: 0.05, complaintRate: 0.001 } as const;

/** Lambda's metrics for every function of the region, without a dimension: one metric, not one per function. */
export const lambdaMetric = (metricName: 'Errors' | 'Throttles' | 'Duration' | 'Invocations', statistic = 'Sum') =>
  new Metric({ namespace: 'AWS/Lambda', metricName, statistic, period: PERIOD });

/**
 * The operators' view in AWS (docs/back-office.md#alarms-and-dashboard-aws): alarms that mail an SNS topic, and one dashboard on
 * request. CloudWatch bills every metric an alarm watches, so the alarms stay lean: one per state
 * machine (failed + timed-out executions), one on the errors and one on the throttles of the
 * region's Lambda functions (the stack is meant to have its account to itself; elsewhere other
 * functions would raise them too), one on the HTTP API's 5xx answers, which the handlers return
 * themselves — 9 billed metrics. The dashboard (23 metrics) is opt-in: at 3 USD a month outside
 * the free tier it would cost more than the whole workload, and the staff's everyday view of the
 * executions is the admin page.
 */
export class PoleMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard?: Dashboard;

  constructor(scope: Construct, id: string, props: PoleMonitoringProps) {
    super(scope, id);
    if (props.alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.alarmEmail)) {
      throw new Error(`Context pole:alarmEmail must be an email address; got ${JSON.stringify(props.alarmEmail)}`);
    }
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Alertes des workflows du pôle', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const workflows = Object.entries(props.stateMachines);
    if (props.alarms ?? true) {
      // Failed only: no state machine sets an execution TimeoutSeconds, so none can end TIMED_OUT.
      for (const [workflow, stateMachine] of workflows) {
        this.alarm(`${workflow}-failed`, `${workflow} : exécutions en échec`, { failed: stateMachine.metricFailed({ period: PERIOD }) });
      }
      this.alarm('lambda-errors', 'erreurs des fonctions Lambda', { errors: lambdaMetric('Errors') });
      this.alarm('lambda-throttles', 'limitations (throttles) des fonctions Lambda', { throttles: lambdaMetric('Throttles') });
      this.alarm('api-5xx', 'réponses 5xx de l’API HTTP', { errors: props.api.metricServerError({ period: PERIOD }) });
      if (props.scheduleFailures) {
        this.alarm('schedule-failures', 'démarrages planifiés en échec (file ScheduleFailures)', {
          failed: props.scheduleFailures.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        });
      }
      // SES's reputation metrics, account-wide, published about hourly.
      const reputation = (metricName: string) =>
        new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
      this.alarm(
        'ses-bounce-rate',
        `taux de rebond des courriels (SES) d’au moins ${SES_REPUTATION_ALARMS.bounceRate * 100} %`,
        { rate: reputation('Reputation.BounceRate') },
        { threshold: SES_REPUTATION_ALARMS.bounceRate, period: Duration.hours(1) },
      );
      this.alarm(
        'ses-complaint-rate',
        `taux de plaintes des courriels (SES) d’au moins ${SES_REPUTATION_ALARMS.complaintRate * 100} %`,
        { rate: reputation('Reputation.ComplaintRate') },
        { threshold: SES_REPUTATION_ALARMS.complaintRate, period: Duration.hours(1) },
      );
    }
    if (props.budgetUsd !== undefined) this.addBudget(props.budgetUsd);

    if (props.dashboard) this.dashboard = this.addDashboard(workflows, props.api);
  }

  private addDashboard(workflows: [string, IStateMachine][], api: IHttpApi): Dashboard {
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-supervision`,
      defaultInterval: Duration.days(7),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# Workflows du pôle\nExécutions par workflow, erreurs et limitations des fonctions. Le détail de chaque exécution est sur la page `/admin` de l’API.',
        width: 12,
        height: 4,
      }),
      new AlarmStatusWidget({ title: 'Alarmes', alarms: this.alarms, width: 12, height: 4 }),
    );
    dashboard.addWidgets(
      ...workflows.map(
        ([workflow, sm]) =>
          new GraphWidget({
            title: `${workflow} — exécutions`,
            left: [sm.metricStarted(), sm.metricSucceeded(), sm.metricFailed(), sm.metricTimedOut(), sm.metricAborted()].map((m) =>
              m.with({ period: Duration.hours(1) }),
            ),
            width: 24 / Math.min(workflows.length, 3),
          }),
      ),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Lambda — appels, erreurs, limitations',
        left: [lambdaMetric('Invocations'), lambdaMetric('Errors'), lambdaMetric('Throttles')],
        width: 12,
      }),
      new GraphWidget({ title: 'Lambda — durée (p95)', left: [lambdaMetric('Duration', 'p95')], width: 12 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API HTTP — requêtes et erreurs',
        left: [api.metricCount({ period: PERIOD }), api.metricClientError({ period: PERIOD }), api.metricServerError({ period: PERIOD })],
        width: 12,
      }),
      new GraphWidget({ title: 'API HTTP — latence (p95)', left: [api.metricLatency({ period: PERIOD, statistic: 'p95' })], width: 12 }),
    );
    return dashboard;
  }

  /**
   * A monthly cost budget on the account (free: AWS Budgets bills only action-enabled budgets beyond
   * the first two): the topic hears of 80 % actually spent and of 100 % forecast.
   */
  private addBudget(usd: number): void {
    if (!(usd > 0)) throw new Error(`Context pole:budgetUsd must be a positive amount of USD; got ${JSON.stringify(usd)}`);
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    const alert = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number) => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers: [{ subscriptionType: 'SNS', address: this.topic.topicArn }],
    });
    new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: `${stack.stackName}-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: usd, unit: 'USD' },
      },
      notificationsWithSubscribers: [alert('ACTUAL', 80), alert('FORECASTED', 100)],
    });
  }

  /** One alarm on the sum of `metrics` over 5 minutes (by default): reaching `threshold` mails the topic, and so does the return to OK. */
  private alarm(
    id: string,
    description: string,
    metrics: Record<string, IMetric>,
    { threshold = 1, period = PERIOD }: { threshold?: number; period?: Duration } = {},
  ): void {
    const sum = Object.keys(metrics)
      .map((name) => `FILL(${name}, 0)`)
      .join(' + ');
    const alarm = new Alarm(this, id, {
      alarmDescription: `Pôle workflows — ${description}`,
      metric: new MathExpression({ expression: sum, usingMetrics: metrics, period, label: description }),
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
