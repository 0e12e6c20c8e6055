import {
  APPLICATION_STATUS_LABELS,
  ESS_STATUS_LABELS,
  KEY_LABELS,
  LEGAL_FORM_LABELS,
  SHARED_SERVICE_LABELS,
} from '../../../domain/labels.ts';
import type { ApplicationSummary, ApplicationView, SiretClaimsView, SiretClaimView } from '../../lib/api-types.ts';
import { euros, fte, longDate, squareMetres, when } from '../../lib/format.ts';
import { href } from '../../lib/routes.ts';
import { api, path } from '../api.ts';
import { badge, empty, facts, field, h, section, table } from '../dom.ts';
import { notice, type Page, type PageContext, submitting } from '../page.ts';

/** An application's status as a badge: its French label, coloured like the executions' statuses. */
const STATUS_KINDS: Record<ApplicationView['status'], string> = {
  RECEIVED: 'RUNNING',
  AWAITING_DECISION: 'WAITING',
  APPROVED: 'SUCCEEDED',
  ACTIVE: 'SUCCEEDED',
  REJECTED: 'ABORTED',
  EXPIRED: 'TIMED_OUT',
  FAILED: 'FAILED',
};
const statusBadge = (status: ApplicationView['status']) => badge(APPLICATION_STATUS_LABELS[status], STATUS_KINDS[status]);

/** Every status, in the vocabulary's order. */
const STATUSES = Object.keys(APPLICATION_STATUS_LABELS) as ApplicationView['status'][];

/** « Libérer », confirmed: POST …/release; a refusal (the claim came alive meanwhile) shows next to the button. */
function releaseForm(claim: SiretClaimView, context: PageContext): HTMLFormElement {
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        if (!confirm(`Libérer le SIRET ${claim.siret} ? Une nouvelle candidature pourra le réserver.`)) return;
        const done = await submitting(form, async () => {
          const { message } = await api<{ message: string }>('POST', `/admin/siret-claims/${encodeURIComponent(claim.siret)}/release`);
          return message;
        });
        if (done !== null) context.refresh(done);
      },
    },
    h('button', { type: 'submit', class: 'danger', 'aria-label': `Libérer le SIRET ${claim.siret}` }, 'Libérer'),
  );
  return form;
}

/**
 * SIRET bloqués: claims that hold a SIRET for nothing — an orphan (no application was recorded) or
 * a stale one (its application was refused or expired) — each freed by « Libérer » (docs/rules.md#siret).
 */
function blockedSirets({ claims }: SiretClaimsView, context: PageContext): HTMLElement {
  const blocked = claims.filter((c) => c.releasable);
  return section(
    'siret-bloques',
    'SIRET bloqués',
    h(
      'p',
      { class: 'hint' },
      'Une réservation orpheline (la candidature n’a jamais été enregistrée) ou périmée (la candidature est refusée ou expirée) empêche toute nouvelle candidature pour ce SIRET : libérez-la.',
    ),
    blocked.length
      ? table(
          'SIRET bloqués par une réservation orpheline ou périmée',
          ['SIRET', 'Réservé par la candidature', 'Depuis le', 'Candidature', 'Diagnostic', 'Action'],
          blocked.map((c) => [
            c.siret,
            c.application?.exists && c.holder.applicationId
              ? h('a', { href: href({ page: 'application', applicationId: c.holder.applicationId }) }, c.holder.applicationId)
              : (c.holder.applicationId ?? '—'),
            when(c.claimedAt),
            c.application?.exists ? (c.application.statusLabel ?? '') : 'Inexistante',
            c.diagnosisLabel,
            releaseForm(c, context),
          ]),
          { rowHeaders: true, id: 'siret-claims-table' },
        )
      : empty('Aucun SIRET bloqué par une réservation orpheline ou périmée.'),
  );
}

/** Candidatures: every application, by status, newest first; then the SIRETs blocked for nothing. */
export const applicationsPage: Page<{ page: 'applications'; status?: string }> = async (route, context) => {
  const [{ applications }, claims] = await Promise.all([
    api<{ applications: ApplicationSummary[] }>('GET', path('/admin/applications', { status: route.status })),
    api<SiretClaimsView>('GET', '/admin/siret-claims'),
  ]);
  const status = h(
    'select',
    { name: 'status', id: 'filtre-statut' },
    h('option', { value: '' }, 'Tous les statuts'),
    ...STATUSES.map((s) => h('option', { value: s, selected: s === route.status }, APPLICATION_STATUS_LABELS[s])),
  );
  const filters = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event: Event) => {
        event.preventDefault();
        context.navigate({ page: 'applications', ...(status.value && { status: status.value }) });
      },
    },
    field('Statut', status),
    h('button', { type: 'submit' }, 'Filtrer'),
  );
  status.addEventListener('change', () => filters.requestSubmit());
  return {
    title: 'Candidatures',
    body: [
      filters,
      applications.length
        ? table(
            `Candidatures${route.status ? ` — ${APPLICATION_STATUS_LABELS[route.status as ApplicationView['status']] ?? route.status}` : ''}, les plus récentes d’abord`,
            ['Structure', 'SIRET', 'Forme juridique', 'Surface demandée', 'Déposée le', 'Statut', 'Échéance du comité'],
            applications.map((a) => [
              h('a', { href: href({ page: 'application', applicationId: a.applicationId }) }, a.structureName),
              a.siret,
              LEGAL_FORM_LABELS[a.legalForm],
              squareMetres(a.requestedAreaM2),
              when(a.submittedAt),
              statusBadge(a.status),
              a.status === 'AWAITING_DECISION' || a.status === 'RECEIVED' ? when(a.expiresAt) : '—',
            ]),
            { rowHeaders: true, id: 'applications-table' },
          )
        : empty('Aucune candidature ne correspond.'),
      blockedSirets(claims, context),
    ],
  };
};

