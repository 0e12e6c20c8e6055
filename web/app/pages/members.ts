import { LEGAL_FORM_LABELS } from '../../../domain/labels.ts';
import type { MembersView } from '../../lib/api-types.ts';
import { count, fte, longDate, percent, squareMetres } from '../../lib/format.ts';
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

/** Membres et bâtiment: the building's occupancy, the members with their areas and FTE, departures. */
export const membersPage: Page<{ page: 'members' }> = async (_route, context) => {
  const { members, building } = await api<MembersView>('GET', '/admin/members');
  const occupied = building.capacityM2 - building.freeM2;
  const present = members.filter((m) => !m.leaveDate || m.leaveDate > today());
  const sorted = [...members].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const forms = h('div', { id: 'member-forms' });
  const rows = sorted.map((m) => [
    m.name,
    m.siret,
    LEGAL_FORM_LABELS[m.legalForm],
    squareMetres(m.areaM2),
    fte(m.fte),
    longDate(m.startDate),
    presence(m),
    m.leaveDate
      ? ''
      : h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            dataset: { member: m.memberId },
            onclick: () => {
              forms.replaceChildren(leaveForm(m, context));
              forms.querySelector('input')?.focus();
            },
          },
          'Enregistrer un départ',
          h('span', { class: 'visually-hidden' }, ` de ${m.name}`),
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
              ['Membre', 'SIRET', 'Forme juridique', 'Surface', 'ETP', 'Arrivée', 'Présence', 'Action'],
              rows,
              { rowHeaders: true, id: 'members-table' },
            )
          : empty('Aucun membre pour l’instant.'),
        forms,
      ),
    ],
  };
};
