import { parseArgs } from 'node:util';
import {
  EXECUTION_STATUS_LABELS,
  EXECUTION_STATUSES,
  type ExecutionStatus,
  type ExecutionView,
  FAILURE_TITLES,
  type Failure,
  type Run,
  STEP_OUTCOME_LABELS,
  type Step,
} from '../domain/executions.ts';
import type { PendingTask } from '../domain/tasks.ts';
import { DEFAULT_PUBLIC_BASE_URL } from '../ports/config.ts';
import type { PoleSetupView } from '../services/poles.ts';
import { WORKFLOW_NAMES } from '../workflows/names.ts';
import { AdminClient, CliError, EXIT } from './client.ts';
import { addAdmin, importMembersFile, poleSetup, renderPole } from './day-one.ts';
import { duration, table, when } from './format.ts';
import { SessionCache } from './oauth.ts';
import { login, logout, type SignInIo, tokenFor } from './sign-in.ts';

/** A label as the middle of a French sentence or a table cell reads it: `En échec` → `en échec`. */
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const statusLabel = (status: string): string => EXECUTION_STATUS_LABELS[status as ExecutionStatus] ?? status;

const HELP = `pole-admin — mise en route et supervision des pôles (API d’administration)

Usage : pole-admin <commande> [options]

Connexion (en AWS ; sur le runtime embarqué, --token ou POLE_ADMIN_TOKEN)
  login                              connexion par la page Cognito du pôle (navigateur), session gardée
  logout                             oublie la session de cette API

Premier jour d’un pôle
  pole setup <pôle> [--file F.json] [--name N] [--territory T] [--committee-email E] [--staff-email E]
             [--legal-forms A,B] [--first-quarter AAAA-Tn] [--building-name B] [--capacity M2] [--base-url URL]
                                     crée le pôle (opérateur) ou met sa configuration à jour
  pole show <pôle>                   configuration, surface libre et historique du pôle
  members import <fichier>           membres existants, depuis un .csv, un .xlsx ou un .json (tout ou rien)
  admins add <email> --pole <pôle> [--operator] [--user-pool ID]
                                     compte du personnel dans Cognito (identifiants AWS requis)

Supervision
  executions [--workflow W] [--status S] [--key K] [--from ISO] [--to ISO] [--limit N]
                                     exécutions de tous les workflows, les plus récentes d’abord
  execution <workflow> <nom|clé>     historique d’une exécution, étape par étape, et l’étape en échec
  redrive <workflow> <nom|clé>       relance une exécution en échec, expirée ou arrêtée
  stop <workflow> <nom|clé>          arrête une exécution en cours
  tasks                              ce qui attend une décision (candidatures…)
  approve <id>                       approuve une tâche en attente
  reject <id> --reason "motif"       refuse une tâche en attente (le motif est communiqué)

Options
  --url URL      adresse de l’API (ou POLE_API_URL ; par défaut ${DEFAULT_PUBLIC_BASE_URL})
  --token JETON  jeton (ou POLE_ADMIN_TOKEN) ; sinon celui de la session ouverte par pole-admin login
  --json         affiche la réponse JSON de l’API telle quelle
  --help         cette aide

Workflows : ${WORKFLOW_NAMES.join(', ')}.
Statuts : ${EXECUTION_STATUSES.map((s) => `${s} (${lowerFirst(EXECUTION_STATUS_LABELS[s])})`).join(', ')}.
Codes de sortie : 0 succès, 1 refusé par l’API, 2 mauvais usage, 3 API injoignable ou en erreur.`;

export interface Io extends SignInIo {
  /** Creates Cognito staff accounts (tests give a stand-in); by default the AWS SDK's. */
  staff?: Parameters<typeof addAdmin>[3];
}

const defaultIo: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

interface ExecutionDetailReply {
  execution: ExecutionView & { error?: string; cause?: string };
  runs: Run[];
  steps: Step[];
  failure?: Failure;
  actions: { redrive: boolean; stop: boolean };
}

