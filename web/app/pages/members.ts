import { LEGAL_FORM_LABELS } from '../../../domain/labels.ts';
import type { MemberChangeBody, MembersView } from '../../lib/api-types.ts';
import { count, fte, longDate, percent, squareMetres, when } from '../../lib/format.ts';
import { api } from '../api.ts';
import { badge, empty, field, h, section, table } from '../dom.ts';
import { type Page, type PageContext, submitting } from '../page.ts';

type Member = MembersView['members'][number];

const today = (): string => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });

/** Present, leaving on a date to come, or gone: in words, with a colour that only repeats them. */
function presence(member: Member): HTMLElement {
  if (!member.leaveDate) return badge('Présent', 'SUCCEEDED');
  return member.leaveDate > today()
    ? badge(`Départ le ${longDate(member.leaveDate)}`, 'RUNNING')
    : badge(`Parti le ${longDate(member.leaveDate)}`, 'ABORTED');
}

/** The departure form of one member: its leave date (exclusive), posted to …/leave. */
function leaveForm(member: Member, context: PageContext): HTMLFormElement {
  const date = h('input', { type: 'date', name: 'leaveDate', required: true, id: `depart-${member.memberId}` });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const done = await submitting(form, async () => {
          await api('POST', `/admin/members/${member.memberId}/leave`, { json: { leaveDate: date.value } });
          return `Départ de ${member.name} enregistré au ${longDate(date.value)}.`;
        });
        if (done !== null) context.refresh(done);
      },
    },
    field(`Date de départ de ${member.name}`, date, 'Premier jour où le membre n’est plus là : sa surface revient au bâtiment ce jour-là.'),
    h('button', { type: 'submit' }, 'Enregistrer le départ'),
  );
  return form;
}

/** A change of area and/or FTE from a date (POST …/changes): the building's free area follows, drafts are computed again. */
function changeForm(member: Member, context: PageContext): HTMLFormElement {
  const date = h('input', { type: 'date', name: 'effectiveDate', required: true });
  const area = h('input', { type: 'number', name: 'areaM2', min: 0, step: '0.01', inputmode: 'decimal' });
  const people = h('input', { type: 'number', name: 'fte', min: 0, step: '0.01', inputmode: 'decimal' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const body: MemberChangeBody = {
          effectiveDate: date.value,
          ...(area.value !== '' && { areaM2: Number(area.value) }),
          ...(people.value !== '' && { fte: Number(people.value) }),
        };
        const done = await submitting(form, async () => {
          await api('POST', `/admin/members/${member.memberId}/changes`, { json: body });
          return `Changement de ${member.name} enregistré à partir du ${longDate(date.value)}.`;
        });
        if (done !== null) context.refresh(done);
      },
    },
    h('p', { class: 'form-title' }, `Surface et effectif de ${member.name}`),
    field('À partir du', date),
    field(`Nouvelle surface (m², aujourd’hui ${squareMetres(member.inForce.areaM2)})`, area),
    field(`Nouveaux équivalents temps plein (aujourd’hui ${fte(member.inForce.fte)})`, people, 'Jusqu’à deux décimales, par exemple 3,75.'),
    h('button', { type: 'submit' }, 'Enregistrer le changement'),
  );
  return form;
}

/** Every recorded change, the latest effective date first. */
function changesTable(members: readonly Member[]): HTMLElement {
  const rows = members
    .flatMap((m) => (m.changes ?? []).map((c) => ({ m, c })))
    .sort((a, b) => b.c.effectiveDate.localeCompare(a.c.effectiveDate) || a.m.name.localeCompare(b.m.name, 'fr'))
    .map(({ m, c }) => [
      m.name,
      longDate(c.effectiveDate),
      c.areaM2 !== undefined ? squareMetres(c.areaM2) : 'inchangée',
      c.fte !== undefined ? fte(c.fte) : 'inchangés',
      when(c.recordedAt),
      c.by,
    ]);
  return rows.length
    ? table(
        'Changements de surface et d’effectif, par date d’effet',
        ['Membre', 'À partir du', 'Surface', 'ETP', 'Enregistré le', 'Par'],
        rows,
        {
          rowHeaders: true,
          id: 'changes-table',
        },
      )
    : empty('Aucun changement enregistré.');
}

/** Membres et bâtiment: the building's occupancy, the members with their areas and FTE, dated changes, departures. */
export const membersPage: Page<{ page: 'members' }> = async (_route, context) => {
  const { members, building } = await api<MembersView>('GET', '/admin/members');
  const occupied = building.capacityM2 - building.freeM2;
  const present = members.filter((m) => !m.leaveDate || m.leaveDate > today());
  const sorted = [...members].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const forms = h('div', { id: 'member-forms' });
  /** A row's button that opens its form below the table (and moves the focus there). */
  const actionButton = (label: string, m: Member, form: () => HTMLFormElement) =>
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        dataset: { member: m.memberId },
        onclick: () => {
          forms.replaceChildren(form());
          forms.querySelector('input')?.focus();
        },
      },
      label,
      h('span', { class: 'visually-hidden' }, ` : ${m.name}`),
    );
  const rows = sorted.map((m) => [
    m.name,
    m.siret,
    LEGAL_FORM_LABELS[m.legalForm],
    squareMetres(m.inForce.areaM2),
    fte(m.inForce.fte),
    longDate(m.startDate),
    presence(m),
    m.leaveDate
      ? ''
      : h(
          'div',
          { class: 'row-actions' },
          actionButton('Modifier', m, () => changeForm(m, context)),
          actionButton('Départ', m, () => leaveForm(m, context)),
        ),
  ]);
  return {
    title: 'Membres et bâtiment',
    body: [
      section(
        'batiment',
        building.name,
        h(
          'div',
          { class: 'occupancy' },
          h('label', { for: 'occupation' }, `Surface occupée : ${squareMetres(occupied)} sur ${squareMetres(building.capacityM2)}`),
          h('meter', { id: 'occupation', min: 0, max: building.capacityM2, value: occupied, high: building.capacityM2 * 0.9 }),
          h(
            'p',
            { id: 'surface-libre' },
            `Surface libre : ${squareMetres(building.freeM2)} (${percent(building.capacityM2 ? (100 * building.freeM2) / building.capacityM2 : 0)}).`,
          ),
        ),
      ),
      section(
        'membres',
        `Membres (${count(present.length, 'présent', 'présents')})`,
        members.length
          ? table(
              'Membres du pôle, avec leur surface et leurs équivalents temps plein',
              ['Membre', 'SIRET', 'Forme juridique', 'Surface en vigueur', 'ETP en vigueur', 'Arrivée', 'Présence', 'Actions'],
              rows,
              { rowHeaders: true, id: 'members-table' },
            )
          : empty('Aucun membre pour l’instant.'),
        forms,
      ),
      section('changements', 'Changements enregistrés', changesTable(members)),
    ],
  };
};
