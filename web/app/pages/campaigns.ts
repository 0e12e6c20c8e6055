import { CAMPAIGN_STATUS_LABELS } from '../../../domain/labels.ts';
import type { CampaignBody, CampaignView, CompanyImportReport, ExecutionDetailView, TargetSummary } from '../../lib/api-types.ts';
import { count, percent, when } from '../../lib/format.ts';
import { href } from '../../lib/routes.ts';
import { api, download, path } from '../api.ts';
import { badge, checkboxes, checked, empty, facts, field, h, section, table } from '../dom.ts';
import { focusNotice, importRefused, lineErrors } from '../imports.ts';
import { notice, type Page, type PageContext, submitting } from '../page.ts';

type Segment = keyof TargetSummary['choices'];
type Filters = NonNullable<CampaignBody['filters']>;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUS_KINDS: Record<CampaignView['status'], string> = { OPEN: 'RUNNING', CLOSED: 'WAITING', PUBLISHED: 'SUCCEEDED' };
const statusBadge = (status: CampaignView['status']) => badge(CAMPAIGN_STATUS_LABELS[status], STATUS_KINDS[status]);

/** The form's filter fields, by the campaign filter they fill. */
const FILTERS: { segment: Segment; name: keyof Filters; legend: string }[] = [
  { segment: 'nafSection', name: 'nafSections', legend: 'Secteurs d’activité (sections NAF)' },
  { segment: 'sizeBand', name: 'sizeBands', legend: 'Tailles (tranches d’effectif)' },
  { segment: 'commune', name: 'communes', legend: 'Communes' },
];

/** The filters chosen on the form: a filter with nothing ticked is left out (every company). */
function chosenFilters(form: HTMLFormElement): Filters {
  const filters: Record<string, string[]> = {};
  for (const { name } of FILTERS) {
    const values = checked(form, name);
    if (values.length) filters[name] = values;
  }
  return filters as Filters;
}

const countPath = (filters: Filters) =>
  path('/admin/campaigns/targets/count', Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, (v as string[]).join(',')])));

/** The company registry's import: a CSV or .xlsx file; valid rows go in, every bad line is listed against the file. */
function importSection(total: number, context: PageContext): HTMLElement {
  const file = h('input', {
    type: 'file',
    name: 'file',
    accept: `.csv,.txt,.xlsx,text/csv,${XLSX_TYPE}`,
    required: true,
    id: 'fichier-entreprises',
  });
  const button = h('button', { type: 'submit' }, 'Importer');
  const outcome = h('div', { class: 'outcome', id: 'import-report' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      id: 'companies-import',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return;
        // A workbook's lines are not text: its errors are listed without the line's content.
        const text = /\.xlsx$/i.test(chosen.name) ? '' : await chosen.text();
        button.disabled = true;
        try {
          const report = await api<CompanyImportReport>('POST', '/admin/companies/import', { file: chosen });
          if (report.errors.length === 0) return context.refresh(report.message);
          outcome.replaceChildren(
            notice(report.message, 'error'),
            lineErrors(`Lignes de « ${chosen.name} » laissées de côté`, text, report.errors),
          );
          focusNotice(outcome);
        } catch (error) {
          outcome.replaceChildren(importRefused(`Erreurs de « ${chosen.name} », ligne par ligne`, text, error));
          focusNotice(outcome);
        } finally {
          button.disabled = false;
        }
      },
    },
    field(
      'Fichier des entreprises (CSV ou Excel .xlsx)',
      file,
      'Colonnes reconnues par leur en-tête : SIRET, raison sociale, code NAF, tranche d’effectif ou effectif, commune (ou code INSEE, code postal), e-mail.',
    ),
    button,
  );
  return section('registre', 'Registre des entreprises', h('p', {}, `${count(total, 'entreprise')} au registre.`), form, outcome);
}

