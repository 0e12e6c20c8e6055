import { errorText } from '../../domain/error-labels.ts';
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
} from '../../domain/executions.ts';
import { STATE_TYPE_LABELS, WORKFLOW_LABELS } from '../../domain/labels.ts';
import type { PendingTask } from '../../domain/tasks.ts';
import { WORKFLOW_NAMES, type WorkflowName } from '../../workflows/names.ts';
import { stateTitle } from '../../workflows/state-labels.ts';
import { type AdminClient, CliError, EXIT } from '../client.ts';
import { type Command, known, text, usage } from '../command.ts';
import { duration, table, when } from '../format.ts';

/** A label as the middle of a French sentence or a table cell reads it: `En échec` → `en échec`. */
export const lowerFirst = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);
export const statusLabel = (status: string): string => EXECUTION_STATUS_LABELS[status as ExecutionStatus] ?? status;

export interface ExecutionDetailReply {
  execution: ExecutionView & { error?: string; cause?: string };
  runs: Run[];
  steps: Step[];
  failure?: Failure;
  actions: { redrive: boolean; stop: boolean };
}

export const executionPath = (workflow: string, name: string) =>
  `/admin/workflows/${encodeURIComponent(workflow)}/executions/${encodeURIComponent(name)}`;

/** An execution's name from its ARN (`…:execution:<state machine>:<name>`). */
export const executionNameOf = (executionArn: string): string => executionArn.slice(executionArn.lastIndexOf(':') + 1);

/**
 * `<workflow> <name|business key>`: a full execution name (`<pôle>--<clé>`) is used as is; a
 * business key is looked up among the admin's executions of that workflow.
 */
async function target(client: AdminClient, [workflow, nameOrKey]: readonly string[]): Promise<[string, string]> {
  known('Workflow', workflow!, WORKFLOW_NAMES);
  if (nameOrKey!.includes('--')) return [workflow!, nameOrKey!];
  const query = new URLSearchParams({ workflow: workflow!, businessKey: nameOrKey! });
  const { executions } = await client.call<{ executions: ExecutionView[] }>('GET', `/admin/executions?${query}`);
  const exact = executions.find((e) => e.businessKey === nameOrKey);
  if (!exact) throw new CliError(`Aucune exécution de ${workflow} n’a la clé métier ${nameOrKey}.`, EXIT.refused);
  return [workflow!, exact.name];
}

function renderExecutions({ executions, count, total }: { executions: ExecutionView[]; count: number; total: number }): string {
  if (executions.length === 0) return 'Aucune exécution ne correspond.';
  const rows = executions.map((e) => [statusLabel(e.status), e.workflow, e.businessKey, when(e.startDate), duration(e.durationMs)]);
  const footer = total > count ? `${count} exécution(s) affichée(s) sur ${total} (--limit pour en voir plus).` : `${count} exécution(s).`;
  return `${table(['Statut', 'Workflow', 'Clé métier', 'Début', 'Durée'], rows)}\n${footer}`;
}

/** The failing step of an execution (« Activation du membre (ActivateMember) »), its error, cause and input. */
export function renderFailure(workflow: string, status: string, failure: Failure): string[] {
  const title = FAILURE_TITLES[status as keyof typeof FAILURE_TITLES] ?? 'Étape';
  return [
    `${title} : ${stateTitle(workflow, failure.stateName)}`,
    `  Erreur : ${failure.error ? errorText(failure.error) : '—'}`,
    `  Cause : ${failure.cause ?? '—'}`,
    '  Entrée de l’étape :',
    ...JSON.stringify(failure.input ?? null, null, 2)
      .split('\n')
      .map((l) => `    ${l}`),
  ];
}

