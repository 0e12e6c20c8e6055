import { EXECUTION_STATUS_LABELS } from '../../../domain/executions.ts';
import { INPUT_KIND_LABELS, KEY_LABELS, QUARTER_STATUS_LABELS } from '../../../domain/labels.ts';
import type { Credits, ExecutionDetailView, InputKind, QuarterSummary, QuarterView, StatementsView } from '../../lib/api-types.ts';
import { count, euros, quarterName, when } from '../../lib/format.ts';
import { href } from '../../lib/routes.ts';
import { ApiFailure, api, download, path } from '../api.ts';
import { badge, empty, facts, field, h, section, table } from '../dom.ts';
import { focusNotice, importRefused } from '../imports.ts';
import { notice, type Page, type PageContext, submitting } from '../page.ts';

const KINDS = Object.keys(INPUT_KIND_LABELS) as InputKind[];

/** A subsidy credit in words: its total, then what of it is earmarked to which category. */
export function credits(c: Credits): string {
  const total = c.unearmarkedCents + c.earmarked.reduce((sum, e) => sum + e.cents, 0);
  if (c.earmarked.length === 0) return euros(total);
  return `${euros(total)} (dont ${c.earmarked.map((e) => `${euros(e.cents)} affectés à « ${e.category} »`).join(', ')})`;
}

/** What each file holds, as the accounting office exports it (the importer's columns). */
const COLUMNS: Record<InputKind, string> = {
  costs: 'categorie;montant;cle[;libelle]',
  subsidies: 'financeur;montant[;affectation]',
  advances: 'siret;montant',
  usage: 'siret;categorie;unites',
  fixed: 'categorie;siret;part',
  adjustments: 'siret;libelle;montant',
};

const STATUS_KINDS: Record<QuarterSummary['status'], string> = {
  OPEN: 'RUNNING',
  DRAFT: 'WAITING',
  APPROVED: 'RUNNING',
  POSTED: 'SUCCEEDED',
};
const statusBadge = (status: QuarterSummary['status']) => badge(QUARTER_STATUS_LABELS[status], STATUS_KINDS[status]);

/** Trimestres: each quarter's status and inputs, and the quarters the staff may prepare next. */
export const quartersPage: Page<{ page: 'quarters' }> = async (_route, context) => {
  const { quarters, current, previous } = await api<{ quarters: QuarterSummary[]; current: string; previous: string }>(
    'GET',
    '/admin/reconciliations',
  );
  const known = new Set(quarters.map((q) => q.quarter));
  const other = h('input', { name: 'quarter', required: true, pattern: '\\d{4}-Q[1-4]', placeholder: '2026-Q3', size: 10 });
  const open = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event: Event) => {
        event.preventDefault();
        context.navigate({ page: 'quarter', quarter: other.value.trim() });
      },
    },
    field('Autre trimestre', other, 'Au format AAAA-Qn, par exemple 2026-Q3 pour juillet à septembre 2026.'),
    h('button', { type: 'submit' }, 'Ouvrir'),
  );
  return {
    title: 'Trimestres',
    body: [
      section(
        'preparer',
        'Préparer un trimestre',
        h(
          'ul',
          { class: 'links' },
          ...[previous, current].map((q) =>
            h(
              'li',
              {},
              h('a', { href: href({ page: 'quarter', quarter: q }) }, quarterName(q)),
              known.has(q) ? '' : ' — aucune donnée encore',
            ),
          ),
        ),
        open,
      ),
      section(
        'liste-trimestres',
        'Trimestres',
        quarters.length
          ? table(
              'Les trimestres du pôle, du plus récent au plus ancien',
              ['Trimestre', 'Statut', 'Données importées', 'Reste à charge', 'Crédit reporté au suivant'],
              quarters.map((q) => [
                h('a', { href: href({ page: 'quarter', quarter: q.quarter }) }, quarterName(q.quarter)),
                statusBadge(q.status),
                `${Object.keys(q.inputs).length} sur ${KINDS.length}`,
                q.draft ? euros(q.draft.totalNetCents) : '—',
                q.draft ? credits(q.draft.carriedOut) : q.carriedOut ? credits(q.carriedOut) : '—',
              ]),
              { rowHeaders: true, id: 'quarters-table' },
            )
          : empty('Aucun trimestre pour l’instant.'),
      ),
    ],
  };
};

