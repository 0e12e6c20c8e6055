import { parseArgs } from 'node:util';
import { EXECUTION_STATUS_LABELS, EXECUTION_STATUSES } from '../domain/executions.ts';
import { DEFAULT_PUBLIC_BASE_URL } from '../ports/config.ts';
import { WORKFLOW_NAMES } from '../workflows/names.ts';
import { AdminClient, ApiError, CliError, EXIT } from './client.ts';
import { type Command, type Io, type OptionSpec, type OptionValues, progressFor, usage } from './command.ts';
import { CAMPAIGN_COMMANDS } from './commands/campaigns.ts';
import { CLAIM_COMMANDS } from './commands/claims.ts';
import { DAY_ONE_COMMANDS } from './commands/day-one.ts';
import { EXECUTION_COMMANDS, lowerFirst } from './commands/executions.ts';
import { MEMBER_COMMANDS } from './commands/members.ts';
import { QUARTER_COMMANDS } from './commands/quarters.ts';
import { issuesReport } from './format.ts';
import { SessionCache } from './oauth.ts';
import { tokenFor } from './sign-in.ts';

export type { Io } from './command.ts';

/** Every command, in the order the help lists them (docs/back-office.md#command-line). */
export const COMMANDS: readonly Command[] = [
  ...DAY_ONE_COMMANDS,
  ...EXECUTION_COMMANDS,
  ...MEMBER_COMMANDS,
  ...CLAIM_COMMANDS,
  ...QUARTER_COMMANDS,
  ...CAMPAIGN_COMMANDS,
];

/** What every command takes. */
const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec & { short?: string }>> = {
  url: { type: 'string', value: 'URL', help: `adresse de l’API (ou POLE_API_URL ; par défaut ${DEFAULT_PUBLIC_BASE_URL})` },
  token: { type: 'string', value: 'JETON', help: 'jeton (ou POLE_ADMIN_TOKEN) ; sinon celui de la session ouverte par pole-admin login' },
  json: { type: 'boolean', help: 'affiche la réponse JSON de l’API telle quelle, sans barre de progression' },
  help: { type: 'boolean', short: 'h', help: 'cette aide (pole-admin <commande> --help : celle de la commande)' },
};

const defaultIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  ...(process.stderr.isTTY && { progress: process.stderr }),
};

const synopsis = (c: Command): string => [`pole-admin ${c.name}`, ...c.args].join(' ');

const optionLine = (name: string, o: OptionSpec): string => `--${name}${o.value ? ` ${o.value}` : ''}`;

function columns(rows: readonly [string, string][], width = Math.max(...rows.map(([left]) => left.length)) + 2): string[] {
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

function help(): string {
  const groups = [...new Set(COMMANDS.map((c) => c.group))];
  const usageOf = (c: Command) => [c.name, ...c.args].join(' ');
  const width = Math.max(...COMMANDS.map((c) => usageOf(c).length)) + 2;
  return [
    'pole-admin — l’administration du pôle en ligne de commande (la même API que la page d’administration)',
    '',
    'Usage : pole-admin <commande> [arguments] [options]',
    ...groups.flatMap((group) => [
      '',
      group,
      ...columns(
        COMMANDS.filter((c) => c.group === group).map((c) => [usageOf(c), c.summary]),
        width,
      ),
    ]),
    '',
    'Options de toutes les commandes',
    ...columns(Object.entries(GLOBAL_OPTIONS).map(([name, o]) => [optionLine(name, o), o.help])),
    '',
    'pole-admin <commande> --help détaille les options de chaque commande.',
    `Workflows : ${WORKFLOW_NAMES.join(', ')}.`,
    `Statuts : ${EXECUTION_STATUSES.map((s) => `${s} (${lowerFirst(EXECUTION_STATUS_LABELS[s])})`).join(', ')}.`,
    'Codes de sortie : 0 succès, 1 refusé par l’API (ou des lignes d’un import refusées), 2 mauvais usage, 3 API injoignable ou en erreur.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const options = Object.entries(c.options ?? {});
  return [
    `Usage : ${synopsis(c)}${options.length ? ' [options]' : ''}`,
    '',
    `${c.summary.charAt(0).toUpperCase()}${c.summary.slice(1)}.`,
    ...(c.detail ? ['', c.detail] : []),
    ...(options.length ? ['', 'Options', ...columns(options.map(([name, o]) => [optionLine(name, o), o.help]))] : []),
    '',
    'Et les options de toutes les commandes : --url, --token, --json (voir pole-admin --help).',
  ].join('\n');
}

/** The command that the first words name (the longest match: `quarter import` before `quarter`). */
function commandOf(positionals: readonly string[]): { command: Command; args: string[] } | undefined {
  const byName = (name: string) => COMMANDS.find((c) => c.name === name);
  const two = positionals.length >= 2 ? byName(`${positionals[0]} ${positionals[1]}`) : undefined;
  if (two) return { command: two, args: positionals.slice(2) };
  const one = positionals[0] === undefined ? undefined : byName(positionals[0]);
  return one && { command: one, args: positionals.slice(1) };
}

function checkArity(c: Command, args: readonly string[]): void {
  const required = c.args.filter((a) => a.startsWith('<')).length;
  const variadic = c.args.some((a) => a.endsWith('…'));
  if (args.length < required || (!variadic && args.length > c.args.length)) throw usage(`Usage : ${synopsis(c)}`);
}

type ParseConfig = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
const parseConfig = (options: Readonly<Record<string, OptionSpec & { short?: string }>>): ParseConfig =>
  Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.multiple && { multiple: true }), ...(o.short && { short: o.short }) },
    ]),
  );

