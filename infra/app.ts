import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildBackOffice } from '../web/build.ts';
import { isStage, PoleStack, parseFlag, parseNumber, parseOrigins, parsePoles, STAGES } from './stack.ts';

// The back-office's files, which the page and asset functions bundle: built before they are.
await buildBackOffice();

const app = new App();
// cdk-nag on every synth: an unacknowledged finding fails it (acknowledgements: PoleStack).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const stage: unknown = app.node.tryGetContext('pole:env') ?? 'dev';
if (!isStage(stage)) throw new Error(`Context pole:env must be one of ${STAGES.join(', ')}; got ${JSON.stringify(stage)}`);

new PoleStack(app, `PoleWorkflows-${stage}`, {
  stage,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.AWS_REGION ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-3',
  },
  poles: parsePoles(app.node.tryGetContext('pole:poles')),
  mailFrom: app.node.tryGetContext('pole:mailFrom'),
  publicBaseUrl: app.node.tryGetContext('pole:publicBaseUrl'),
  alarmEmail: app.node.tryGetContext('pole:alarmEmail'),
  sesConfigurationSet: app.node.tryGetContext('pole:sesConfigurationSet'),
  dashboard: parseFlag('pole:dashboard', app.node.tryGetContext('pole:dashboard')),
  corsOrigins: parseOrigins(app.node.tryGetContext('pole:corsOrigins'), stage),
  publicConcurrency: parseNumber('pole:publicConcurrency', app.node.tryGetContext('pole:publicConcurrency')),
  budgetUsd: parseNumber('pole:budgetUsd', app.node.tryGetContext('pole:budgetUsd')),
  ...(app.node.tryGetContext('pole:alarms') !== undefined && { alarms: parseFlag('pole:alarms', app.node.tryGetContext('pole:alarms')) }),
});