function renderExecution({ execution: e, steps, failure, runs, actions }: ExecutionDetailReply): string {
  const lines = [
    `${WORKFLOW_LABELS[e.workflow as WorkflowName] ?? e.workflow} (${e.workflow}) / ${e.name}`,
    `Statut : ${statusLabel(e.status)}    Début : ${when(e.startDate)}    Fin : ${when(e.stopDate)}    Durée : ${duration(e.durationMs)}`,
  ];
  if (e.redriveCount) lines.push(`Relancée ${e.redriveCount} fois (dernière fois : ${when(e.redriveDate)})`);
  if (e.error) lines.push(`Erreur de l’exécution : ${errorText(e.error)}${e.cause ? ` — ${e.cause}` : ''}`);
  if (failure) lines.push('', ...renderFailure(e.workflow, e.status, failure));
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
    const outcome = `${lowerFirst(STEP_OUTCOME_LABELS[step.outcome] ?? step.outcome)}${step.attempts > 1 ? ` (${step.attempts} tentatives)` : ''}${step.error ? ` : ${errorText(step.error)}` : ''}`;
    const type = step.stateType ? (STATE_TYPE_LABELS[step.stateType] ?? step.stateType) : '';
    rows.push([stateTitle(e.workflow, step.stateName), type, when(step.enteredAt), duration(step.durationMs), outcome]);
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

const GROUP = 'Supervision des workflows';

/** A pending task approved or rejected through the action the API lists for it. */
const decideTask =
  (verb: 'approve' | 'reject'): Command['run'] =>
  async (ctx, [id], options) => {
    const { tasks } = await ctx.client.call<{ tasks: PendingTask[] }>('GET', '/admin/tasks');
    const task = tasks.find((t) => t.id === id);
    if (!task) throw new CliError(`Aucune tâche en attente n’a l’identifiant ${id} (voir pole-admin tasks).`, EXIT.refused);
    const action = task.actions.find((a) => a.action === verb);
    if (!action) throw new CliError(`La tâche ${id} ne peut pas être ${verb === 'approve' ? 'approuvée' : 'refusée'} d’ici.`, EXIT.refused);
    const reason = text(options.reason);
    if (action.reasonField && !reason) throw usage('Un refus doit être motivé : --reason "motif".');
    const data = await ctx.client.call<unknown>(action.method, action.path, {
      ...action.body,
      ...(action.reasonField && { [action.reasonField]: reason }),
    });
    ctx.show(data, () => `${action.label} : ${task.title} — fait.`);
    return EXIT.ok;
  };

export const EXECUTION_COMMANDS: readonly Command[] = [
  {
    name: 'executions',
    args: [],
    group: GROUP,
    summary: 'exécutions de tous les workflows, les plus récentes d’abord',
    options: {
      workflow: { type: 'string', value: 'W', help: 'un workflow' },
      status: { type: 'string', value: 'S', help: 'un statut' },
      key: { type: 'string', value: 'K', help: 'une partie de la clé métier' },
      from: { type: 'string', value: 'ISO', help: 'débutées à partir de' },
      to: { type: 'string', value: 'ISO', help: 'débutées jusqu’à' },
      limit: { type: 'string', value: 'N', help: 'au plus N (200 par défaut)' },
    },
    async run(ctx, _args, o) {
      const query = new URLSearchParams(
        Object.entries({
          workflow: text(o.workflow) && known('Workflow', text(o.workflow)!, WORKFLOW_NAMES),
          status: text(o.status) && known('Statut', text(o.status)!.toUpperCase(), EXECUTION_STATUSES),
          businessKey: text(o.key),
          from: text(o.from),
          to: text(o.to),
          limit: text(o.limit),
        }).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const data = await ctx.client.call<{ executions: ExecutionView[]; count: number; total: number }>(
        'GET',
        `/admin/executions${query.size ? `?${query}` : ''}`,
      );
      ctx.show(data, () => renderExecutions(data));
      return EXIT.ok;
    },
  },
  {
    name: 'execution',
    args: ['<workflow>', '<nom|clé métier>'],
    group: GROUP,
    summary: 'historique d’une exécution, étape par étape, et l’étape en échec',
    async run(ctx, args) {
      const [workflow, name] = await target(ctx.client, args);
      const data = await ctx.client.call<ExecutionDetailReply>('GET', executionPath(workflow, name));
      ctx.show(data, () => renderExecution(data));
      return EXIT.ok;
    },
  },
  ...(['redrive', 'stop'] as const).map(
    (verb): Command => ({
      name: verb,
      args: ['<workflow>', '<nom|clé métier>'],
      group: GROUP,
      summary: verb === 'redrive' ? 'relance une exécution en échec, expirée ou arrêtée' : 'arrête une exécution en cours',
      async run(ctx, args) {
        const [workflow, name] = await target(ctx.client, args);
        const data = await ctx.client.call<{ message: string; status: string }>('POST', `${executionPath(workflow, name)}/${verb}`);
        ctx.show(data, () => `${data.message} ${workflow} / ${name} : ${statusLabel(data.status)}.`);
        return EXIT.ok;
      },
    }),
  ),
  {
    name: 'tasks',
    args: [],
    group: GROUP,
    summary: 'ce qui attend une décision (candidatures…)',
    async run(ctx) {
      const data = await ctx.client.call<{ tasks: PendingTask[]; count: number }>('GET', '/admin/tasks');
      ctx.show(data, () => renderTasks(data.tasks));
      return EXIT.ok;
    },
  },
  { name: 'approve', args: ['<id>'], group: GROUP, summary: 'approuve une tâche en attente', run: decideTask('approve') },
  {
    name: 'reject',
    args: ['<id>'],
    group: GROUP,
    summary: 'refuse une tâche en attente (le motif est communiqué)',
    options: { reason: { type: 'string', value: '"motif"', help: 'le motif du refus (obligatoire)' } },
    run: decideTask('reject'),
  },
];
