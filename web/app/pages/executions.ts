import { errorLabel } from '../../../domain/error-labels.ts';
import { EXECUTION_STATUS_LABELS, type ExecutionStatus, FAILURE_TITLES, STEP_OUTCOME_LABELS } from '../../../domain/executions.ts';
import { STATE_TYPE_LABELS, WORKFLOW_LABELS } from '../../../domain/labels.ts';
import { stateLabel } from '../../../workflows/state-labels.ts';
import type { ExecutionDetailView, WorkflowDefinitionView, WorkflowName } from '../../lib/api-types.ts';
import { aslGraph, layoutGraph, START } from '../../lib/asl-graph.ts';
import { duration, when } from '../../lib/format.ts';
import { href } from '../../lib/routes.ts';
import { MARK_LABELS, MARK_SIGNS, markText, type StateMark, type StateSummary, stateMarks } from '../../lib/state-marks.ts';
import { api, path } from '../api.ts';
import { badge, type Child, empty, facts, field, h, section, table } from '../dom.ts';
import { drawGraph } from '../graph.ts';
import { notice, type Page, type PageContext, submitting } from '../page.ts';

type Execution = ExecutionDetailView['execution'];

const WORKFLOWS = Object.keys(WORKFLOW_LABELS) as WorkflowName[];
const STATUSES = Object.keys(EXECUTION_STATUS_LABELS) as ExecutionStatus[];
const workflowLabel = (workflow: string): string => WORKFLOW_LABELS[workflow as WorkflowName] ?? workflow;

/** Signs for statuses too: colour is never the only carrier. */
const STATUS_SIGNS: Record<ExecutionStatus, string> = { RUNNING: '…', SUCCEEDED: '✓', FAILED: '✗', TIMED_OUT: '⏱', ABORTED: '■' };
const statusBadge = (status: ExecutionStatus) => badge(EXECUTION_STATUS_LABELS[status], status, STATUS_SIGNS[status]);

/** A step as the staff read it: its French label, the ASL state's own name beside it, small, for engineers. */
const stepName = (workflow: string, state: string): Child => {
  const label = stateLabel(workflow, state);
  return label === state ? h('code', {}, state) : [label, ' ', h('code', { class: 'state-id' }, state)];
};

/** An error code, with its French explanation first when it is a common one: the code is always shown. */
const errorNode = (code: string | undefined, id?: string): Child => {
  const shown = h('code', { id }, code ?? '—');
  const label = code && errorLabel(code);
  return label ? h('span', {}, `${label} (`, shown, ')') : shown;
};

const json = (value: unknown): HTMLPreElement => h('pre', { tabindex: '0' }, JSON.stringify(value, null, 2) ?? '—');

/** Exécutions: every workflow's executions, filtered by workflow, status and business key. */
export const executionsPage: Page<{ page: 'executions'; workflow?: string; status?: string; businessKey?: string }> = async (
  route,
  context,
) => {
  const data = await api<{ executions: Execution[]; count: number; total: number }>(
    'GET',
    path('/admin/executions', { workflow: route.workflow, status: route.status, businessKey: route.businessKey }),
  );
  const workflow = h(
    'select',
    { name: 'workflow' },
    h('option', { value: '' }, 'Tous'),
    ...WORKFLOWS.map((w) => h('option', { value: w, selected: w === route.workflow }, WORKFLOW_LABELS[w])),
  );
  const status = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, 'Tous'),
    ...STATUSES.map((s) => h('option', { value: s, selected: s === route.status }, EXECUTION_STATUS_LABELS[s])),
  );
  const key = h('input', { type: 'search', name: 'businessKey', maxlength: 100, value: route.businessKey ?? '' });
  const filters = h(
    'form',
    {
      class: 'filters',
      id: 'execution-filters',
      onsubmit: (event: Event) => {
        event.preventDefault();
        context.navigate({
          page: 'executions',
          ...(workflow.value && { workflow: workflow.value }),
          ...(status.value && { status: status.value }),
          ...(key.value.trim() && { businessKey: key.value.trim() }),
        });
      },
    },
    field('Workflow', workflow),
    field('Statut', status),
    field('Clé métier', key),
    h('button', { type: 'submit' }, 'Afficher'),
  );
  for (const select of [workflow, status]) select.addEventListener('change', () => filters.requestSubmit());
  return {
    title: 'Exécutions',
    body: [
      filters,
      data.executions.length
        ? table(
            `Exécutions, les plus récentes d’abord (${data.total > data.count ? `${data.count} sur ${data.total}` : data.count})`,
            ['Clé métier', 'Workflow', 'Statut', 'Début', 'Fin', 'Durée'],
            data.executions.map((e) => [
              h('a', { href: href({ page: 'execution', workflow: e.workflow, name: e.name }), dataset: { name: e.name } }, e.businessKey),
              workflowLabel(e.workflow),
              statusBadge(e.status),
              when(e.startDate),
              when(e.stopDate),
              duration(e.durationMs),
            ]),
            { rowHeaders: true, id: 'executions-table' },
          )
        : empty('Aucune exécution ne correspond à ces filtres.'),
    ],
  };
};

