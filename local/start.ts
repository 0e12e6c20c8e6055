import { resolve } from 'node:path';
import * as z from 'zod';
import { POLE_ID_PATTERN } from '../domain/ids.ts';
import { toFieldIssues } from '../domain/validation.ts';
import { buildBackOffice } from '../web/build.ts';
import { DEMO_ADMIN, DEMO_OPERATOR, REPO_ROOT, startRuntime } from './runtime.ts';
import { DEMO_POLE_ID } from './seed.ts';

/** One `poleId:token:subject` entry: a pôle id as the API takes it, a token of 12 characters or more, a subject. */
const ADMIN_TOKEN = `${POLE_ID_PATTERN.source.slice(1, -1)}:[^:,\\s]{12,}:[^:,\\s]+`;
/** One `token:subject` entry of a deployment operator. */
const OPERATOR_TOKEN = '[^:,\\s]{12,}:[^:,\\s]+';

/** `npm start`: the whole system on this machine, with demo data. Settings come from the environment. */
const settingsSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default(resolve(REPO_ROOT, '.data')),
  OUTBOX_DIR: z.string().min(1).default(resolve(REPO_ROOT, 'outbox')),
  TIME_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /** `poleId:token:subject` entries, comma-separated. */
  ADMIN_TOKENS: z
    .string()
    .regex(new RegExp(`^${ADMIN_TOKEN}(,${ADMIN_TOKEN})*$`), 'attendu : pole:jeton(12 caractères ou plus):sujet[,…]')
    .optional(),
  /** `token:subject` entries of deployment operators (they set pôles up), comma-separated. */
  OPERATOR_TOKENS: z
    .string()
    .regex(new RegExp(`^${OPERATOR_TOKEN}(,${OPERATOR_TOKEN})*$`), 'attendu : jeton(12 caractères ou plus):sujet[,…]')
    .optional(),
});

const parsed = settingsSchema.safeParse(process.env);
if (!parsed.success) {
  for (const issue of toFieldIssues(parsed.error.issues)) console.error(`Invalid setting ${issue.field} (${issue.rule}): ${issue.message}`);
  process.exit(2);
}
const settings = parsed.data;
const admins = settings.ADMIN_TOKENS
  ? settings.ADMIN_TOKENS.split(',').map((entry) => {
      const [poleId, token, subject] = entry.split(':') as [string, string, string];
      return { poleId, token, subject };
    })
  : [DEMO_ADMIN];
const operators = settings.OPERATOR_TOKENS
  ? settings.OPERATOR_TOKENS.split(',').map((entry) => {
      const [token, subject] = entry.split(':') as [string, string];
      return { token, subject };
    })
  : [DEMO_OPERATOR];

// The back-office served at /admin: built from web/ before the functions that serve it load.
await buildBackOffice();
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
// Files the store and the outbox create are the owner's alone (0600 in 0700 folders).
process.umask(0o077);
const runtime = await startRuntime({
  dataDir: settings.DATA_DIR,
  outboxDir: settings.OUTBOX_DIR,
  port: settings.PORT,
  timeScale: settings.TIME_SCALE,
  admins,
  operators,
});

console.log(`
Pôle workflows — embedded runtime
  API        ${runtime.url}
  data       ${settings.DATA_DIR} (delete it to start from scratch)
  outbox     ${settings.OUTBOX_DIR}
  time scale ${settings.TIME_SCALE}x
  demo pôle  ${DEMO_POLE_ID}
  admin      ${settings.ADMIN_TOKENS ? `${admins.length} token(s) set by ADMIN_TOKENS` : 'the demo token given in README.md (set ADMIN_TOKENS to replace it)'}
  operator   ${settings.OPERATOR_TOKENS ? `${operators.length} token(s) set by OPERATOR_TOKENS` : 'the demo operator token given in README.md (set OPERATOR_TOKENS to replace it); it sets pôles up: pole-admin pole setup'}
  pôles      ${[...new Set([DEMO_POLE_ID, ...admins.map((a) => a.poleId)])].join(', ')}
  resumed    ${runtime.resumed.length} interrupted execution(s)
Try the README's curl lines. Ctrl-C stops; waiting executions resume at the next start.`);

const shutdown = async () => {
  await runtime.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
