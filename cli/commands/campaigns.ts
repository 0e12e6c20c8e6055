import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Cell, PublishedResults } from '../../domain/gtec/results.ts';
import { CAMPAIGN_ID_PATTERN } from '../../domain/ids.ts';
import { EXIT } from '../client.ts';
import { type Command, type Context, intervalMs, list, save, text, until, usage } from '../command.ts';
import { issuesReport, percent, table, when } from '../format.ts';

interface Campaign {
  campaignId: string;
  title: string;
  status: 'OPEN' | 'CLOSED' | 'PUBLISHED';
  closesAt: string;
  reminders: string[];
  progress: { targets: number; sent: number; reminded: number; answered: number; ratePct: number };
}

interface Results {
  campaignId: string;
  title: string;
  closesAt: string;
  results: PublishedResults;
}

const CAMPAIGNS = 'Campagnes GTEC';

const STATUS_LABELS: Record<Campaign['status'], string> = {
  OPEN: 'En cours',
  CLOSED: 'Close, résultats en calcul',
  PUBLISHED: 'Close, résultats publiés',
};

function campaignArg(value: string | undefined): string {
  if (!value || !CAMPAIGN_ID_PATTERN.test(value))
    throw usage(`Identifiant de campagne : minuscules, chiffres et tirets, 3 à 39 caractères (reçu : ${value ?? 'rien'}).`);
  return value;
}

const campaignPath = (id: string) => `/admin/campaigns/${id}`;

