import * as z from 'zod';
import { baseUrlSchema, emailAddressSchema } from '../domain/addresses.ts';
import { DISTRIBUTED_MAP_ABOVE } from '../domain/gtec/campaign.ts';
import { POLE_ID_PATTERN } from '../domain/ids.ts';
import { WORKFLOWS, type WorkflowName } from '../workflows/catalog.ts';

/**
 * The environment, read per concern: a function reads only the variables of the concerns it uses,
 * so a function that never mails does not need MAIL_FROM. Each getter validates its variables on
 * first use and keeps them. A missing or malformed variable is a fault of the deployment, not of
 * the caller: the getter throws a plain Error naming the variable, which the HTTP wrapper logs and
 * answers with a 500 that names nothing, and a task's execution fails with.
 */

/** The sender of every mail when MAIL_FROM is not set (the embedded runtime, the stack's default). */
export const DEFAULT_MAIL_FROM = 'ne-pas-repondre@pole-sud-aquitain.fr';

/** Where people reach the pages when PUBLIC_BASE_URL is not set: the embedded runtime's default address. */
export const DEFAULT_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

const resets: (() => void)[] = [];

/** A getter of one concern's settings: `schema` parses the environment once, `pick` shapes the result. */
function concern<S extends z.ZodType, R = z.output<S>>(name: string, schema: S, pick: (env: z.output<S>) => R = (env) => env as R) {
  let cached: { value: R } | undefined;
  resets.push(() => {
    cached = undefined;
  });
  return (): R => {
    if (!cached) {
      const parsed = schema.safeParse(process.env);
      if (!parsed.success) throw new Error(`Configuration (${name}) invalid: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
      cached = { value: pick(parsed.data) };
    }
    return cached.value;
  };
}

/** The table and how to reach it: TABLE_NAME, AWS_REGION, and DYNAMODB_ENDPOINT on the embedded runtime only (dynalite). */
export const tableConfig = concern(
  'table',
  z.object({
    TABLE_NAME: z.string().min(3),
    AWS_REGION: z.string().min(1).default('eu-west-3'),
    DYNAMODB_ENDPOINT: z.url().optional(),
  }),
);

/**
 * The sender of every mail (a verified SES identity in AWS), the optional SES configuration set,
 * and the pacing: MAIL_MAX_SEND_RATE (mails a second) overrides the rate read from SES's account
 * (locally: the outbox is paced only when it is set), shared among MAIL_CONCURRENT_SENDERS tasks
 * that may send at once (the campaign Map's MaxConcurrency).
 */
export const mailConfig = concern(
  'mail',
  z.object({
    MAIL_FROM: emailAddressSchema.default(DEFAULT_MAIL_FROM),
    SES_CONFIGURATION_SET: z.string().min(1).optional(),
    MAIL_MAX_SEND_RATE: z.coerce.number().positive().optional(),
    MAIL_CONCURRENT_SENDERS: z.coerce.number().int().min(1).default(2),
  }),
);

/**
 * Where people reach the pages (the links in mails), without a trailing slash: the deployment's
 * address (the stack's pole:publicBaseUrl, else the HTTP API's own URL); a pôle may have its own
 * (services/links.ts). The stack checks it with the same schema, https-only in prod.
 */
export const publicBaseUrl = concern(
  'public base URL',
  z.object({ PUBLIC_BASE_URL: baseUrlSchema({ loopback: true }).default(DEFAULT_PUBLIC_BASE_URL) }),
  (env) => env.PUBLIC_BASE_URL,
);

/**
 * Staff sign-in through Cognito's managed login (AWS only): the user pool domain's URL, the app
 * clients of the pages and of the command line, the user pool. Absent on the embedded runtime,
 * where staff present a configured token instead.
 */
export const signInConfig = concern(
  'sign-in',
  z.object({
    AUTH_DOMAIN_URL: baseUrlSchema({ loopback: true }).optional(),
    AUTH_WEB_CLIENT_ID: z.string().min(1).optional(),
    AUTH_CLI_CLIENT_ID: z.string().min(1).optional(),
    AUTH_USER_POOL_ID: z.string().min(1).optional(),
  }),
  (env) =>
    env.AUTH_DOMAIN_URL && env.AUTH_WEB_CLIENT_ID
      ? {
          domainUrl: env.AUTH_DOMAIN_URL,
          webClientId: env.AUTH_WEB_CLIENT_ID,
          ...(env.AUTH_CLI_CLIENT_ID && { cliClientId: env.AUTH_CLI_CLIENT_ID }),
          ...(env.AUTH_USER_POOL_ID && { userPoolId: env.AUTH_USER_POOL_ID }),
        }
      : undefined,
);

/**
 * The pôles this deployment serves (`POLE_IDS`, comma-separated: `-c pole:poles` in AWS, the admins'
 * pôles locally), which the home page lists or leads to.
 */
export const servedPoles = concern(
  'served pôles',
  z.object({
    POLE_IDS: z
      .string()
      .default('')
      .transform((ids) =>
        ids
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(POLE_ID_PATTERN))),
  }),
  (env) => env.POLE_IDS,
);

/** Campaigns with more targets than this send their pages through a Distributed Map (domain/gtec/campaign.ts). */
export const distributedMapAbove = concern(
  'distributed map threshold',
  z.object({ DISTRIBUTED_MAP_ABOVE: z.coerce.number().int().min(0).default(DISTRIBUTED_MAP_ABOVE) }),
  (env) => env.DISTRIBUTED_MAP_ABOVE,
);

const stateMachineArns = Object.fromEntries(
  Object.entries(WORKFLOWS).map(([workflow, { arnEnv }]) => [
    workflow,
    concern(`state machine ${workflow}`, z.object({ [arnEnv]: z.string().startsWith('arn:') }), (env) => env[arnEnv] as string),
  ]),
) as Record<WorkflowName, () => string>;

/** The ARN of a workflow's state machine (AWS only: the stack gives it to the functions that start or read it). */
export const stateMachineArn = (workflow: WorkflowName): string => stateMachineArns[workflow]();

/** Forgets every concern read so far (the embedded runtime and tests set the environment first). */
export function resetConfig(): void {
  for (const reset of resets) reset();
}
