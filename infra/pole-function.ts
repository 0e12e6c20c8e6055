import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionSpec } from '../functions/catalog.ts';
import { repoPath } from './paths.ts';

export interface PoleFunctionProps {
  /** Entry file exporting `handler`, relative to the repository root. */
  readonly entry: string;
  readonly environment?: Record<string, string>;
  /** What happens to the function's log group when the stack lets go of it. */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A Lambda function with the house defaults: Node.js on ARM64, an ESM bundle built by the local
 * esbuild with source maps, X-Ray tracing, Powertools settings and a log group with retention.
 */
export class PoleFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PoleFunctionProps) {
    // A sibling of the function: the log group must exist before `super()` can be handed it.
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: repoPath('.'),
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'pole-workflows',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        // The target follows the runtime (node24). Prefer packages' ESM builds: better tree shaking.
        mainFields: ['module', 'main'],
        // Some dependencies still call `require()`, which an ES module does not define.
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        minify: true,
        // Error names are what Step Functions' Retry/Catch match and what admins read: keep them.
        keepNames: true,
        logLevel: LogLevel.WARNING,
        sourceMap: true,
        // Stack traces need the mappings, not a second copy of the sources.
        sourcesContent: false,
        // Bundle the SDK: the functions run the exact, tested versions from package-lock.json, not the runtime's.
        bundleAwsSDK: true,
      },
    });
  }

  /** Names the table to the function (TABLE_NAME) and grants exactly the access it declares. */
  bindTable(table: ITable, access: FunctionSpec['table']): void {
    if (access === 'none') return;
    this.addEnvironment('TABLE_NAME', table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
  }
}
