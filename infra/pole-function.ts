import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type FunctionSpec, tableActions } from '../functions/catalog.ts';
import { BASE_ENVIRONMENT, BUNDLE_OPTIONS, LAMBDA_RUNTIME_NAME } from './bundling.ts';
import { repoPath } from './paths.ts';

export interface PoleFunctionProps {
  /** Entry file exporting `handler`, relative to the repository root. */
  readonly entry: string;
  readonly environment?: Record<string, string>;
  /** What happens to the function's log group when the stack lets go of it. */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Concurrent executions reserved for it (a cap, for the public routes' functions); none when unset. */
  readonly reservedConcurrency?: number;
}

/** The Lambda runtime of LAMBDA_RUNTIME_NAME, as aws-cdk-lib knows it. */
function lambdaRuntime(): Runtime {
  const runtime = Runtime.ALL.find((r) => r.name === LAMBDA_RUNTIME_NAME);
  if (!runtime) throw new Error(`aws-cdk-lib does not know the Lambda runtime ${LAMBDA_RUNTIME_NAME} (infra/bundling.ts)`);
  return runtime;
}

/**
 * A Lambda function with the house defaults: Node.js on ARM64, an ESM bundle built by the local
 * esbuild with BUNDLE_OPTIONS, X-Ray tracing, Powertools settings and a log group with retention.
 * Its role is its own, with an inline policy that writes to its own log group only, instead of the
 * managed AWSLambdaBasicExecutionRole (logs on every log group of the account).
 */
export class PoleFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PoleFunctionProps) {
    // Siblings of the function: the log group and the role must exist before `super()` can be handed them.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    // The log group exists (the stack creates it): streams and events only, in that group only.
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    super(scope, id, {
      role,
      ...(props.reservedConcurrency !== undefined && { reservedConcurrentExecutions: props.reservedConcurrency }),
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: repoPath('.'),
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: lambdaRuntime(),
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: { ...BASE_ENVIRONMENT, ...props.environment },
      // BUNDLE_OPTIONS in NodejsFunction's words (it always bundles, for platform node).
      bundling: {
        format: BUNDLE_OPTIONS.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        target: BUNDLE_OPTIONS.target,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner.js,
        minify: BUNDLE_OPTIONS.minify,
        keepNames: BUNDLE_OPTIONS.keepNames,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        sourcesContent: BUNDLE_OPTIONS.sourcesContent,
        logLevel: LogLevel.WARNING,
        // Bundle the SDK (esbuild's default): the functions run the exact, tested versions from package-lock.json, not the runtime's.
        bundleAwsSDK: true,
      },
    });
  }

  /** Names the table to the function (TABLE_NAME) and grants exactly the actions its catalog entry declares (tableActions). */
  bindTable(table: ITable, spec: Pick<FunctionSpec, 'table' | 'deletes'>): void {
    const actions = tableActions(spec);
    if (actions.length === 0) return;
    this.addEnvironment('TABLE_NAME', table.tableName);
    table.grant(this, ...actions);
  }
}
