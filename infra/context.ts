import * as z from 'zod';
import { baseUrlSchema, emailAddressSchema, originSchema } from '../domain/addresses.ts';
import { poleIdSchema } from '../domain/ids.ts';
import '../domain/validation.ts'; // zod's French messages

/**
 * The deployment's settings, read from the CDK context (`-c pole:<key>=…` or cdk.json) and
 * checked at synth with the runtime's own schemas (domain/ids.ts, domain/addresses.ts): a value
 * the functions would refuse at run time fails `cdk synth`, naming its key, instead of becoming a
 * deployed stack whose every route answers an error.
 */

export const STAGES = ['dev', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const DEFAULT_POLES = ['pole-sud-aquitain'] as const;

/** Context values come as strings from `-c`, as JSON values from cdk.json. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  message: 'true ou false attendu.',
});

/** A comma-separated list (or a JSON array), each item checked by `item`, none twice. */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())], { message: 'Liste attendue, séparée par des virgules.' })
    .transform((value) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value))
    .pipe(
      z
        .array(item)
        .min(1)
        .refine((items) => new Set(items).size === items.length, { params: { rule: 'unique' }, message: 'Une valeur y figure deux fois.' }),
    );

/** A whole number of at least 1 (concurrency, budget in USD): a JSON number or a string of one. */
const count = z.coerce.number({ message: 'Nombre attendu.' }).int({ message: 'Nombre entier attendu.' }).min(1, { message: 'Au moins 1.' });

/** A Cognito user pool domain prefix: lowercase letters, digits and dashes, without the words Cognito refuses. */
const domainPrefixSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'Minuscules, chiffres et tirets (63 caractères au plus).' })
  .refine((prefix) => !/aws|amazon|cognito/.test(prefix), { message: 'Cognito refuse les mots aws, amazon et cognito dans un préfixe.' });

/** Every context key the app reads, with its schema; `stage` decides what prod requires. */
const contextSchema = (stage: Stage) =>
  z.object({
    'pole:poles': list(poleIdSchema).default([...DEFAULT_POLES]),
    'pole:mailFrom': emailAddressSchema.optional(),
    'pole:publicBaseUrl': baseUrlSchema({ loopback: false }).optional(),
    'pole:alarmEmail': emailAddressSchema.optional(),
    'pole:sesConfigurationSet': z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Nom de configuration set SES attendu (lettres, chiffres, - et _, 64 au plus).' })
      .optional(),
    'pole:dashboard': flag.default(false),
    'pole:corsOrigins': list(originSchema({ loopback: stage === 'dev' })).optional(),
    'pole:authDomainPrefix': domainPrefixSchema.optional(),
    'pole:publicConcurrency': count.optional(),
    'pole:budgetUsd': count.optional(),
    'pole:alarms': flag.optional(),
  });

/** What prod requires on top: links in mails must lead to an address chosen for the pôle, never a default. */
const prodRules = (context: Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (context['pole:publicBaseUrl'] === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['pole:publicBaseUrl'],
      params: { rule: 'required' },
      message: 'Obligatoire en prod : l’adresse https du site déployé, où mènent les liens des mails (jamais localhost).',
    });
};

/** What the app builds the stack from. */
export interface DeploymentSettings {
  stage: Stage;
  poles: string[];
  mailFrom?: string;
  publicBaseUrl?: string;
  alarmEmail?: string;
  sesConfigurationSet?: string;
  dashboard: boolean;
  corsOrigins: string[];
  authDomainPrefix?: string;
  /** Concurrency reserved per public route's function; none by default (README § Guard rails). */
  publicConcurrency?: number;
  /** Monthly cost budget in USD (prod: 5 by default). */
  budgetUsd?: number;
  /** CloudWatch alarms: on by default in prod, off in dev. */
  alarms?: boolean;
}

/** Every context key this app reads. */
export const CONTEXT_KEYS = ['pole:env', ...Object.keys(contextSchema('dev').shape)] as const;

const shown = (value: unknown): string => (value === undefined ? 'absente' : JSON.stringify(value));

/**
 * Reads and checks every `pole:*` context value (`get` is the app's tryGetContext). Throws one
 * error listing each bad key, its rule and the value it got; an empty string counts as unset.
 */
export function readContext(get: (key: string) => unknown): DeploymentSettings {
  const raw = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, get(key)]).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const stage = z.enum(STAGES).default('dev').safeParse(raw['pole:env']);
  if (!stage.success) throw contextError([{ key: 'pole:env', message: `${STAGES.join(' ou ')} attendu.`, value: raw['pole:env'] }]);
  const schema = stage.data === 'prod' ? contextSchema('prod').superRefine(prodRules) : contextSchema('dev');
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw contextError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        const item = typeof issue.path[1] === 'number' ? ` (élément ${issue.path[1] + 1})` : '';
        return { key: `${key}${item}`, message: issue.message, value: item ? issue.input : raw[key] };
      }),
    );
  }
  const c = parsed.data;
  return {
    stage: stage.data,
    poles: c['pole:poles'],
    dashboard: c['pole:dashboard'],
    corsOrigins: c['pole:corsOrigins'] ?? [],
    ...(c['pole:mailFrom'] && { mailFrom: c['pole:mailFrom'] }),
    ...(c['pole:publicBaseUrl'] && { publicBaseUrl: c['pole:publicBaseUrl'] }),
    ...(c['pole:alarmEmail'] && { alarmEmail: c['pole:alarmEmail'] }),
    ...(c['pole:sesConfigurationSet'] && { sesConfigurationSet: c['pole:sesConfigurationSet'] }),
    ...(c['pole:authDomainPrefix'] && { authDomainPrefix: c['pole:authDomainPrefix'] }),
    ...(c['pole:publicConcurrency'] !== undefined && { publicConcurrency: c['pole:publicConcurrency'] }),
    ...(c['pole:budgetUsd'] !== undefined && { budgetUsd: c['pole:budgetUsd'] }),
    ...(c['pole:alarms'] !== undefined && { alarms: c['pole:alarms'] }),
  };
}

function contextError(problems: { key: string; message: string; value: unknown }[]): Error {
  const lines = problems.map((p) => `  - ${p.key} : ${p.message} (valeur : ${shown(p.value)})`);
  return new Error(`Contexte CDK invalide, rien n’est synthétisé :\n${lines.join('\n')}`);
}
