import { App } from 'aws-cdk-lib';
import { PoleStack, STAGES, isStage } from './stack.ts';

const app = new App();

const stage: unknown = app.node.tryGetContext('pole:env') ?? 'dev';
if (!isStage(stage)) throw new Error(`Context pole:env must be one of ${STAGES.join(', ')}; got ${JSON.stringify(stage)}`);

new PoleStack(app, `PoleWorkflows-${stage}`, {
  stage,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.AWS_REGION ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-3',
  },
  mailFrom: app.node.tryGetContext('pole:mailFrom'),
  publicBaseUrl: app.node.tryGetContext('pole:publicBaseUrl'),
  alarmEmail: app.node.tryGetContext('pole:alarmEmail'),
});