/** The automatic checks' outcome, from the history: passed once the application waited for the committee. */
function checks(application: ApplicationView): HTMLElement {
  if (application.history.some((e) => e.status === 'AWAITING_DECISION'))
    return notice('Conformes : forme juridique acceptée par le pôle, surface demandée disponible dans le bâtiment.', 'ok');
  if (application.status === 'REJECTED') return notice(`Refusée automatiquement : ${application.decision?.reason ?? ''}`, 'error');
  if (application.status === 'RECEIVED') return notice('Contrôles en cours.', 'info');
  return notice('Les contrôles n’ont pas abouti : voir l’exécution.', 'error');
}

function estimate(application: ApplicationView): HTMLElement {
  const e = application.estimate;
  if (!e) return empty('Pas d’estimation : aucun trimestre n’est encore comptabilisé.');
  return h(
    'div',
    {},
    h('p', {}, `Contribution trimestrielle estimée : `, h('strong', {}, euros(e.totalCents)), ` (d’après le ${e.basedOn}).`),
    table(
      'Détail de l’estimation par catégorie',
      ['Catégorie', 'Clé de répartition', 'Montant'],
      e.lines.map((l) => [l.category, KEY_LABELS[l.key], euros(l.cents)]),
      { rowHeaders: true },
    ),
  );
}

/** Approve, or reject with a reason the applicant will read: POST …/decision. */
function decisionForm(application: ApplicationView, context: PageContext): HTMLFormElement {
  const reason = h('textarea', { name: 'reason', rows: 3, maxlength: 1000 });
  const choice = (value: string, label: string) =>
    h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'decision', value, required: true }), ` ${label}`);
  const form = h(
    'form',
    {
      id: 'decision-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const decision = (form.elements.namedItem('decision') as RadioNodeList).value;
        const done = await submitting(form, async () => {
          await api('POST', `/admin/applications/${application.applicationId}/decision`, {
            json: { decision, ...(reason.value.trim() && { reason: reason.value.trim() }) },
          });
          return decision === 'APPROVE' ? 'Candidature approuvée.' : 'Candidature refusée.';
        });
        if (done !== null) context.refresh(done);
      },
    },
    h('fieldset', { class: 'choices' }, h('legend', {}, 'Décision du comité'), choice('APPROVE', 'Approuver'), choice('REJECT', 'Refuser')),
    field('Motif', reason, 'Obligatoire pour un refus : il est communiqué au demandeur.'),
    h('button', { type: 'submit' }, 'Enregistrer la décision'),
  );
  return form;
}

/** A candidature: the form, the checks, the estimate, the committee's decision and the history. */
export const applicationPage: Page<{ page: 'application'; applicationId: string }> = async (route, context) => {
  const a = await api<ApplicationView>('GET', `/admin/applications/${encodeURIComponent(route.applicationId)}`);
  const f = a.form;
  const execution = href({ page: 'execution', workflow: 'member-onboarding', name: `${a.poleId}--${a.applicationId}` });
  return {
    title: `Candidature de ${f.structureName}`,
    body: [
      h('p', {}, 'Statut : ', statusBadge(a.status), ' — ', h('a', { href: execution }, 'suivre son exécution')),
      section(
        'dossier',
        'Dossier',
        facts([
          ['SIRET', f.siret],
          ['Forme juridique', LEGAL_FORM_LABELS[f.legalForm]],
          ['Statut ESS', ESS_STATUS_LABELS[f.essStatus]],
          ['Activité', f.activity],
          ['Surface demandée', squareMetres(f.requestedAreaM2)],
          ['Postes de travail', String(f.desks)],
          ['Équivalents temps plein', fte(f.fte)],
          ['Services mutualisés', f.sharedServices.map((s) => SHARED_SERVICE_LABELS[s]).join(', ') || 'aucun'],
          ['Début souhaité', longDate(f.startDate)],
          ['Contact', `${f.contact.name} — ${f.contact.email} — ${f.contact.phone}`],
          ['Déposée le', when(a.submittedAt)],
          ['Sans décision, expire le', when(a.committee.expiresAt)],
        ]),
      ),
      section('controles', 'Contrôles automatiques', checks(a)),
      section('estimation', 'Estimation de la contribution', estimate(a)),
      section(
        'decision',
        'Décision',
        a.status === 'AWAITING_DECISION'
          ? decisionForm(a, context)
          : a.decision
            ? facts([
                ['Décision', a.decision.decision === 'APPROVE' ? 'Approuvée' : 'Refusée'],
                ['Par', a.decision.decidedBy],
                ['Le', when(a.decision.decidedAt)],
                ...(a.decision.reason ? [['Motif', a.decision.reason] as [string, string]] : []),
              ])
            : empty('Pas encore de décision.'),
      ),
      section(
        'historique',
        'Historique',
        table(
          'Chaque changement de statut de la candidature',
          ['Date', 'Statut', 'Par', 'Motif'],
          a.history.map((e) => [when(e.at), APPLICATION_STATUS_LABELS[e.status], e.by, e.reason ?? '']),
          { id: 'history-table' },
        ),
      ),
    ],
  };
};
