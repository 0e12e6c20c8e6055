import * as z from 'zod';
import {
  APPLICATION_STATUSES,
  applicationFormSchema,
  calendarDateSchema,
  decisionSchema,
  ESS_STATUSES,
  LEGAL_FORMS,
  SHARED_SERVICES,
} from '../../domain/application.ts';
import { ALLOCATION_KEYS } from '../../domain/contribution.ts';
import { EXECUTION_STATUSES } from '../../domain/executions.ts';
import { applicationIdSchema, executionNameSchema, quarterSchema } from '../../domain/ids.ts';
import { INPUT_KINDS, ROW_SCHEMAS } from '../../domain/quarter-inputs.ts';
import { QUARTER_STATUS_LABELS, QUARTER_STATUSES } from '../../domain/quarters.ts';
import { siretSchema } from '../../domain/siret.ts';
import type { Application } from '../../store/applications.ts';
import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { route } from '../shared/contract.ts';
import { anyJson, calendarDate, cents, executionArn, instant, message } from '../shared/responses.ts';

/** What admins see of an application: everything but the workflow's task token. */
export function publicApplication({ taskToken: _token, ...application }: Application): Omit<Application, 'taskToken'> {
  return application;
}

/** An execution in an admin route's path: its workflow and its name (`<pôle>--<business key>`). */
export const executionPathSchema = z.object({
  workflow: z.enum(WORKFLOW_NAMES),
  name: executionNameSchema,
});

const TAGS = {
  applications: 'Candidatures',
  members: 'Membres',
  reconciliation: 'Rapprochement trimestriel',
  executions: 'Exécutions et tâches',
  pages: 'Pages',
} as const;

// ── What the routes answer ──────────────────────────────────────────────────────────────────────

const allocationKey = z.enum(ALLOCATION_KEYS);
const historyEntry = <S extends z.ZodType>(status: S) => z.object({ at: instant, status, by: z.string(), reason: z.string().optional() });

const applicationView = z
  .object({
    poleId: z.string(),
    applicationId: z.string(),
    form: applicationFormSchema,
    status: z.enum(APPLICATION_STATUSES),
    submittedAt: instant,
    committee: z.object({ remindAt: z.array(instant), expiresAt: instant }),
    estimate: z
      .object({
        basedOn: z.string().meta({ description: 'Le trimestre comptabilisé sur lequel l’estimation repose.' }),
        totalCents: cents,
        lines: z.array(z.object({ category: z.string(), key: allocationKey, cents })),
      })
      .nullable()
      .optional()
      .meta({ description: 'Contribution trimestrielle estimée de la structure candidate.' }),
    decision: z
      .object({ decision: z.enum(['APPROVE', 'REJECT']), reason: z.string().optional(), decidedBy: z.string(), decidedAt: instant })
      .optional(),
    error: z.object({ error: z.string(), cause: z.string() }).optional(),
    history: z.array(historyEntry(z.enum(APPLICATION_STATUSES))),
  })
  .meta({ id: 'Application' });

const member = z
  .object({
    poleId: z.string(),
    memberId: z.string().meta({ description: 'Le SIRET du membre.' }),
    name: z.string(),
    siret: z.string(),
    legalForm: z.enum(LEGAL_FORMS),
    essStatus: z.enum(ESS_STATUSES),
    areaM2: z.number(),
    fte: z.number(),
    sharedServices: z.array(z.enum(SHARED_SERVICES)),
    startDate: calendarDate,
    leaveDate: calendarDate.optional().meta({ description: 'Date de départ (exclue).' }),
    applicationId: z.string().optional(),
    contactEmail: z.string(),
    areaHolder: z.string(),
    areaReleased: z.boolean().optional(),
    estimatedQuarterlyCents: cents.optional(),
  })
  .meta({ id: 'Member' });

const inputRef = z.object({ importId: z.string(), rows: z.number().int(), importedAt: instant, source: z.enum(['csv', 'json']) });

const categoryResult = z.object({
  category: z.string(),
  key: allocationKey,
  grossCents: cents,
  earmarkedCents: cents,
  unearmarkedCents: cents,
  netCents: cents,
});

const quarterStatus = z.enum(QUARTER_STATUSES).meta({
  description: QUARTER_STATUSES.map((s) => `${s} : ${QUARTER_STATUS_LABELS[s].toLowerCase()}`).join(' ; '),
});