/** One state's passage: its outcome, attempts, error, input and output. */
function stateDetail(workflow: string, name: string, type: string, summary: StateSummary): HTMLElement {
  const last = summary.last;
  return h(
    'div',
    { class: `state-detail mark-${summary.mark}`, id: 'state-detail', tabindex: '-1', dataset: { state: name } },
    h('h3', {}, 'Étape ', stepName(workflow, name)),
    facts([
      ['Type', STATE_TYPE_LABELS[type] ?? type],
      ['Résultat', `${MARK_SIGNS[summary.mark]} ${markText(summary)}`],
      ...(last
        ? ([
            ['Début du dernier passage', when(last.enteredAt)],
            ['Durée', duration(last.durationMs)],
            ['Tentatives', String(last.attempts)],
          ] as [string, string][])
        : []),
      ...(last?.error ? ([['Erreur', errorNode(last.error)]] as [string, Child][]) : []),
      ...(last?.cause ? ([['Cause', last.cause]] as [string, string][]) : []),
    ]),
    last ? h('details', { open: true }, h('summary', {}, 'Entrée de l’étape'), json(last.input)) : null,
    last?.output !== undefined ? h('details', {}, h('summary', {}, 'Sortie de l’étape'), json(last.output)) : null,
  );
}

/** The graph's legend: each mark with its colour and its sign. */
const legend = (): HTMLElement =>
  h(
    'ul',
    { class: 'legend', 'aria-label': 'Légende du graphe' },
    ...(Object.keys(MARK_LABELS) as StateMark[]).map((mark) =>
      h('li', {}, h('span', { class: `swatch mark-${mark}`, 'aria-hidden': 'true' }, MARK_SIGNS[mark]), ` ${MARK_LABELS[mark]}`),
    ),
  );

/** Relancer (redrive) and Arrêter (stop), each confirmed, as the API allows them. */
function actions(detail: ExecutionDetailView, context: PageContext): HTMLFormElement {
  const e = detail.execution;
  const act = (action: 'redrive' | 'stop', question: string, done: string) => async () => {
    if (!confirm(question)) return;
    const message = await submitting(form, async () => {
      await api('POST', `/admin/workflows/${e.workflow}/executions/${encodeURIComponent(e.name)}/${action}`);
      return done;
    });
    if (message !== null) context.refresh(message);
  };
  const form = h(
    'form',
    { class: 'actions', id: 'execution-actions', onsubmit: (event: Event) => event.preventDefault() },
    detail.actions.redrive
      ? h(
          'button',
          {
            type: 'button',
            id: 'redrive',
            onclick: act('redrive', 'Relancer cette exécution avec son entrée d’origine ?', 'Exécution relancée.'),
          },
          'Relancer',
        )
      : null,
    detail.actions.stop
      ? h(
          'button',
          { type: 'button', id: 'stop', class: 'danger', onclick: act('stop', 'Arrêter cette exécution ?', 'Exécution arrêtée.') },
          'Arrêter',
        )
      : null,
  );
  return form;
}

/** The steps in order, each run (a redrive, a resumption) introduced by its start. */
function timelineTable(detail: ExecutionDetailView): HTMLElement {
  const workflow = detail.execution.workflow;
  const rows: Child[][] = [];
  let run = 0;
  for (const step of detail.steps) {
    if (step.run !== run) {
      run = step.run;
      const start = detail.runs.find((r) => r.index === run);
      const label = start?.type === 'ExecutionResumed' ? 'Reprise après redémarrage' : 'Relance';
      rows.push([h('em', {}, `${label} le ${when(start?.at)}`), '', '', '', '']);
    }
    const failing = detail.failure && step.stateName === detail.failure.stateName && (step.endedAt ?? step.enteredAt) === detail.failure.at;
    rows.push([
      failing ? h('strong', {}, stepName(workflow, step.stateName), ' (étape de l’échec)') : stepName(workflow, step.stateName),
      STATE_TYPE_LABELS[step.stateType ?? ''] ?? step.stateType ?? '',
      when(step.enteredAt),
      duration(step.durationMs),
      h(
        'span',
        {},
        badge(STEP_OUTCOME_LABELS[step.outcome], step.outcome, MARK_SIGNS[step.outcome]),
        step.attempts > 1 ? ` ${step.attempts} tentatives` : '',
        step.error ? h('span', { class: 'step-error' }, ' ', errorNode(step.error), step.cause ? ` — ${step.cause}` : '') : '',
      ),
    ]);
  }
  return table('Chaque étape, dans l’ordre', ['Étape', 'Type', 'Début', 'Durée', 'Résultat'], rows, { rowHeaders: true, id: 'timeline' });
}