/** One input file: what is current, and a form to send a new CSV (all or nothing: every bad line is listed). */
function inputForm(quarter: QuarterView, kind: InputKind, context: PageContext): HTMLElement {
  const current = quarter.inputs[kind];
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true, id: `fichier-${kind}` });
  const button = h('button', { type: 'submit' }, 'Importer');
  const outcome = h('div', { class: 'outcome' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      dataset: { kind },
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return;
        const text = await chosen.text();
        outcome.replaceChildren();
        button.disabled = true;
        try {
          const ref = await api<{ rows: number }>('POST', `/admin/reconciliations/${quarter.quarter}/inputs/${kind}`, {
            text,
            type: 'text/csv',
          });
          context.refresh(
            `${INPUT_KIND_LABELS[kind]} : ${count(ref.rows, 'ligne importée', 'lignes importées')} depuis « ${chosen.name} ».`,
          );
        } catch (error) {
          outcome.replaceChildren(
            importRefused(`Erreurs du fichier « ${chosen.name} » (${INPUT_KIND_LABELS[kind]}), ligne par ligne`, text, error),
          );
          focusNotice(outcome);
        } finally {
          button.disabled = false;
        }
      },
    },
    field(`Fichier CSV (${COLUMNS[kind]})`, file),
    button,
  );
  const closed = quarter.status === 'POSTED' || quarter.status === 'APPROVED';
  return h(
    'div',
    { class: 'card input', id: `donnees-${kind}` },
    h('h3', {}, INPUT_KIND_LABELS[kind]),
    h(
      'p',
      { class: 'input-state' },
      current
        ? `${count(current.rows, 'ligne')} importée(s) le ${when(current.importedAt)} (${current.source === 'csv' ? 'fichier CSV' : 'JSON'}).`
        : 'Pas encore fourni.',
    ),
    closed ? null : form,
    outcome,
  );
}

type Execution = ExecutionDetailView['execution'];

/** The quarter's latest run (its executions are named `recon-<quarter>-<attempt>`), with why it failed if it did. */
async function latestRun(quarter: string): Promise<{ run?: Execution; failure?: ExecutionDetailView['failure'] }> {
  const list = await api<{ executions: Execution[] }>(
    'GET',
    path('/admin/executions', { workflow: 'quarterly-reconciliation', businessKey: `recon-${quarter}-`, limit: '1' }),
  );
  const run = list.executions[0];
  if (!run || run.status === 'RUNNING' || run.status === 'SUCCEEDED') return { run };
  const detail = await api<ExecutionDetailView>('GET', `/admin/workflows/${run.workflow}/executions/${encodeURIComponent(run.name)}`);
  return { run, failure: detail.failure };
}

/** The run: its last execution's state, and the button that starts one (202; the page then follows it). */
function runSection(quarter: QuarterView, latest: Awaited<ReturnType<typeof latestRun>>, context: PageContext): HTMLElement {
  const { run, failure } = latest;
  const form = h(
    'form',
    {
      id: 'run-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const done = await submitting(
          form,
          async () => (await api<{ message: string }>('POST', `/admin/reconciliations/${quarter.quarter}/runs`)).message,
        );
        if (done !== null) context.refresh(done);
      },
    },
    h('button', { type: 'submit' }, quarter.draft ? 'Recalculer les brouillons' : 'Lancer le rapprochement'),
  );
  const link = run ? h('a', { href: href({ page: 'execution', workflow: run.workflow, name: run.name }) }, 'voir l’exécution') : null;
  const state = !run
    ? h('p', {}, 'Aucun calcul lancé pour ce trimestre.')
    : run.status === 'RUNNING'
      ? h(
          'p',
          { id: 'run-state' },
          'Dernier calcul : ',
          badge(EXECUTION_STATUS_LABELS.RUNNING, 'RUNNING'),
          ` depuis le ${when(run.startDate)} — `,
          link,
        )
      : run.status === 'SUCCEEDED'
        ? h(
            'p',
            { id: 'run-state' },
            'Dernier calcul : ',
            badge(EXECUTION_STATUS_LABELS.SUCCEEDED, 'SUCCEEDED'),
            ` le ${when(run.stopDate)} — `,
            link,
          )
        : notice(
            `Le dernier calcul a échoué : ${failure?.cause ?? failure?.error ?? EXECUTION_STATUS_LABELS[run.status]}`,
            'error',
            h('p', {}, 'Corrigez les données puis relancez le calcul, ou ', link, '.'),
          );
  const closed = quarter.status === 'POSTED' || quarter.status === 'APPROVED';
  return section(
    'calcul',
    'Calcul des relevés',
    h('p', {}, 'Le calcul répartit le reste à charge de chaque catégorie entre les membres présents, selon sa clé.'),
    state,
    closed || run?.status === 'RUNNING' ? null : form,
  );
}