const quarterView = z
  .object({
    quarter: z.string(),
    status: quarterStatus,
    inputs: z.partialRecord(z.enum(INPUT_KINDS), inputRef),
    attempt: z.number().int(),
    draft: z
      .object({
        computedAt: instant,
        totalNetCents: cents,
        carriedInCents: cents,
        carriedOutCents: cents,
        members: z.number().int(),
        categories: z.array(categoryResult),
      })
      .optional(),
    categories: z.array(z.object({ category: z.string(), key: allocationKey, netCents: cents })).optional(),
    carriedOutCents: cents.optional(),
    history: z.array(historyEntry(quarterStatus)),
  })
  .meta({ id: 'Quarter' });

const statement = z
  .object({
    memberId: z.string(),
    name: z.string(),
    activeDays: z.number().int(),
    lines: z.array(z.object({ category: z.string(), key: allocationKey, cents })),
    sharesCents: cents,
    adjustments: z.array(z.object({ label: z.string(), amountCents: cents })),
    advancesCents: cents,
    balanceCents: cents.meta({ description: 'Positif : dû par le membre ; négatif : un avoir.' }),
  })
  .meta({ id: 'Statement' });

const executionSummary = {
  executionArn,
  stateMachineArn: z.string(),
  name: z.string(),
  status: z.enum(EXECUTION_STATUSES),
  startDate: instant,
  stopDate: instant.optional(),
  redriveCount: z.number().int().optional(),
  redriveDate: instant.optional(),
};

const executionView = z
  .object({ ...executionSummary, workflow: z.string(), businessKey: z.string(), durationMs: z.number().int() })
  .meta({ id: 'ExecutionView' });

const historyEvent = z.object({
  id: z.number().int(),
  timestamp: instant,
  type: z.string(),
  stateName: z.string().optional(),
  stateType: z.string().optional(),
  input: anyJson.optional(),
  output: anyJson.optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
});

const step = z.object({
  stateName: z.string(),
  stateType: z.string().optional(),
  run: z.number().int(),
  enteredAt: instant,
  endedAt: instant.optional(),
  durationMs: z.number().int().optional(),
  outcome: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'CAUGHT', 'ABORTED']),
  attempts: z.number().int(),
  error: z.string().optional(),
  cause: z.string().optional(),
  input: anyJson.optional(),
  output: anyJson.optional(),
});

