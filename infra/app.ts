import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildBackOffice } from '../web/build.ts';
import { type DeploymentSettings, readContext } from './context.ts';
import { PoleStack } from './stack.ts';

// The back-office's files, which the page and asset functions bundle: built before they are.
await buildBackOffice();

const app = new App();
// cdk-nag on every synth: an unacknowledged finding fails it (acknowledgements: PoleStack).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

// Every context value checked first, with the runtime's schemas: a bad one fails the synth, naming its key.
let settings: DeploymentSettings;
try {
  settings = readContext((key) => app.node.tryGetContext(key));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

new PoleStack(app, `PoleWorkflows-${settings.stage}`, {
  ...settings,
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.AWS_REGION ?? process.env.CDK_DEFAULT_REGION ?? 'eu-west-3',
  },
});
