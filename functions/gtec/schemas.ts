import * as z from 'zod';
import { campaignFiltersSchema, campaignRequestSchema } from '../../domain/gtec/campaign.ts';
import { CONTRACT_TYPES, HORIZONS, questionnaireSchema } from '../../domain/gtec/questionnaire.ts';
import { campaignIdSchema, poleIdSchema } from '../../domain/ids.ts';
import type { Campaign } from '../../store/campaigns.ts';
import { route } from '../common/contract.ts';
import { HttpError } from '../common/http.ts';
import { executionArn, instant, message, rowError } from '../common/responses.ts';

/** What every campaign task receives: keys only. */
export const campaignRef = z.object({ poleId: poleIdSchema, campaignId: campaignIdSchema });

/** A survey link's path: its token, looked up by its hash, so only its length is bounded here. */
export const surveyPath = z.object({ token: z.string().max(100) });

/** The answer of a survey route once the campaign is closed (410). */
export const surveyClosed = () =>
  new HttpError(410, 'CAMPAIGN_CLOSED', 'L’enquête est close : les réponses ne sont plus acceptées. Merci de votre intérêt.');

/** A campaign as the back-office shows it: its dates, filters and live progress (sent, reminded, answered, rate). */
export type CampaignView = {
  campaignId: string;
  title: string;
  status: Campaign['status'];
  filters: Campaign['filters'];
  createdAt: string;
  reminders: string[];
  closesAt: string;
  questionnaire: { id: string; version: number };
  progress: { targets: number; sent: number; reminded: number; stuck: number; answered: number; ratePct: number };
  published: boolean;
};

/** The campaign's view, given how many companies answered (a COUNT of its responses) and how many of its mails are stuck. */
export const campaignView = (c: Campaign, answered: number, stuck: number): CampaignView => ({
  campaignId: c.campaignId,
  title: c.title,
  status: c.status,
  filters: c.filters,
  createdAt: c.createdAt,
  reminders: c.reminders,
  closesAt: c.closesAt,
  questionnaire: { id: c.questionnaire.id, version: c.questionnaire.version },
  progress: {
    targets: c.targets ?? 0,
    sent: c.sent ?? 0,
    reminded: c.reminded ?? 0,
    stuck,
    answered,
    ratePct: c.targets ? Math.round((1000 * answered) / c.targets) / 10 : 0,
  },
  published: c.status === 'PUBLISHED',
});

const TAGS = { campaigns: 'Campagnes GTEC', survey: 'Enquête GTEC (entreprises)' } as const;

// ── What the routes answer ──────────────────────────────────────────────────────────────────────

const campaignPath = z.object({ campaignId: campaignIdSchema });
const campaignStatus = z.enum(['OPEN', 'CLOSED', 'PUBLISHED']).meta({
  description: 'OPEN : en cours ; CLOSED : close, résultats en calcul ; PUBLISHED : résultats publiés.',
});
const questionnaireRef = z.object({ id: z.string(), version: z.number().int() });

/** A published figure, or a masked one (built from too few companies: docs/gtec-confidentiality.md). */
const cell = z.union([z.object({ value: z.number() }), z.object({ masked: z.literal(true) })]).meta({ id: 'Cell' });
const keyed = { key: z.string(), label: z.string() };
const segmentRow = z.object({
  ...keyed,
  targets: z.number().int(),
  respondents: cell,
  responseRate: cell,
  includes: z.array(z.object(keyed)).optional(),
});
const hiringRow = z.object({ ...keyed, people: cell });

const publishedResults = z
  .object({
    version: z.number().int(),
    targets: z.number().int(),
    respondents: cell,
    responseRate: cell,
    bySegment: z.array(z.object({ dimension: z.string(), label: z.string(), rows: z.array(segmentRow) })),
    hiring: z.object({ total: cell, byJobFamily: z.array(hiringRow), byContractType: z.array(hiringRow) }),
    difficulties: z.object({ label: z.string(), share: cell }),
    trainingNeeds: z.object({
      ranked: z.array(z.object({ ...keyed, companies: z.number().int() })),
      unranked: z.array(z.object(keyed)),
    }),
  })
  .meta({ id: 'PublishedResults' });

const launched = z.object({ campaignId: z.string(), executionArn, closesAt: instant, reminders: z.array(instant) });

const choice = z.object({ value: z.string(), label: z.string() });

