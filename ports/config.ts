import * as z from 'zod';
import { DISTRIBUTED_MAP_ABOVE } from '../domain/gtec/campaign.ts';
import { parseOrThrow } from '../domain/validation.ts';

/**
 * The environment every function reads, validated once. A missing or malformed
 * variable fails the cold start loudly, naming the variable, instead of failing later mid-request.
 */
const envSchema = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('eu-west-3'),
  /** Only set on the embedded runtime: dynalite's loopback address. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  MAIL_FROM: z.email().default('ne-pas-repondre@pole-sud-aquitain.fr'),
  /** Where people reach the pages (links in mails). */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  MEMBER_ONBOARDING_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  QUARTERLY_RECONCILIATION_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  GTEC_CAMPAIGN_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  /** Campaigns with more targets than this send their pages through a Distributed Map (domain/gtec/campaign.ts). */
  DISTRIBUTED_MAP_ABOVE: z.coerce.number().int().min(0).default(DISTRIBUTED_MAP_ABOVE),
  /** Optional SES configuration set (AWS only). */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
});

export type Config = z.output<typeof envSchema>;

let cached: Config | undefined;

/** The validated configuration; read from the environment on first use. */
export function config(): Config {
  cached ??= parseOrThrow(envSchema, process.env, ['env']);
  return cached;
}

/** Forgets the cached configuration (the embedded runtime and tests set the environment first). */
export function resetConfig(): void {
  cached = undefined;
}
