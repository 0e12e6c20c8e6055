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
  changes?: { effectiveDate: string; areaM2?: number; fte?: number }[];
  /** The area and FTE in force today (changes applied). */
  inForce?: { date: string; areaM2: number; fte: number };
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

/** A quantity option (`12,5` or `12.5`), sent as a number; the API checks its range and decimals. */
function quantityOption(name: string, value: unknown): number | undefined {
  const raw = text(value as string | undefined);
  if (raw === undefined) return undefined;
  const n = Number(raw.replace(',', '.'));
  if (!/^\d+([.,]\d+)?$/.test(raw) || !Number.isFinite(n)) throw usage(`${name} attend un nombre, par ex. 12,5 (reçu : ${raw}).`);
  return n;
}

function renderMember(m: Member): string {
  return [
    `${m.name}  [${m.memberId}]`,
    `  Forme juridique : ${m.legalForm}`,
    `  Surface : ${NUMBER.format(m.inForce?.areaM2 ?? m.areaM2)} m²    ETP : ${NUMBER.format(m.inForce?.fte ?? m.fte)}${m.inForce ? ` (au ${m.inForce.date})` : ''}`,
    ...(m.changes ?? []).map(
      (c) =>
        `  Changement au ${c.effectiveDate} :${c.areaM2 === undefined ? '' : ` surface ${NUMBER.format(c.areaM2)} m²`}${c.fte === undefined ? '' : ` ETP ${NUMBER.format(c.fte)}`}`,
    ),
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
          `${NUMBER.format(m.inForce?.areaM2 ?? m.areaM2)} m²`,
          NUMBER.format(m.inForce?.fte ?? m.fte),
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
  {
    name: 'member change',
    args: ['<siret>'],
    group: GROUP,
    summary: 'change la surface et/ou les ETP d’un membre à partir d’une date',
    detail:
      'Plus de surface est réservée sur le bâtiment aussitôt (refusé s’il en manque) ; moins est rendue à partir de la date. Un changement dans un trimestre approuvé ou comptabilisé est refusé ; les brouillons des trimestres concernés sont recalculés.',
    options: {
      date: { type: 'string', value: 'AAAA-MM-JJ', help: 'le jour où le changement prend effet (inclus), obligatoire' },
      area: { type: 'string', value: 'M2', help: 'la nouvelle surface en m² (deux décimales au plus, virgule ou point)' },
      fte: { type: 'string', value: 'ETP', help: 'le nouvel effectif en ETP (deux décimales au plus)' },
    },
    async run(ctx, [siret], options) {
      const effectiveDate = dateOption(options.date);
      const areaM2 = quantityOption('--area', options.area);
      const fte = quantityOption('--fte', options.fte);
      if (areaM2 === undefined && fte === undefined)
        throw usage('Indiquez la nouvelle surface (--area), le nouvel effectif (--fte), ou les deux.');
      const data = await ctx.client.call<Member>('POST', `${memberPath(siret!)}/changes`, {
        effectiveDate,
        ...(areaM2 !== undefined && { areaM2 }),
        ...(fte !== undefined && { fte }),
      });
      ctx.show(data, () => [`Changement enregistré au ${effectiveDate}.`, renderMember(data)].join('\n'));
      return EXIT.ok;
    },
  },
];