/** A campaign and its live progress, as GetCampaign and ListCampaigns answer it (CampaignView). */
const campaignViewSchema = z
  .object({
    campaignId: z.string(),
    title: z.string(),
    status: campaignStatus,
    filters: campaignRequestSchema.shape.filters.unwrap(),
    createdAt: instant,
    reminders: z.array(instant),
    closesAt: instant,
    questionnaire: questionnaireRef,
    progress: z.object({
      targets: z.number().int(),
      sent: z.number().int(),
      reminded: z.number().int(),
      stuck: z.number().int().meta({
        description:
          'Invitations et relances restées « en cours d’envoi » plus de 5 minutes (envoi interrompu) : la prochaine tentative les envoie.',
      }),
      answered: z.number().int(),
      ratePct: z.number().meta({ description: 'Taux de réponse en %, une décimale.' }),
    }),
    published: z.boolean(),
  })
  .meta({ id: 'CampaignView' });

const segmentChoices = z.array(
  z.object({
    code: z.string(),
    label: z.string(),
    companies: z.number().int().meta({ description: 'Le nombre d’entreprises du répertoire.' }),
  }),
);

/** A query parameter holding a comma-separated list (`nafSections=C,F`), as the list the campaign's filter takes. */
const commaList = <S extends z.ZodType<unknown, string[]>>(schema: S, description: string) =>
  z
    .string()
    .transform((value) => value.split(',').map((v) => v.trim()))
    .pipe(schema)
    .optional()
    .meta({ description });

const filters = campaignFiltersSchema.shape;

/** The campaign form's filters, as query parameters. */
export const targetsQuery = z.strictObject({
  nafSections: commaList(filters.nafSections.unwrap(), 'Sections NAF, séparées par des virgules (`C,F`).'),
  sizeBands: commaList(filters.sizeBands.unwrap(), 'Tranches d’effectif, séparées par des virgules (`10-49,50-249`).'),
  communes: commaList(filters.communes.unwrap(), 'Communes (code INSEE ou nom), séparées par des virgules.'),
});

