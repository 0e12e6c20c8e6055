import { readFile, writeFile } from 'node:fs/promises';
import type { CognitoStaff } from '../ports/aws/cognito-staff.ts';
import { type AdminClient, CliError, EXIT } from './client.ts';
import type { SessionCache } from './oauth.ts';
import { type Progress, type ProgressStream, progressBars } from './progress.ts';

/** What a command reads from and writes to; tests pass their own. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  fetch?: typeof fetch;
  /** Where progress bars are drawn (the default Io: stderr, when it is a terminal). */
  progress?: ProgressStream;
  /** Waits between two looks at the API (`watch`, `quarter run`); tests pass a quicker one. */
  sleep?: (ms: number) => Promise<void>;
  /** Opens an address in the user's browser (`login`); by default the system's opener, if any. */
  open?: (url: string) => void;
  /** Creates Cognito staff accounts (`admins add`); by default the AWS SDK's, tests give a stand-in. */
  staff?: (userPoolId: string) => Pick<CognitoStaff, 'add'>;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A command-line option: its kind, and how the help names its value and says what it does (French). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  value?: string;
  help: string;
}

/** What a command runs with. */
export interface Context {
  /** The API's address (`--url`, POLE_API_URL or the default). */
  url: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The sessions `pole-admin login` keeps. */
  sessions: SessionCache;
  client: AdminClient;
  io: Io;
  json: boolean;
  /** Prints the API's JSON with --json, otherwise what `render` says. */
  show(data: unknown, render: () => string): void;
  /** Bars for long work (nothing with --json, or off a terminal). */
  progress(labels: readonly string[]): Progress;
  sleep(ms: number): Promise<void>;
}

export interface Command {
  /** One or two words: `tasks`, `quarter import`. */
  name: string;
  /** Its arguments as the help shows them: `<x>` required, `[x]` optional, a trailing `…` for one or more. */
  args: readonly string[];
  /** What it does, in French, in a few words (the list of commands). */
  summary: string;
  /** More, for its own help (French). */
  detail?: string;
  /** The heading it is listed under in the help. */
  group: string;
  options?: Readonly<Record<string, OptionSpec>>;
  /** False for the commands that need no token of the API (signing in and out, Cognito accounts). */
  signedIn?: false;
  run(ctx: Context, args: readonly string[], options: OptionValues): Promise<number>;
}

/** A usage error: exit 2, before any call to the API. */
export const usage = (message: string): CliError => new CliError(message, EXIT.usage);

/** `value` if it is one of `allowed`, else a usage error listing them. */
export function known<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw usage(`${what} inconnu : ${value} (${allowed.join(', ')}).`);
  return value as T;
}

/** A string option's value, trimmed, or undefined. */
export const text = (value: OptionValues[string]): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** A list option given as repeated flags or comma-separated values: `--naf C --naf F`, `--naf C,F`. */
export const list = (value: OptionValues[string]): string[] | undefined => {
  const items = (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).flatMap((v) => v.split(',')).map((v) => v.trim());
  return items.filter(Boolean).length > 0 ? items.filter(Boolean) : undefined;
};

/** A file's text (UTF-8), or a usage error naming it. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw usage(`Fichier illisible : ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

/** Writes `text` to `path` (`--out`), or to stdout when no path is given; says where it went. */
export async function save(ctx: Context, text: string, path: string | undefined, what: string): Promise<void> {
  if (!path) {
    ctx.io.out(text.replace(/\n$/, ''));
    return;
  }
  await writeFile(path, text, 'utf8');
  ctx.io.err(`${what} enregistré dans ${path}.`);
}

/** Polls `look` every `intervalMs` until it returns a value (the caller stops on what it reads). */
export async function until<T>(ctx: Context, intervalMs: number, look: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await look();
    if (value !== undefined) return value;
    await ctx.sleep(intervalMs);
  }
}

/** `--interval` in seconds (decimals allowed), as milliseconds. */
export function intervalMs(value: OptionValues[string], defaultS: number): number {
  const raw = text(value);
  if (raw === undefined) return defaultS * 1000;
  const seconds = Number(raw.replace(',', '.'));
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
    throw usage(`--interval : un nombre de secondes entre 0 et 3600 (reçu : ${raw}).`);
  return Math.round(seconds * 1000);
}

/** Bars on `io.progress`, none with --json (a script reads stdout and stderr alike). */
export const progressFor =
  (io: Io, json: boolean) =>
  (labels: readonly string[]): Progress =>
    progressBars(json ? undefined : io.progress, labels);