const pendingTask = z
  .object({
    kind: z.string(),
    id: z.string().meta({ description: 'Ce que `pole-admin approve <id>` nomme.' }),
    title: z.string(),
    waitingSince: instant,
    dueAt: instant.optional(),
    details: z.array(z.object({ label: z.string(), value: z.string() })),
    actions: z.array(
      z.object({
        action: z.enum(['approve', 'reject']),
        label: z.string(),
        method: z.literal('POST'),
        path: z.string(),
        body: z.record(z.string(), anyJson),
        reasonField: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'PendingTask' });

// ── What the routes take ────────────────────────────────────────────────────────────────────────

const applicationPath = z.object({ applicationId: applicationIdSchema });
const memberPath = z.object({ memberId: siretSchema });
const quarterPath = z.object({ quarter: quarterSchema });

/** The staff's decision on a quarter's draft statements. */
export const statementDecisionSchema = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT']),
  reason: z.string().trim().min(1).max(1000).optional(),
});

const instantFilter = z.iso.datetime({ offset: true, message: 'Date et heure ISO 8601 attendues, par exemple 2026-10-01T00:00:00Z.' });

const executionsQuery = z
  .strictObject({
    workflow: z.enum(WORKFLOW_NAMES).optional(),
    status: z.enum(EXECUTION_STATUSES).optional(),
    from: instantFilter.optional(),
    to: instantFilter.optional(),
    businessKey: z.string().trim().min(1).max(100).optional().meta({ description: 'Une partie de la clé métier.' }),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    params: { rule: 'after_from' },
    message: 'La fin de la période doit suivre son début.',
  });

const CSV_INPUTS =
  'Export CSV du cabinet comptable (`;`, UTF-8 avec ou sans BOM, virgule décimale, `1 234,56`), en-tête en première ligne. ' +
  'Colonnes par type : costs `categorie;montant;cle[;libelle]` (clé : surface, ETP, egal, usage, fixe) ; ' +
  'subsidies `financeur;montant[;affectation]` ; advances `siret;montant` ; usage `siret;categorie;unites` ; ' +
  'fixed `categorie;siret;part` ; adjustments `siret;libelle;montant` (signé).';

/** Every admin route of this folder, by function id: what it validates, and what it answers. */
export const ADMIN_ROUTES = {
  GetApplication: route({
    auth: 'admin',
    tag: TAGS.applications,
    summary: 'Une candidature, avec son historique',
    path: applicationPath,
    responses: { 200: { description: 'La candidature.', json: applicationView } },
    errors: [404],
  }),
  DecideApplication: route({
    auth: 'admin',
    tag: TAGS.applications,
    summary: 'Décision du comité de pilotage sur une candidature',
    description: 'Un refus doit être motivé (`reason`) : le motif est communiqué à la structure.',
    path: applicationPath,
    body: decisionSchema,
    responses: { 200: { description: 'La candidature, décision enregistrée.', json: applicationView } },
    errors: [404, 409],
  }),
  ListMembers: route({
    auth: 'admin',
    tag: TAGS.members,
    summary: 'Les membres du pôle et la surface libre du bâtiment',
    responses: {
      200: {
        description: 'Les membres et le bâtiment.',
        json: z.object({
          members: z.array(member),
          building: z.object({ name: z.string(), capacityM2: z.number(), freeM2: z.number() }),
        }),
      },
    },
  }),
  GetMember: route({
    auth: 'admin',
    tag: TAGS.members,
    summary: 'Un membre (son identifiant est son SIRET)',
    path: memberPath,
    responses: { 200: { description: 'Le membre.', json: member } },
    errors: [404],
  }),
  RecordLeave: route({
    auth: 'admin',
    tag: TAGS.members,
    summary: 'Départ d’un membre à une date',
    description: 'Sa surface revient au bâtiment à partir de cette date (exclue).',
    path: memberPath,
    body: z.strictObject({ leaveDate: calendarDateSchema }),
    responses: { 200: { description: 'Le membre, avec sa date de départ.', json: member } },
    errors: [404, 409],
  }),
  ImportQuarterInputs: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Import d’un type de données du trimestre (remplace le précédent)',
    description: 'Tout ou rien : chaque ligne refusée est signalée avec sa ligne, son champ et sa règle, et rien n’est importé.',
    path: z.object({ quarter: quarterSchema, kind: z.enum(INPUT_KINDS) }),
    upload: {
      'text/csv': { description: CSV_INPUTS },
      'application/json': {
        description: 'Les lignes en JSON, montants en centimes, du type indiqué par `kind`.',
        schema: z.union(INPUT_KINDS.map((kind) => z.array(ROW_SCHEMAS[kind]).meta({ title: kind }))),
      },
    },
    responses: {
      200: {
        description: 'Les lignes importées.',
        json: z.object({ quarter: z.string(), kind: z.enum(INPUT_KINDS), ...inputRef.shape }),
      },
    },
    errors: [409],
  }),
  GetQuarter: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Un trimestre : statut, données importées, brouillon, historique',
    path: quarterPath,
    responses: { 200: { description: 'Le trimestre.', json: quarterView } },
    errors: [404],
  }),
  StartReconciliation: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Lance le rapprochement du trimestre (ou une nouvelle tentative après un échec)',
    path: quarterPath,
    responses: {
      202: {
        description: 'Rapprochement lancé : les relevés en brouillon seront calculés.',
        json: z.object({ quarter: z.string(), executionArn, message }),
      },
      200: {
        description: 'Trimestre déjà comptabilisé : rien à refaire.',
        json: z.object({ quarter: z.string(), posted: z.literal(true), message }),
      },
    },
    errors: [409],
  }),
  DecideStatements: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Approuve les relevés en brouillon, ou les renvoie au calcul',
    description: 'Approuvés, ils sont comptabilisés et envoyés aux membres ; refusés, ils sont recalculés (corrigez les données d’abord).',
    path: quarterPath,
    body: statementDecisionSchema,
    responses: { 200: { description: 'Le nouveau statut du trimestre.', json: z.object({ quarter: z.string(), status: quarterStatus }) } },
    errors: [404, 409],
  }),
  ListStatements: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Les relevés de tous les membres (JSON, ou CSV pour le cabinet comptable)',
    path: quarterPath,
    query: z.strictObject({ format: z.enum(['json', 'csv']).optional() }),
    responses: {
      200: {
        description: 'Les relevés du trimestre.',
        json: z.object({ quarter: z.string(), status: quarterStatus, categories: z.array(categoryResult), statements: z.array(statement) }),
        csv: 'Avec `?format=csv` : un relevé par ligne, en-têtes en français, `;`.',
        headers: { 'content-disposition': 'En CSV : le nom du fichier, `releves-<trimestre>.csv`.' },
      },
    },
    errors: [404],
  }),
  GetStatement: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Le relevé d’un membre (JSON, ou page imprimable)',
    path: z.object({ quarter: quarterSchema, memberId: siretSchema }),
    query: z.strictObject({ format: z.enum(['json', 'html']).optional() }),
    responses: {
      200: {
        description: 'Le relevé.',
        json: z.object({ quarter: z.string(), status: quarterStatus, statement }),
        html: 'Avec `?format=html` : le relevé imprimable, en français.',
      },
    },
    errors: [404],
  }),
  ListExecutions: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'Les exécutions d’un workflow',
    path: z.object({ workflow: z.enum(WORKFLOW_NAMES) }),
    query: z.strictObject({ status: z.enum(EXECUTION_STATUSES).optional() }),
    responses: {
      200: {
        description: 'Les exécutions du pôle.',
        json: z.object({ workflow: z.string(), executions: z.array(z.object({ ...executionSummary, businessKey: z.string() })) }),
      },
    },
  }),
  GetExecution: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'Une exécution étape par étape, l’étape en échec et ce qu’il est possible de faire',
    path: executionPathSchema,
    responses: {
      200: {
        description: 'L’exécution et son historique.',
        json: z.object({
          execution: executionView.extend({
            input: anyJson.meta({ description: 'L’entrée de l’exécution : des clés, jamais de données personnelles.' }),
            output: anyJson.optional(),
            error: z.string().optional(),
            cause: z.string().optional(),
          }),
          runs: z.array(z.object({ index: z.number().int(), type: z.string(), at: instant })),
          steps: z.array(step),
          failure: z
            .object({
              stateName: z.string(),
              error: z.string().optional(),
              cause: z.string().optional(),
              input: anyJson.optional(),
              at: instant,
            })
            .optional(),
          actions: z.object({ redrive: z.boolean(), stop: z.boolean() }),
          history: z.array(historyEvent),
        }),
      },
    },
    errors: [404],
  }),
  ListAllExecutions: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'Les exécutions de tous les workflows, les plus récentes d’abord',
    description: 'Filtres : workflow, statut, période de début (from/to), partie de la clé métier ; `limit` (200 par défaut).',
    query: executionsQuery,
    responses: {
      200: {
        description: 'Les exécutions et leur nombre total.',
        json: z.object({
          workflows: z.array(z.string()),
          executions: z.array(executionView),
          count: z.number().int(),
          total: z.number().int(),
        }),
      },
    },
  }),
  RedriveExecution: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'Relance une exécution en échec, expirée ou arrêtée',
    path: executionPathSchema,
    responses: {
      202: {
        description: 'Exécution relancée.',
        json: z.object({ executionArn, status: z.literal('RUNNING'), redriveDate: instant, message }),
      },
    },
    errors: [404, 409],
  }),
  StopExecution: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'Arrête une exécution en cours',
    path: executionPathSchema,
    responses: {
      200: {
        description: 'Exécution arrêtée.',
        json: z.object({ executionArn, status: z.enum(EXECUTION_STATUSES), stopDate: instant.optional(), message }),
      },
    },
    errors: [404, 409],
  }),
  ListTasks: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'Ce qui attend une décision (candidatures…), avec les actions possibles',
    responses: { 200: { description: 'Les tâches en attente.', json: z.object({ tasks: z.array(pendingTask), count: z.number().int() }) } },
  }),
  AdminPage: route({
    auth: 'public',
    tag: TAGS.pages,
    summary: 'La page d’administration (elle demande le jeton administrateur)',
    responses: { 200: { description: 'La page.', html: 'La page d’administration, en français.' } },
  }),
};