/** The drafts per category and per member (a matrix of the members' shares by category), with downloads. */
function drafts(quarter: QuarterView, statements: StatementsView): HTMLElement[] {
  const categories = statements.categories;
  const memberRows = statements.statements.map((s) => [
    s.name,
    String(s.activeDays),
    ...categories.map((c) => {
      const line = s.lines.find((l) => l.category === c.category);
      return line ? euros(line.cents) : '—';
    }),
    euros(s.adjustments.reduce((sum, a) => sum + a.amountCents, 0)),
    euros(s.advancesCents),
    h('strong', {}, euros(s.balanceCents)),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () =>
          void download(
            `/admin/reconciliations/${quarter.quarter}/statements/${s.memberId}?format=html`,
            `releve-${quarter.quarter}-${s.memberId}.html`,
          ),
      },
      'Relevé imprimable',
      h('span', { class: 'visually-hidden' }, ` de ${s.name}`),
    ),
  ]);
  const d = quarter.draft;
  return [
    d
      ? facts([
          ['Relevés', statements.statusLabel],
          ['Calculé le', when(d.computedAt)],
          ['Coût brut', euros(d.totalGrossCents)],
          ['Subventions du trimestre', euros(d.subsidiesCents)],
          ['Reste à charge des membres', euros(d.totalNetCents)],
          ['Crédit de subvention reçu du trimestre précédent', credits(d.carriedIn)],
          ['Crédit de subvention reporté au trimestre suivant', credits(d.carriedOut)],
          ['Membres', String(d.members)],
        ])
      : empty('Pas encore de brouillon.'),
    table(
      'Par catégorie : coût brut, subventions et reste à charge',
      ['Catégorie', 'Clé de répartition', 'Coût brut', 'Subventions affectées', 'Subventions non affectées', 'Reste à charge'],
      categories.map((c) => [
        c.category,
        KEY_LABELS[c.key],
        euros(c.grossCents),
        euros(c.earmarkedCents),
        euros(c.unearmarkedCents),
        euros(c.netCents),
      ]),
      { rowHeaders: true, id: 'categories-table' },
    ),
    table(
      'Par membre : quote-part de chaque catégorie, ajustements, avances et solde',
      ['Membre', 'Jours de présence', ...categories.map((c) => c.category), 'Ajustements', 'Avances versées', 'Solde', 'Relevé'],
      memberRows,
      { rowHeaders: true, id: 'statements-table' },
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          id: 'download-csv',
          onclick: () => void download(`/admin/reconciliations/${quarter.quarter}/statements?format=csv`, `releves-${quarter.quarter}.csv`),
        },
        'Télécharger les relevés (CSV pour la comptabilité)',
      ),
    ),
  ];
}

