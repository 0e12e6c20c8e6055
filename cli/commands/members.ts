import { EXIT } from '../client.ts';
import { type Command, text, usage } from '../command.ts';
import { euros, table } from '../format.ts';

interface Member {
  memberId: string;
  name: string;
  legalForm: string;
  areaM2: number;
  fte: number;
  startDate: string;
  leaveDate?: string;
  areaReleased?: boolean;
  estimatedQuarterlyCents?: number;
}

const GROUP = 'Membres du pôle';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

const memberPath = (siret: string) => `/admin/members/${encodeURIComponent(siret)}`;

/** The `--date` of a dated change: a calendar date, checked here so that a typo never reaches the API. */
function dateOption(value: unknown): string {
  const date = text(value as string | undefined);
  if (!date) throw usage('Date manquante : --date AAAA-MM-JJ.');
  if (!DATE.test(date)) throw usage(`Date attendue au format AAAA-MM-JJ (reçu : ${date}).`);
  return date;
}

function renderMember(m: Member): string {
  return [
    `${m.name}  [${m.memberId}]`,
    `  Forme juridique : ${m.legalForm}`,
    `  Surface : ${NUMBER.format(m.areaM2)} m²    ETP : ${NUMBER.format(m.fte)}`,
    `  Entrée : ${m.startDate}${m.leaveDate ? `    Départ : ${m.leaveDate}${m.areaReleased ? ' (surface rendue)' : ''}` : ''}`,
    ...(m.estimatedQuarterlyCents === undefined ? [] : [`  Contribution trimestrielle estimée : ${euros(m.estimatedQuarterlyCents)}`]),
  ].join('\n');
}

export const MEMBER_COMMANDS: readonly Command[] = [
  {
    name: 'members',
    args: [],
    group: GROUP,
    summary: 'les membres et la surface libre du bâtiment',
    async run(ctx) {
      const data = await ctx.client.call<{ members: Member[]; building: { name: string; capacityM2: number; freeM2: number } }>(
        'GET',
        '/admin/members',
      );
      ctx.show(data, () => {
        const rows = data.members.map((m) => [
          m.name,
          m.memberId,
          `${NUMBER.format(m.areaM2)} m²`,
          NUMBER.format(m.fte),
          m.startDate,
          m.leaveDate ?? '',
        ]);
        const { name, capacityM2, freeM2 } = data.building;
        return [
          table(['Membre', 'SIRET', 'Surface', 'ETP', 'Entrée', 'Départ'], rows),
          `${data.members.length} membre(s). ${name} : ${NUMBER.format(freeM2)} m² libres sur ${NUMBER.format(capacityM2)} m².`,
        ].join('\n');
      });
      return EXIT.ok;
    },
  },
  {
    name: 'member',
    args: ['<siret>'],
    group: GROUP,
    summary: 'un membre',
    async run(ctx, [siret]) {
      const data = await ctx.client.call<Member>('GET', memberPath(siret!));
      ctx.show(data, () => renderMember(data));
      return EXIT.ok;
    },
  },
  {
    name: 'member leave',
    args: ['<siret>'],
    group: GROUP,
    summary: 'enregistre le départ d’un membre à une date',
    detail: 'Sa surface revient au bâtiment à partir de cette date (exclue).',
    options: { date: { type: 'string', value: 'AAAA-MM-JJ', help: 'le jour du départ (exclu), obligatoire' } },
    async run(ctx, [siret], options) {
      const leaveDate = dateOption(options.date);
      const data = await ctx.client.call<Member>('POST', `${memberPath(siret!)}/leave`, { leaveDate });
      ctx.show(
        data,
        () =>
          `Départ enregistré : ${data.name} quitte le pôle le ${data.leaveDate}.${data.areaReleased ? ' Sa surface est rendue au bâtiment.' : ''}`,
      );
      return EXIT.ok;
    },
  },
];
