import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { repoPath } from './paths.ts';

/**
 * The context `cdk synth` reads from cdk.json: the feature flags aws-cdk-lib recommends for a new
 * project (`CURRENTLY_RECOMMENDED_FLAGS` of aws-cdk-lib/cx-api, pinned there so that an upgrade
 * changes nothing by itself) and the project's defaults.
 */
export const CDK_JSON_CONTEXT = (JSON.parse(readFileSync(repoPath('cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** An App with cdk.json's context, as `cdk synth` builds it, plus `context`: what tests and benches synthesize. */
export const newApp = (context: Record<string, unknown> = {}): App => new App({ context: { ...CDK_JSON_CONTEXT, ...context } });