/** Runs one command; resolves to the process exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Io = defaultIo,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        workflow: { type: 'string' },
        status: { type: 'string' },
        key: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        limit: { type: 'string' },
        reason: { type: 'string' },
        file: { type: 'string' },
        name: { type: 'string' },
        territory: { type: 'string' },
        'committee-email': { type: 'string' },
        'staff-email': { type: 'string' },
        'legal-forms': { type: 'string' },
        'first-quarter': { type: 'string' },
        'building-name': { type: 'string' },
        capacity: { type: 'string' },
        'base-url': { type: 'string' },
        pole: { type: 'string' },
        operator: { type: 'boolean', default: false },
        'user-pool': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...args] = positionals;
    if (values.help || !command) {
      io.out(HELP);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    const url = values.url ?? env.POLE_API_URL ?? DEFAULT_PUBLIC_BASE_URL;
    const sessions = SessionCache.at(env);
    // What needs no token of the API: signing in and out, and Cognito accounts (AWS credentials).
    switch (command) {
      case 'login':
        await login(url, sessions, io);
        return EXIT.ok;
      case 'logout':
        await logout(url, sessions, io);
        return EXIT.ok;
      case 'admins': {
        const [sub, email, ...rest] = args;
        if (sub !== 'add' || rest.length > 0) throw usage('Usage : pole-admin admins add <email> --pole <pôle> [--operator]');
        const userPool = values['user-pool'] ?? env.POLE_USER_POOL_ID;
        await addAdmin(url, { email, pole: values.pole, operator: values.operator, ...(userPool && { userPool }) }, io, io.staff);
        return EXIT.ok;
      }
    }
    const token = await tokenFor(url, values.token ?? env.POLE_ADMIN_TOKEN, sessions, io.fetch);
    const client = new AdminClient(url, token, io.fetch);
    const show = (data: unknown, render: () => string) => io.out(values.json ? JSON.stringify(data, null, 2) : render());

    switch (command) {
      case 'pole': {
        const [sub, poleId, ...rest] = args;
        if (!poleId || rest.length > 0 || !['setup', 'show'].includes(sub ?? '')) throw usage('Usage : pole-admin pole setup|show <pôle>');
        if (sub === 'setup') await poleSetup(client, poleId, values, io.out);
        else {
          const data = await client.call<PoleSetupView>('GET', `/admin/poles/${encodeURIComponent(poleId)}`);
          show(data, () => renderPole(data));
        }
        return EXIT.ok;
      }
      case 'members': {
        const [sub, file, ...rest] = args;
        if (sub !== 'import' || !file || rest.length > 0) throw usage('Usage : pole-admin members import <fichier.csv|.xlsx|.json>');
        await importMembersFile(client, file, io);
        return EXIT.ok;
      }
      case 'executions': {
        const query = new URLSearchParams(
          Object.entries({
            workflow: values.workflow && known('Workflow', values.workflow, WORKFLOW_NAMES),
            status: values.status && known('Statut', values.status.toUpperCase(), EXECUTION_STATUSES),
            businessKey: values.key,
            from: values.from,
            to: values.to,
            limit: values.limit,
          }).filter((e): e is [string, string] => e[1] !== undefined),
        );
        const data = await client.call<{ executions: ExecutionView[]; count: number; total: number }>(
          'GET',
          `/admin/executions${query.size ? `?${query}` : ''}`,
        );
        show(data, () => renderExecutions(data));
        return EXIT.ok;
      }
      case 'execution': {
        const [workflow, name] = await target(client, args, 'execution');
        const data = await client.call<ExecutionDetailReply>('GET', executionPath(workflow, name));
        show(data, () => renderExecution(data));
        return EXIT.ok;
      }
      case 'redrive':
      case 'stop': {
        const [workflow, name] = await target(client, args, command);
        const data = await client.call<{ message: string; status: string }>('POST', `${executionPath(workflow, name)}/${command}`);
        show(data, () => `${data.message} ${workflow} / ${name} : ${statusLabel(data.status)}.`);
        return EXIT.ok;
      }
      case 'tasks': {
        const data = await client.call<{ tasks: PendingTask[]; count: number }>('GET', '/admin/tasks');
        show(data, () => renderTasks(data.tasks));
        return EXIT.ok;
      }
      case 'approve':
      case 'reject': {
        const [id] = args;
        if (!id || args.length > 1) throw usage(`Usage : pole-admin ${command} <id>${command === 'reject' ? ' --reason "motif"' : ''}`);
        const { tasks } = await client.call<{ tasks: PendingTask[] }>('GET', '/admin/tasks');
        const task = tasks.find((t) => t.id === id);
        if (!task) throw new CliError(`Aucune tâche en attente n’a l’identifiant ${id} (voir pole-admin tasks).`, EXIT.refused);
        const action = task.actions.find((a) => a.action === command);
        if (!action)
          throw new CliError(`La tâche ${id} ne peut pas être ${command === 'approve' ? 'approuvée' : 'refusée'} d’ici.`, EXIT.refused);
        const reason = values.reason?.trim();
        if (action.reasonField && !reason) throw usage('Un refus doit être motivé : --reason "motif".');
        const data = await client.call<unknown>(action.method, action.path, {
          ...action.body,
          ...(action.reasonField && { [action.reasonField]: reason }),
        });
        show(data, () => `${action.label} : ${task.title} — fait.`);
        return EXIT.ok;
      }
      default:
        throw usage(`Commande inconnue : ${command}. Voir pole-admin --help.`);
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`pole-admin : ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`pole-admin : ${error.message}. Voir pole-admin --help.`);
      return EXIT.usage;
    }
    throw error;
  }
}

const usage = (message: string) => new CliError(message, EXIT.usage);

/** `value` if it is one of `allowed`, else a usage error listing them (exit 2, before any call to the API). */
function known(what: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw usage(`${what} inconnu : ${value} (${allowed.join(', ')}).`);
  return value;
}