/** What a spreadsheet file is sent as; the API reads the bytes (docs/gtec.md#companies). */
const SPREADSHEETS: Record<string, string> = {
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A published figure as people read it: masked ones say why. */
const figure = (cell: Cell, format: (n: number) => string = String): string =>
  'masked' in cell ? 'masqué (moins de 3 entreprises)' : format(cell.value);

/** One line of progress, for logs and pipes (a terminal gets the bars). */
const progressLine = (c: Campaign): string =>
  `${c.campaignId} — ${STATUS_LABELS[c.status]} : ${c.progress.sent}/${c.progress.targets} invitation(s), ${c.progress.reminded} relance(s), ` +
  `${c.progress.answered} réponse(s) (${percent(c.progress.ratePct)})`;

function renderCampaign(c: Campaign): string {
  return [
    `Campagne « ${c.title} » (${c.campaignId}) : ${STATUS_LABELS[c.status]}`,
    `  Clôture : ${when(c.closesAt)}${c.reminders.length ? `    Relances : ${c.reminders.map(when).join(', ')}` : ''}`,
    `  Entreprises ciblées : ${c.progress.targets}    Invitations envoyées : ${c.progress.sent}    Relances : ${c.progress.reminded}`,
    `  Réponses : ${c.progress.answered} (${percent(c.progress.ratePct)})`,
  ].join('\n');
}

/** The report's headline figures. */
function renderHeadline({ campaignId, title, results: r }: Results): string {
  const ranked = r.trainingNeeds.ranked
    .filter((t) => t.companies > 0)
    .slice(0, 5)
    .map((t) => `${t.label} (${t.companies})`);
  return [
    `Campagne « ${title} » (${campaignId}) — résultats publiés`,
    `  Entreprises ciblées : ${r.targets}`,
    `  Entreprises répondantes : ${figure(r.respondents)} — taux de réponse ${figure(r.responseRate, percent)}`,
    `  Recrutements prévus à 12 mois : ${figure(r.hiring.total)}`,
    `  ${r.difficulties.label} : ${figure(r.difficulties.share, percent)}`,
    `  Besoins de formation les plus cités : ${ranked.length ? ranked.join(', ') : '—'}`,
    `Rapport complet : pole-admin campaign results ${campaignId} --csv, ou la page ${campaignPath(campaignId)}/report.`,
  ].join('\n');
}

function renderHiring({ results: r }: Results): string {
  const rows = r.hiring.byJobFamily.map((h) => [h.label, figure(h.people)]);
  return table(['Famille de métiers', 'Recrutements prévus'], rows);
}

/** Follows a campaign until its results are published: bars on a terminal, a line at each change elsewhere. */
async function watch(ctx: Context, id: string, every: number): Promise<number> {
  const bars = ctx.progress(['Invitations envoyées', 'Réponses']);
  let last = '';
  try {
    await until(ctx, every, async () => {
      const c = await ctx.client.call<Campaign>('GET', campaignPath(id));
      const { targets, sent, answered, reminded } = c.progress;
      bars.update({
        'Invitations envoyées': { value: sent, total: targets, detail: reminded ? `· ${reminded} relance(s)` : '' },
        Réponses: {
          value: answered,
          total: targets,
          detail: `(${percent(c.progress.ratePct)}) · ${STATUS_LABELS[c.status].toLowerCase()}`,
        },
      });
      const line = progressLine(c);
      if (line !== last && !ctx.json && !ctx.io.progress?.isTTY) ctx.io.out(line);
      last = line;
      return c.status === 'PUBLISHED' ? c : undefined;
    });
  } finally {
    bars.stop();
  }
  const results = await ctx.client.call<Results>('GET', `${campaignPath(id)}/results`);
  ctx.show(results, () => renderHeadline(results));
  return EXIT.ok;
}

export const CAMPAIGN_COMMANDS: readonly Command[] = [
  {
    name: 'companies import',
    args: ['<fichier>'],
    group: CAMPAIGNS,
    summary: 'importe le répertoire des entreprises ; les lignes refusées sont listées',
    detail:
      'Un fichier CSV ou un classeur Excel (.xlsx) ; les colonnes sont reconnues à leur en-tête (SIRET, raison sociale, code NAF, tranche d’effectifs ou effectif, commune, e-mail). Les lignes valables entrent (un SIRET connu est mis à jour) ; chaque ligne refusée est listée et laissée de côté (code de sortie 1).',
    async run(ctx, [file]) {
      const media = SPREADSHEETS[extname(file!).toLowerCase()];
      if (!media) throw usage(`${file} : un fichier ${Object.keys(SPREADSHEETS).join(' ou ')} est attendu.`);
      const bytes = await readFile(file!).catch((error: NodeJS.ErrnoException) => {
        throw usage(`Fichier illisible : ${file} (${error.code ?? error.message}).`);
      });
      const bar = ctx.progress(['Import']);
      bar.update({ Import: { value: 0, total: 1, detail: basename(file!) } });
      const data = await ctx.client
        .upload<{
          imported: number;
          rejected: number;
          errorCount: number;
          errors: { line: number; column?: string; field: string; rule: string; message: string }[];
          message: string;
        }>('/admin/companies/import', media, bytes)
        .finally(() => bar.stop());
      ctx.show(data, () => [data.message, issuesReport(data.errors)].filter(Boolean).join('\n'));
      return data.rejected > 0 ? EXIT.refused : EXIT.ok;
    },
  },
  {
    name: 'campaign create',
    args: [],
    group: CAMPAIGNS,
    summary: 'lance une campagne GTEC',
    detail: 'Elle vise toutes les entreprises du répertoire, ou celles des sections NAF, tranches d’effectif et communes données.',
    options: {
      id: { type: 'string', value: 'ID', help: 'son identifiant (minuscules, chiffres, tirets) ; sinon généré' },
      title: { type: 'string', value: '"titre"', help: 'son titre (« Enquête GTEC » par défaut)' },
      closes: { type: 'string', value: 'ISO', help: 'sa clôture, date et heure ISO 8601 (obligatoire), par ex. 2027-03-31T18:00:00+02:00' },
      reminder: { type: 'string', multiple: true, value: 'ISO', help: 'une date de relance (jusqu’à 3 ; +7 et +14 jours par défaut)' },
      naf: { type: 'string', multiple: true, value: 'A,C…', help: 'sections NAF visées' },
      size: { type: 'string', multiple: true, value: '10-49,…', help: 'tranches d’effectif visées (0-9, 10-49, 50-249, 250+)' },
      commune: { type: 'string', multiple: true, value: 'NOM,…', help: 'communes visées' },
    },
    async run(ctx, _args, o) {
      const closesAt = text(o.closes);
      if (!closesAt) throw usage('Date de clôture manquante : --closes 2027-03-31T18:00:00+02:00.');
      const filters = { nafSections: list(o.naf), sizeBands: list(o.size), communes: list(o.commune) };
      const body = {
        ...(text(o.id) && { campaignId: text(o.id) }),
        ...(text(o.title) && { title: text(o.title) }),
        closesAt,
        ...(list(o.reminder) && { reminders: list(o.reminder) }),
        filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
      };
      const data = await ctx.client.call<{ campaignId: string; closesAt: string; reminders: string[] }>('POST', '/admin/campaigns', body);
      ctx.show(data, () =>
        [
          `Campagne ${data.campaignId} lancée : clôture le ${when(data.closesAt)}${data.reminders.length ? `, relances le ${data.reminders.map(when).join(', ')}` : ''}.`,
          `Suivre : pole-admin campaign watch ${data.campaignId}`,
        ].join('\n'),
      );
      return EXIT.ok;
    },
  },
  {
    name: 'campaign',
    args: ['<id>'],
    group: CAMPAIGNS,
    summary: 'une campagne et son avancement',
    async run(ctx, [id]) {
      const path = campaignPath(campaignArg(id));
      const data = await ctx.client.call<Campaign>('GET', path);
      ctx.show(data, () => renderCampaign(data));
      return EXIT.ok;
    },
  },
  {
    name: 'campaign watch',
    args: ['<id>'],
    group: CAMPAIGNS,
    summary: 'suit une campagne en direct jusqu’à sa clôture, puis ses chiffres clés',
    options: { interval: { type: 'string', value: 'S', help: 'secondes entre deux consultations (5 par défaut)' } },
    run: (ctx, [id], o) => watch(ctx, campaignArg(id), intervalMs(o.interval, 5)),
  },
  {
    name: 'campaign results',
    args: ['<id>'],
    group: CAMPAIGNS,
    summary: 'les résultats publiés (--csv : pour un tableur)',
    options: {
      csv: { type: 'boolean', help: 'le CSV au lieu du résumé' },
      out: { type: 'string', value: 'FICHIER', help: 'enregistre le CSV dans ce fichier' },
    },
    async run(ctx, [raw], o) {
      const id = campaignArg(raw);
      if (o.csv) {
        const { text: csv } = await ctx.client.download(`${campaignPath(id)}/results?format=csv`);
        await save(ctx, csv, text(o.out), 'Résultats CSV');
        return EXIT.ok;
      }
      if (text(o.out)) throw usage('--out enregistre un fichier : ajoutez --csv.');
      const data = await ctx.client.call<Results>('GET', `${campaignPath(id)}/results`);
      ctx.show(data, () => `${renderHeadline(data)}\n\n${renderHiring(data)}`);
      return EXIT.ok;
    },
  },
];
