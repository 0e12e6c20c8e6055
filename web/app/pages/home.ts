import { CAMPAIGN_STATUS_LABELS, QUARTER_STATUS_LABELS, WORKFLOW_LABELS } from '../../../domain/labels.ts';
import type { CampaignView, ExecutionDetailView, PendingTask, QuarterSummary, SiretClaimsView } from '../../lib/api-types.ts';
import { count, euros, percent, quarterName, when } from '../../lib/format.ts';
import { href } from '../../lib/routes.ts';
import { api } from '../api.ts';
import { empty, h, section } from '../dom.ts';
import type { Page } from '../page.ts';
import { taskCard } from '../tasks.ts';

type Execution = ExecutionDetailView['execution'];

/**
 * Accueil: what needs the staff first — tasks waiting for a decision, failed executions, drafts
 * to approve, campaigns under way — each one click (or one button) from acting on it.
 */
export const homePage: Page<{ page: 'home' }> = async (_route, context) => {
  const [tasks, failed, quarters, campaigns, claims] = await Promise.all([
    api<{ tasks: PendingTask[] }>('GET', '/admin/tasks'),
    api<{ executions: Execution[]; total: number }>('GET', '/admin/executions?status=FAILED&limit=20'),
    api<{ quarters: QuarterSummary[] }>('GET', '/admin/reconciliations'),
    api<{ campaigns: CampaignView[] }>('GET', '/admin/campaigns'),
    api<SiretClaimsView>('GET', '/admin/siret-claims'),
  ]);
  const drafts = quarters.quarters.filter((q) => q.status === 'DRAFT');
  const running = campaigns.campaigns.filter((c) => c.status !== 'PUBLISHED');
  // Tasks for drafts already appear as drafts below when the API lists them as tasks too.
  return {
    title: 'Accueil',
    body: [
      h(
        'p',
        { class: 'lead' },
        `${count(tasks.tasks.length, 'décision attendue', 'décisions attendues')}, ${count(failed.total, 'exécution en échec', 'exécutions en échec')}, ${count(drafts.length, 'trimestre à approuver', 'trimestres à approuver')}, ${count(running.length, 'campagne en cours', 'campagnes en cours')}.`,
      ),
      section(
        'a-decider',
        'Décisions attendues',
        tasks.tasks.length
          ? h('ul', { class: 'cards' }, ...tasks.tasks.map((t) => taskCard(t, context)))
          : empty('Aucune décision en attente.'),
      ),
      // Shown only when a SIRET is blocked for nothing: rare, and then it keeps a structure from applying.
      claims.releasable === 0
        ? null
        : section(
            'siret-a-liberer',
            'SIRET bloqués',
            h(
              'p',
              {},
              `${count(claims.releasable, 'SIRET bloqué', 'SIRET bloqués')} par une réservation orpheline ou périmée : `,
              h('a', { href: href({ page: 'applications' }) }, 'les voir et les libérer'),
              '.',
            ),
          ),
      section(
        'en-echec',
        'Exécutions en échec',
        failed.executions.length
          ? h(
              'ul',
              { class: 'links' },
              ...failed.executions.map((e) =>
                h(
                  'li',
                  { dataset: { name: e.name } },
                  h(
                    'a',
                    { href: href({ page: 'execution', workflow: e.workflow, name: e.name }) },
                    `${WORKFLOW_LABELS[e.workflow as keyof typeof WORKFLOW_LABELS] ?? e.workflow} — ${e.businessKey}`,
                  ),
                  ` (en échec depuis le ${when(e.stopDate)})`,
                ),
              ),
            )
          : empty('Aucune exécution en échec.'),
      ),
      section(
        'brouillons',
        'Brouillons à approuver',
        drafts.length
          ? h(
              'ul',
              { class: 'links' },
              ...drafts.map((q) =>
                h(
                  'li',
                  {},
                  h('a', { href: href({ page: 'quarter', quarter: q.quarter }) }, quarterName(q.quarter)),
                  ` — ${QUARTER_STATUS_LABELS[q.status]}${q.draft ? `, reste à charge ${euros(q.draft.totalNetCents)} pour ${count(q.draft.members, 'membre')}` : ''}`,
                ),
              ),
            )
          : empty('Aucun brouillon en attente.'),
      ),
      section(
        'campagnes-en-cours',
        'Campagnes en cours',
        running.length
          ? h(
              'ul',
              { class: 'links' },
              ...running.map((c) =>
                h(
                  'li',
                  {},
                  h('a', { href: href({ page: 'campaign', campaignId: c.campaignId }) }, c.title),
                  ` — ${CAMPAIGN_STATUS_LABELS[c.status]} : ${c.progress.answered} réponse(s) sur ${c.progress.targets} (${percent(c.progress.ratePct)}), clôture le ${when(c.closesAt)}`,
                ),
              ),
            )
          : empty('Aucune campagne en cours.'),
      ),
    ],
  };
};