/** A new campaign: its filters from lists with French labels, the live count of the companies they target. */
function campaignForm(summary: TargetSummary, context: PageContext): HTMLElement {
  const live = h('p', { id: 'target-count', class: 'live-count', 'aria-live': 'polite' });
  const showCount = (s: TargetSummary) => {
    live.textContent = `${count(s.count, 'entreprise ciblée', 'entreprises ciblées')} sur ${s.total} au registre.`;
  };
  showCount(summary);
  let pending: number | undefined;
  let asked = 0;
  const recount = () => {
    clearTimeout(pending);
    pending = window.setTimeout(async () => {
      const mine = ++asked;
      const s = await api<TargetSummary>('GET', countPath(chosenFilters(form))).catch(() => undefined);
      if (s && mine === asked) showCount(s);
    }, 250);
  };
  const inAWeek = new Date(Date.now() + 30 * 86_400_000);
  const closes = h('input', {
    type: 'datetime-local',
    name: 'closesAt',
    required: true,
    value: `${inAWeek.toLocaleDateString('en-CA')}T18:00`,
  });
  const title = h('input', { name: 'title', required: true, maxlength: 200, value: 'Enquête GTEC' });
  const id = h('input', { name: 'campaignId', pattern: '[a-z0-9][a-z0-9-]{2,38}', placeholder: 'gtec-2027', maxlength: 39 });
  const form: HTMLFormElement = h(
    'form',
    {
      id: 'campaign-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const body: CampaignBody = {
          title: title.value.trim(),
          ...(id.value.trim() && { campaignId: id.value.trim() }),
          filters: chosenFilters(form),
          closesAt: new Date(closes.value).toISOString(),
        };
        let created: { campaignId: string } | undefined;
        const done = await submitting(form, async () => {
          created = await api<{ campaignId: string }>('POST', '/admin/campaigns', { json: body });
          return `Campagne « ${body.title} » lancée : les invitations partent.`;
        });
        if (done !== null && created) {
          context.navigate({ page: 'campaign', campaignId: created.campaignId });
        }
      },
    },
    field('Titre', title),
    field('Identifiant (facultatif)', id, 'Lettres minuscules, chiffres et tirets, par exemple gtec-2027 ; donné automatiquement sinon.'),
    field('Clôture', closes, 'Les relances partent automatiquement 7 et 14 jours après le lancement.'),
    ...FILTERS.map(({ segment, name, legend }) =>
      checkboxes(
        legend,
        name,
        summary.choices[segment].map((c) => ({ value: c.code, label: `${c.label} (${c.companies})` })),
        recount,
      ),
    ),
    h('p', { class: 'hint' }, 'Sans case cochée dans une liste, ce critère ne filtre pas.'),
    live,
    h('button', { type: 'submit' }, 'Lancer la campagne'),
  );
  return section('nouvelle-campagne', 'Nouvelle campagne', form);
}

/** Entreprises et campagnes: the registry's import, a new campaign with its live count, the campaigns. */
export const campaignsPage: Page<{ page: 'campaigns' }> = async (_route, context) => {
  const [summary, { campaigns }] = await Promise.all([
    api<TargetSummary>('GET', '/admin/campaigns/targets/count'),
    api<{ campaigns: CampaignView[] }>('GET', '/admin/campaigns'),
  ]);
  return {
    title: 'Entreprises et campagnes',
    body: [
      importSection(summary.total, context),
      campaignForm(summary, context),
      section(
        'campagnes',
        'Campagnes',
        campaigns.length
          ? table(
              'Les campagnes du pôle, de la plus récente à la plus ancienne',
              ['Campagne', 'Statut', 'Entreprises ciblées', 'Invitations', 'Relances', 'Réponses', 'Taux de réponse', 'Clôture'],
              campaigns.map((c) => [
                h('a', { href: href({ page: 'campaign', campaignId: c.campaignId }) }, c.title),
                statusBadge(c.status),
                String(c.progress.targets),
                String(c.progress.sent),
                String(c.progress.reminded),
                String(c.progress.answered),
                percent(c.progress.ratePct),
                when(c.closesAt),
              ]),
              { rowHeaders: true, id: 'campaigns-table' },
            )
          : empty('Aucune campagne pour l’instant.'),
      ),
    ],
  };
};