/**
 * An execution: its summary and actions, the step it failed at with its error and input, its
 * state machine drawn from the workflow's ASL file with each state marked by what happened, and
 * its timeline. Followed while it runs.
 */
export const executionPage: Page<{ page: 'execution'; workflow: string; name: string }> = async (route, context) => {
  const base = `/admin/workflows/${encodeURIComponent(route.workflow)}`;
  const [detail, definition] = await Promise.all([
    api<ExecutionDetailView>('GET', `${base}/executions/${encodeURIComponent(route.name)}`),
    api<WorkflowDefinitionView>('GET', `${base}/definition`),
  ]);
  const e = detail.execution;
  const graph = aslGraph(definition.definition, (state) => stateLabel(e.workflow, state));
  const types = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const marks = stateMarks(
    graph.nodes.map((n) => n.id).filter((id) => id !== START),
    detail.steps,
    detail.failure,
  );
  const panel = h('div', { id: 'state-panel' });
  const select = (state: string, focus = true) => {
    panel.replaceChildren(stateDetail(e.workflow, state, types.get(state) ?? '', marks.get(state)!));
    for (const box of drawing.querySelectorAll('.state')) box.classList.toggle('selected', box.getAttribute('data-state') === state);
    if (focus) (panel.firstElementChild as HTMLElement).focus();
  };
  const drawing = drawGraph(layoutGraph(graph), marks, `Graphe du workflow ${workflowLabel(e.workflow)}`, select);
  if (detail.failure && marks.has(detail.failure.stateName)) select(detail.failure.stateName, false);
  if (e.status === 'RUNNING') {
    const seen = detail.history.length;
    context.every(1500, async () => {
      const now = await api<ExecutionDetailView>('GET', `${base}/executions/${encodeURIComponent(route.name)}`);
      if (now.history.length !== seen || now.execution.status !== 'RUNNING') context.refresh();
    });
  }
  const failure = detail.failure;
  return {
    title: `${workflowLabel(e.workflow)} — ${e.businessKey}`,
    body: [
      h('p', {}, 'Statut : ', h('span', { id: 'execution-status' }, statusBadge(e.status))),
      facts([
        ['Nom', e.name],
        ['Début', when(e.startDate)],
        ['Fin', when(e.stopDate)],
        ['Durée', duration(e.durationMs)],
        ...(e.redriveCount ? ([['Relances', `${e.redriveCount} (dernière le ${when(e.redriveDate)})`]] as [string, string][]) : []),
      ]),
      actions(detail, context),
      failure
        ? h(
            'section',
            { id: 'failure', class: 'failure', 'aria-labelledby': 'failure-titre' },
            h(
              'h2',
              { id: 'failure-titre' },
              `${FAILURE_TITLES[e.status as keyof typeof FAILURE_TITLES] ?? 'Étape'} : ${stateLabel(e.workflow, failure.stateName)}`,
            ),
            facts([
              ['Nom dans le workflow', h('code', { id: 'failure-state' }, failure.stateName)],
              ['Erreur', errorNode(failure.error, 'failure-error')],
              ['Cause', h('span', { id: 'failure-cause' }, failure.cause ?? '—')],
            ]),
            h(
              'details',
              { open: true },
              h('summary', {}, 'Entrée de l’étape'),
              h('pre', { id: 'failure-input', tabindex: '0' }, JSON.stringify(failure.input, null, 2) ?? '—'),
            ),
          )
        : null,
      section(
        'graphe',
        'Machine à états',
        h(
          'p',
          { class: 'hint' },
          'Chaque étape est colorée et signée selon ce qui lui est arrivé dans cette exécution ; choisissez-en une pour voir son entrée, sa sortie et son erreur.',
        ),
        legend(),
        h('div', { class: 'graph-wrap' }, drawing),
        panel,
      ),
      section('chronologie', 'Chronologie', detail.steps.length ? timelineTable(detail) : empty('Aucune étape pour l’instant.')),
      e.status === 'RUNNING' ? notice('Exécution en cours : la page se met à jour d’elle-même.', 'info') : null,
    ],
  };
};