/** Every route of this folder, by function id: what it validates, and what it answers. */
export const GTEC_ROUTES = {
  ImportCompanies: route({
    auth: 'admin',
    tag: TAGS.campaigns,
    summary: 'Import du répertoire des entreprises (fichier CSV ou classeur Excel)',
    description:
      'Les lignes valables entrent (un SIRET connu est mis à jour) ; chaque ligne refusée et chaque SIRET répété est signalé par ligne, colonne et règle, et laissé de côté (les 100 premières erreurs, et leur nombre). ' +
      'Les colonnes sont reconnues à leur en-tête (SIRET, raison sociale ou nom, code NAF ou APE, tranche d’effectifs ou effectif, commune ou code commune ou code postal, e-mail) ; ' +
      'un fichier sans colonne obligatoire est refusé en entier (400), sans rien écrire. Le contenu du fichier dit ce qu’il est, quel que soit son type déclaré.',
    upload: {
      'text/csv': {
        description:
          'CSV (`;`, `,` ou tabulation, ligne `sep=` comprise ; UTF-8 avec ou sans BOM, Windows-1252, ou le `charset` indiqué), champs entre guillemets.',
      },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        description: 'Classeur Excel `.xlsx` : le premier onglet où l’en-tête est trouvé.',
      },
      'application/octet-stream': { description: 'L’un ou l’autre, tel quel (ce qu’envoie un script).' },
    },
    responses: {
      200: {
        description: 'Ce qui a été importé, et chaque ligne refusée.',
        json: z.object({
          imported: z.number().int(),
          rejected: z.number().int().meta({ description: 'Le nombre de lignes refusées.' }),
          errorCount: z.number().int().meta({ description: 'Le nombre d’erreurs (seules les 100 premières sont listées).' }),
          errors: z.array(
            rowError.extend({
              column: z.string().optional().meta({ description: 'L’en-tête de la colonne, tel que le fichier l’écrit.' }),
            }),
          ),
          message,
          file: z.object({
            format: z.enum(['csv', 'xlsx']),
            encoding: z.string().optional(),
            sheet: z.string().optional(),
            headerLine: z.number().int(),
            columns: z.record(z.string(), z.string()).meta({ description: 'Pour chaque champ, l’en-tête de la colonne lue.' }),
            ignoredColumns: z.array(z.string()),
          }),
        }),
      },
    },
  }),
  CreateCampaign: route({
    auth: 'admin',
    tag: TAGS.campaigns,
    summary: 'Lance une campagne GTEC',
    description:
      'Cibles : toutes les entreprises, ou celles de sections NAF, tranches d’effectif et communes données. Relances par défaut à +7 et +14 jours. Renvoyer le même `campaignId` rend la même campagne.',
    body: campaignRequestSchema,
    responses: {
      202: { description: 'Campagne créée, invitations en cours d’envoi.', json: launched },
      200: { description: 'La campagne existait déjà avec cet identifiant : la même, inchangée.', json: launched },
    },
  }),
  GetCampaign: route({
    auth: 'admin',
    tag: TAGS.campaigns,
    summary: 'Une campagne et son avancement (cibles, envois, relances, réponses)',
    path: campaignPath,
    responses: {
      200: {
        description: 'La campagne.',
        json: campaignViewSchema,
      },
    },
    errors: [404],
  }),
  ListCampaigns: route({
    auth: 'admin',
    tag: TAGS.campaigns,
    summary: 'Les campagnes du pôle, la plus récente d’abord, chacune avec son avancement',
    responses: { 200: { description: 'Les campagnes.', json: z.object({ campaigns: z.array(campaignViewSchema) }) } },
  }),
  CountCampaignTargets: route({
    auth: 'admin',
    tag: TAGS.campaigns,
    summary: 'Combien d’entreprises une campagne avec ces filtres inviterait (le compte en direct du formulaire)',
    description:
      'La même règle que la sélection des cibles d’une campagne ; avec, pour chaque filtre, chaque choix possible et son nombre d’entreprises.',
    query: targetsQuery,
    responses: {
      200: {
        description: 'Le compte et les choix de chaque filtre.',
        json: z.object({
          count: z.number().int().meta({ description: 'Les entreprises que ces filtres ciblent.' }),
          total: z.number().int().meta({ description: 'Les entreprises du répertoire.' }),
          choices: z.object({ nafSection: segmentChoices, sizeBand: segmentChoices, commune: segmentChoices }),
        }),
      },
    },
  }),
  GetCampaignResults: route({
    auth: 'admin',
    tag: TAGS.campaigns,
    summary: 'Les résultats publiés d’une campagne close (JSON, ou CSV pour un tableur)',
    description: 'Tout chiffre construit sur moins de 3 entreprises est masqué, et assez d’autres pour qu’aucun ne puisse être recalculé.',
    path: campaignPath,
    query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
    responses: {
      200: {
        description: 'Les résultats.',
        json: z.object({
          campaignId: z.string(),
          title: z.string(),
          closesAt: instant,
          questionnaire: questionnaireRef,
          results: publishedResults,
        }),
        csv: 'Avec `?format=csv` : les mêmes tableaux, en français.',
        headers: { 'content-disposition': 'En CSV : le nom du fichier, `gtec-<campagne>.csv`.' },
      },
    },
    errors: [404, 422],
  }),
  CampaignReportPage: route({
    auth: 'public',
    tag: TAGS.campaigns,
    summary: 'La page du rapport d’une campagne (elle demande le jeton administrateur)',
    path: campaignPath,
    responses: { 200: { description: 'La page.', html: 'Le rapport, en français, avec ses graphiques en tableaux.' } },
  }),
  GetSurvey: route({
    auth: 'public',
    tag: TAGS.survey,
    summary: 'Ce que montre la page de réponse : le pôle, l’entreprise, l’échéance, le questionnaire, les réponses déjà données',
    description: 'Le jeton est celui du lien personnel reçu par mail ; un jeton inconnu est un 404.',
    path: surveyPath,
    responses: {
      200: {
        description: 'Le questionnaire et les réponses actuelles.',
        json: z.object({
          title: z.string(),
          pole: z.object({ name: z.string() }),
          company: z.object({ name: z.string().nullable() }),
          closesAt: instant,
          questionnaire: questionnaireSchema,
          choices: z.object({
            contractTypes: z.array(choice.extend({ value: z.enum(CONTRACT_TYPES) })),
            horizons: z.array(choice.extend({ value: z.enum(HORIZONS) })),
          }),
          answers: z.record(z.string(), z.unknown()).nullable(),
          submittedAt: instant.nullable(),
        }),
      },
    },
    errors: [404, 410],
  }),
  SubmitAnswers: route({
    auth: 'public',
    tag: TAGS.survey,
    summary: 'Les réponses d’une entreprise',
    description:
      'Vérifiées contre le questionnaire de la campagne (400 nommant chaque question en cause) ; une nouvelle réponse remplace la précédente jusqu’à la clôture.',
    path: surveyPath,
    body: z.object({ answers: z.unknown().meta({ description: 'Par identifiant de question, la réponse.' }) }),
    responses: {
      200: {
        description: 'Réponses enregistrées.',
        json: z.object({
          saved: z.literal(true),
          replaced: z.boolean(),
          submissions: z.number().int(),
          submittedAt: instant,
          message,
        }),
      },
    },
    errors: [404, 410, 429],
  }),
  SurveyPage: route({
    auth: 'public',
    tag: TAGS.survey,
    summary: 'La page de réponse qu’une entreprise ouvre depuis son mail',
    path: surveyPath,
    responses: { 200: { description: 'La page.', html: 'Le formulaire de réponse, en français.' } },
  }),
};