const executionPath = (workflow: string, name: string) =>
  `/admin/workflows/${encodeURIComponent(workflow)}/executions/${encodeURIComponent(name)}`;

/**
 * `<workflow> <name|business key>`: a full execution name (`<pôle>--<clé>`) is used as is; a
 * business key is looked up among the admin's executions of that workflow.
 */
async function target(client: AdminClient, args: readonly string[], command: string): Promise<[string, string]> {
  const [workflow, nameOrKey] = args;
  if (!workflow || !nameOrKey || args.length > 2) throw usage(`Usage : pole-admin ${command} <workflow> <nom|clé métier>`);
  known('Workflow', workflow, WORKFLOW_NAMES);
  if (nameOrKey.includes('--')) return [workflow, nameOrKey];
  const query = new URLSearchParams({ workflow, businessKey: nameOrKey });
  const { executions } = await client.call<{ executions: ExecutionView[] }>('GET', `/admin/executions?${query}`);
  const exact = executions.find((e) => e.businessKey === nameOrKey);
  if (!exact) throw new CliError(`Aucune exécution de ${workflow} n’a la clé métier ${nameOrKey}.`, EXIT.refused);
  return [workflow, exact.name];
}

function renderExecutions({ executions, count, total }: { executions: ExecutionView[]; count: number; total: number }): string {
  if (executions.length === 0) return 'Aucune exécution ne correspond.';
  const rows = executions.map((e) => [statusLabel(e.status), e.workflow, e.businessKey, when(e.startDate), duration(e.durationMs)]);
  const footer = total > count ? `${count} exécution(s) affichée(s) sur ${total} (--limit pour en voir plus).` : `${count} exécution(s).`;
  return `${table(['Statut', 'Workflow', 'Clé métier', 'Début', 'Durée'], rows)}\n${footer}`;
}

function renderExecution({ execution: e, steps, failure, runs, actions }: ExecutionDetailReply): string {
  const lines = [
    `${e.workflow} / ${e.name}`,
    `Statut : ${statusLabel(e.status)}    Début : ${when(e.startDate)}    Fin : ${when(e.stopDate)}    Durée : ${duration(e.durationMs)}`,
  ];
  if (e.redriveCount) lines.push(`Relancée ${e.redriveCount} fois (dernière fois : ${when(e.redriveDate)})`);
  if (e.error) lines.push(`Erreur de l’exécution : ${e.error}${e.cause ? ` — ${e.cause}` : ''}`);
  if (failure) {
    const title = FAILURE_TITLES[e.status as keyof typeof FAILURE_TITLES] ?? 'Étape';
    lines.push(
      '',
      `${title} : ${failure.stateName}`,
      `  Erreur : ${failure.error ?? '—'}`,
      `  Cause : ${failure.cause ?? '—'}`,
      '  Entrée de l’étape :',
    );
    lines.push(
      ...JSON.stringify(failure.input ?? null, null, 2)
        .split('\n')
        .map((l) => `    ${l}`),
    );
  }
  const rows: string[][] = [];
  let run = 0;
  for (const step of steps) {
    if (step.run !== run) {
      run = step.run;
      const start = runs.find((r) => r.index === run);
      rows.push([
        `— ${start?.type === 'ExecutionResumed' ? 'reprise après redémarrage' : 'relance'} du ${when(start?.at)} —`,
        '',
        '',
        '',
        '',
      ]);
    }
    const outcome = `${lowerFirst(STEP_OUTCOME_LABELS[step.outcome] ?? step.outcome)}${step.attempts > 1 ? ` (${step.attempts} tentatives)` : ''}${step.error ? ` : ${step.error}` : ''}`;
    rows.push([step.stateName, step.stateType ?? '', when(step.enteredAt), duration(step.durationMs), outcome]);
  }
  lines.push('', table(['Étape', 'Type', 'Début', 'Durée', 'Résultat'], rows));
  const next = [
    actions.redrive && `pole-admin redrive ${e.workflow} ${e.name}`,
    actions.stop && `pole-admin stop ${e.workflow} ${e.name}`,
  ].filter(Boolean);
  if (next.length > 0) lines.push('', `Possible : ${next.join('  |  ')}`);
  return lines.join('\n');
}

function renderTasks(tasks: readonly PendingTask[]): string {
  if (tasks.length === 0) return 'Aucune tâche en attente.';
  return tasks
    .map((task) =>
      [
        `${task.title}  [${task.id}]`,
        ...task.details.map((d) => `  ${d.label} : ${d.value}`),
        `  En attente depuis : ${when(task.waitingSince)}${task.dueAt ? `    Échéance : ${when(task.dueAt)}` : ''}`,
        `  → ${task.actions.map((a) => `pole-admin ${a.action} ${task.id}${a.reasonField ? ' --reason "motif"' : ''}`).join('  |  ')}`,
      ].join('\n'),
    )
    .join('\n\n');
}