/** The campaign's progress: figures as a table, the rate also as a progress bar. */
function progress(c: CampaignView): HTMLElement[] {
  const p = c.progress;
  return [
    h(
      'div',
      { class: 'occupancy' },
      h('label', { for: 'taux' }, `Taux de réponse : ${percent(p.ratePct)}`),
      h('progress', { id: 'taux', max: 100, value: p.ratePct }),
    ),
    table(
      'Avancement de la campagne',
      ['Entreprises ciblées', 'Invitations envoyées', 'Relances envoyées', 'Réponses', 'Taux de réponse'],
      [[String(p.targets), String(p.sent), String(p.reminded), String(p.answered), percent(p.ratePct)]],
      { id: 'progress-table' },
    ),
    p.stuck > 0
      ? notice(
          `${p.stuck === 1 ? '1 envoi interrompu' : `${p.stuck} envois interrompus`} depuis plus de 5 minutes (arrêt du système en plein envoi) : ` +
            'ils seront envoyés de nouveau à la prochaine tentative de l’exécution. S’il en reste, relancez l’exécution depuis sa page.',
          'error',
        )
      : null,
  ].filter((node): node is HTMLDivElement => node !== null);
}

/** A campaign: its filters and dates, its progress (followed live), its execution, its report and exports. */
export const campaignPage: Page<{ page: 'campaign'; campaignId: string }> = async (route, context) => {
  const id = encodeURIComponent(route.campaignId);
  const [c, summary, runs] = await Promise.all([
    api<CampaignView>('GET', `/admin/campaigns/${id}`),
    api<TargetSummary>('GET', '/admin/campaigns/targets/count'),
    api<{ executions: ExecutionDetailView['execution'][] }>(
      'GET',
      path('/admin/executions', { workflow: 'gtec-campaign', businessKey: `campaign-${route.campaignId}`, limit: '1' }),
    ),
  ]);
  const labelOf = (segment: Segment, code: string) => summary.choices[segment].find((x) => x.code === code)?.label ?? code;
  const filterText = (segment: Segment, codes: readonly string[] | undefined) =>
    codes ? codes.map((code) => labelOf(segment, code)).join(', ') : 'toutes';
  const box = h('div', { id: 'progress' }, ...progress(c));
  if (c.status !== 'PUBLISHED') {
    context.every(2000, async () => {
      const now = await api<CampaignView>('GET', `/admin/campaigns/${id}`);
      if (now.status !== c.status) return context.refresh(`Campagne « ${c.title} » : ${CAMPAIGN_STATUS_LABELS[now.status]}.`);
      box.replaceChildren(...progress(now));
    });
  }
  const run = runs.executions[0];
  return {
    title: `Campagne « ${c.title} »`,
    body: [
      h(
        'p',
        {},
        'Statut : ',
        statusBadge(c.status),
        run ? [' — ', h('a', { href: href({ page: 'execution', workflow: run.workflow, name: run.name }) }, 'suivre son exécution')] : null,
      ),
      section(
        'suivi',
        'Suivi',
        box,
        facts([
          ['Lancée le', when(c.createdAt)],
          ['Relances', c.reminders.map(when).join(' ; ') || 'aucune'],
          ['Clôture', when(c.closesAt)],
          ['Secteurs', filterText('nafSection', c.filters.nafSections)],
          ['Tailles', filterText('sizeBand', c.filters.sizeBands)],
          ['Communes', filterText('commune', c.filters.communes)],
          ['Questionnaire', `version ${c.questionnaire.version}`],
        ]),
      ),
      section(
        'resultats',
        'Rapport et exports',
        c.published
          ? h(
              'div',
              { class: 'actions' },
              h('a', { href: `/admin/campaigns/${id}/report`, class: 'button', id: 'report-link' }, 'Ouvrir le rapport'),
              h(
                'button',
                {
                  type: 'button',
                  class: 'secondary',
                  id: 'results-csv',
                  onclick: () => void download(`/admin/campaigns/${id}/results?format=csv`, `gtec-${route.campaignId}.csv`),
                },
                'Télécharger les résultats (CSV)',
              ),
            )
          : empty('Le rapport et les exports sont disponibles après la clôture, une fois les résultats publiés.'),
      ),
    ],
  };
};