/** Approve the drafts (they are posted and mailed), or send them back with a reason to be computed again. */
function approvalForm(quarter: QuarterView, context: PageContext): HTMLFormElement {
  const reason = h('textarea', { name: 'reason', rows: 2, maxlength: 1000 });
  const choice = (value: string, label: string) =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'decision', value, required: true }), ` ${label}`);
  const form = h(
    'form',
    {
      id: 'approval-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const decision = (form.elements.namedItem('decision') as RadioNodeList).value;
        const done = await submitting(form, async () => {
          await api('POST', `/admin/reconciliations/${quarter.quarter}/decision`, {
            json: { decision, ...(reason.value.trim() && { reason: reason.value.trim() }) },
          });
          return decision === 'APPROVE'
            ? `Relevés du ${quarterName(quarter.quarter)} approuvés : ils vont être comptabilisés et envoyés aux membres.`
            : 'Brouillons refusés : ils seront recalculés avec les données corrigées.';
        });
        if (done !== null) context.refresh(done);
      },
    },
    h(
      'fieldset',
      { class: 'choices' },
      h('legend', {}, 'Décision sur les brouillons'),
      choice('APPROVE', 'Approuver : comptabiliser et envoyer les relevés'),
      choice('REJECT', 'Refuser : recalculer après correction des données'),
    ),
    field('Motif', reason, 'Conseillé pour un refus : il reste dans l’historique du trimestre.'),
    h('button', { type: 'submit' }, 'Enregistrer la décision'),
  );
  return form;
}

/** A quarter: its input files, its run, its drafts to review and approve, its statements to download. */
export const quarterPage: Page<{ page: 'quarter'; quarter: string }> = async (route, context) => {
  // A quarter with no data yet: the page offers its first import.
  const fresh: QuarterView = {
    quarter: route.quarter,
    status: 'OPEN',
    inputs: {},
    attempt: 1,
    history: [],
    preview: false,
    statusLabel: '',
  };
  const quarter = await api<QuarterView>('GET', `/admin/reconciliations/${encodeURIComponent(route.quarter)}`).catch((error: unknown) => {
    if (error instanceof ApiFailure && error.status === 404) return fresh;
    throw error;
  });
  const statements = quarter.draft ? await api<StatementsView>('GET', `/admin/reconciliations/${quarter.quarter}/statements`) : undefined;
  const latest = await latestRun(quarter.quarter);
  // While a run computes or posts, the page follows the quarter until that is done.
  if (latest.run?.status === 'RUNNING' && quarter.status !== 'DRAFT') {
    const seen = `${quarter.status} ${quarter.draft?.computedAt}`;
    context.every(1500, async () => {
      const [now, run] = await Promise.all([
        api<QuarterView>('GET', `/admin/reconciliations/${quarter.quarter}`),
        latestRun(quarter.quarter),
      ]);
      if (`${now.status} ${now.draft?.computedAt}` !== seen || run.run?.status !== 'RUNNING')
        context.refresh(`${quarterName(quarter.quarter)} : ${QUARTER_STATUS_LABELS[now.status]}.`);
    });
  }
  const runs = href({ page: 'executions', workflow: 'quarterly-reconciliation', businessKey: `recon-${quarter.quarter}` });
  return {
    title: `Rapprochement du ${quarterName(quarter.quarter)}`,
    body: [
      h('p', {}, 'Statut : ', statusBadge(quarter.status), ' — ', h('a', { href: runs }, 'voir ses exécutions')),
      section('donnees', 'Données du trimestre', h('div', { class: 'inputs' }, ...KINDS.map((kind) => inputForm(quarter, kind, context)))),
      runSection(quarter, latest, context),
      section(
        'brouillons',
        quarter.status === 'POSTED' ? 'Relevés comptabilisés' : 'Brouillons des relevés',
        ...(statements ? drafts(quarter, statements) : [empty('Pas encore de brouillon : importez les données puis lancez le calcul.')]),
      ),
      quarter.status === 'DRAFT' ? section('approbation', 'Approbation', approvalForm(quarter, context)) : null,
      quarter.history.length
        ? section(
            'historique',
            'Historique',
            table(
              'Chaque changement de statut du trimestre',
              ['Date', 'Statut', 'Par', 'Motif'],
              quarter.history.map((e) => [when(e.at), QUARTER_STATUS_LABELS[e.status], e.by, e.reason ?? '']),
            ),
          )
        : null,
    ],
  };
};