/** node:util's parse errors, in French. */
function parseError(error: TypeError & { code?: unknown }): CliError {
  const option = /'(-[^']*)'/.exec(error.message)?.[1] ?? '';
  const message =
    error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `Option inconnue : ${option}`
      : error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? `Valeur manquante ou inattendue pour l’option ${option}`
        : `Arguments invalides (${error.message})`;
  return usage(`${message}. Voir pole-admin --help.`);
}

/** Runs one command; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Io = defaultIo,
): Promise<number> {
  try {
    // First the words, knowing every option so that a value is not taken for a word; then the command's own options, strictly.
    const everyOption = { ...GLOBAL_OPTIONS, ...Object.assign({}, ...COMMANDS.map((c) => c.options ?? {})) };
    const { positionals, values: loose } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: false,
      options: parseConfig(everyOption),
    });
    const found = commandOf(positionals);
    if (!found) {
      if (positionals.length === 0 || loose.help) {
        io.out(help());
        return loose.help ? EXIT.ok : EXIT.usage;
      }
      throw usage(`Commande inconnue : ${positionals.join(' ')}. Voir pole-admin --help.`);
    }
    const { command, args } = found;
    const { values } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: parseConfig({ ...GLOBAL_OPTIONS, ...command.options }),
    });
    if (values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    checkArity(command, args);
    const json = values.json === true;
    const url = (values.url as string | undefined) ?? env.POLE_API_URL ?? DEFAULT_PUBLIC_BASE_URL;
    const sessions = SessionCache.at(env);
    // The token (given, or the login session's, refreshed if need be) is looked up first, but a missing
    // one is reported at first use of the client, so that a command checks its own arguments before.
    const token =
      command.signedIn === false
        ? undefined
        : await tokenFor(url, (values.token as string | undefined) ?? env.POLE_ADMIN_TOKEN, sessions, io.fetch).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
    let client: AdminClient | undefined;
    return await command.run(
      {
        url,
        env,
        sessions,
        get client() {
          if (!token) throw usage(`La commande ${command.name} n’appelle pas l’API.`);
          if ('error' in token) throw token.error;
          client ??= new AdminClient(url, token.value, io.fetch);
          return client;
        },
        io,
        json,
        show: (data, render) => io.out(json ? JSON.stringify(data, null, 2) : render()),
        progress: progressFor(io, json),
        sleep: io.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      },
      args,
      values as OptionValues,
    );
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`pole-admin : ${error.message}`);
      if (error instanceof ApiError && error.issues.length > 0) io.err(issuesReport(error.issues));
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      const french = parseError(error);
      io.err(`pole-admin : ${french.message}`);
      return french.exitCode;
    }
    throw error;
  }
}
