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
import { parisDate } from '../../domain/dates.ts';
import { EXECUTION_STATUSES } from '../../domain/executions.ts';
import { applicationIdSchema, executionNameSchema, poleIdSchema, quarterSchema } from '../../domain/ids.ts';
import { valuesOn } from '../../domain/member-changes.ts';
import { poleSetupSchema } from '../../domain/pole-setup.ts';
import { quantitySchema } from '../../domain/quantities.ts';
import { INPUT_KINDS, ROW_SCHEMAS } from '../../domain/quarter-inputs.ts';
import { hasEnded } from '../../domain/quarters.ts';
import { siretSchema } from '../../domain/siret.ts';
import { CLAIM_DIAGNOSES, CLAIM_STATES } from '../../domain/siret-claims.ts';
import { statusLabel } from '../../domain/statements.ts';
import { clock } from '../../ports/clock.ts';
import type { Application } from '../../store/applications.ts';
import type { Member } from '../../store/members.ts';
import type { Quarter } from '../../store/quarters.ts';
import type { DEFINITIONS } from '../../workflows/definitions.ts';
import { WORKFLOW_NAMES, type WorkflowName } from '../../workflows/names.ts';
import { route } from '../common/contract.ts';
import { anyJson, calendarDate, cents, executionArn, instant, message } from '../common/responses.ts';

/** What admins see of an application: everything but the workflow's task token. */
export function publicApplication({ taskToken: _token, ...application }: Application): Omit<Application, 'taskToken'> {
  return application;
}

/** An execution in an admin route's path: its workflow and its name (`<pôle>--<business key>`). */
export const executionPathSchema = z.object({
  workflow: z.enum(WORKFLOW_NAMES),
  name: executionNameSchema,
});

/**
 * What admins see of a quarter: everything but the workflow's task token, whether its statements
 * are only a preview (the quarter has not ended), and its status in French.
 */
export function publicQuarter({ taskToken: _token, ...quarter }: Quarter) {
  const preview = !hasEnded(quarter.quarter, parisDate(clock().now()));
  return { ...quarter, preview, statusLabel: statusLabel(quarter.status, preview) };
}

/** What admins see of a member: the record with its dated changes, and the area and FTE in force today. */
export function publicMember(member: Member) {
  const today = parisDate(clock().now());
  return { ...member, inForce: { date: today, ...valuesOn(member, today) } };
}

/** A change of a member's area and/or FTE from a date; at least one of them (docs/reconciliation.md#member-changes). */
export const memberChangeSchema = z
  .strictObject({
    effectiveDate: calendarDateSchema,
    areaM2: quantitySchema(0, 5000).optional(),
    fte: quantitySchema(0, 1000).optional(),
  })
  .refine((c) => c.areaM2 !== undefined || c.fte !== undefined, {
    path: ['areaM2'],
    params: { rule: 'area_or_fte' },
    message: 'Indiquez la nouvelle surface (areaM2), le nouvel effectif (fte), ou les deux.',
  });

/** A line of the back-office's list of applications. */
export type ApplicationSummary = {
  applicationId: string;
  structureName: string;
  siret: string;
  legalForm: Application['form']['legalForm'];
  status: Application['status'];
  submittedAt: string;
  requestedAreaM2: number;
  fte: number;
  /** When it expires without the committee's decision. */
  expiresAt: string;
  decidedAt?: string;
};

/** An application as the list shows it: no contact details, no history. */
export const applicationSummary = (a: Application): ApplicationSummary => ({
  applicationId: a.applicationId,
  structureName: a.form.structureName,
  siret: a.form.siret,
  legalForm: a.form.legalForm,
  status: a.status,
  submittedAt: a.submittedAt,
  requestedAreaM2: a.form.requestedAreaM2,
  fte: a.form.fte,
  expiresAt: a.committee.expiresAt,
  ...(a.decision && { decidedAt: a.decision.decidedAt }),
});

/** A quarter as the back-office lists it: everything but its task token and history. */
export type QuarterSummary = Omit<Quarter, 'taskToken' | 'history'>;

export const quarterSummary = ({ taskToken: _token, history: _history, ...quarter }: Quarter): QuarterSummary => quarter;

/** What GET /admin/workflows/{workflow}/definition answers: the workflow's ASL file. */
export type WorkflowDefinitionView = {
  workflow: WorkflowName;
  definition: (typeof DEFINITIONS)[WorkflowName];
};

/** What GET /admin/members answers: the members (with their dated changes and the values in force today), and the building's area. */
export type MembersView = {
  members: ReturnType<typeof publicMember>[];
  building: { name: string; capacityM2: number; freeM2: number };
};

const TAGS = {
  applications: 'Candidatures',
  members: 'Membres',
  reconciliation: 'Rapprochement trimestriel',
  executions: 'Exécutions et tâches',
  pages: 'Pages',
  dayOne: 'Premier jour d’un pôle',
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
    areaM2: z.number().meta({ description: 'Surface (m²) depuis l’entrée ; les changements suivent dans `changes`.' }),
    fte: z.number(),
    changes: z
      .array(
        z.object({
          effectiveDate: calendarDate,
          areaM2: z.number().optional(),
          fte: z.number().optional(),
          recordedAt: instant,
          by: z.string(),
        }),
      )
      .optional(),
    lastChangeDate: calendarDate.optional().meta({ description: 'La date du dernier changement enregistré.' }),
    desks: z.number().int().optional().meta({ description: 'Postes de travail (import des membres existants).' }),
    importId: z.string().optional().meta({ description: 'L’import des membres existants qui l’a enregistré, s’il y a lieu.' }),
    inForce: z
      .object({ date: calendarDate, areaM2: z.number(), fte: z.number() })
      .meta({ description: 'La surface et les ETP en vigueur ce jour.' }),
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

const quarterStatus = z.enum(['OPEN', 'DRAFT', 'APPROVED', 'POSTED']).meta({
  description: 'OPEN : données en cours (ou brouillon périmé) ; DRAFT : relevés à approuver ; APPROVED : approuvé ; POSTED : comptabilisé.',
});

/** Subsidy credits carried from a quarter to the next. */
const credits = z
  .object({ unearmarkedCents: cents, earmarked: z.array(z.object({ category: z.string(), cents })) })
  .meta({ id: 'Credits', description: 'Crédits de subvention reportés : non affecté, et par catégorie.' });

/** How admins see a quarter's status: in French, and whether the quarter has not ended yet (statements then a preview). */
const statusInFrench = {
  preview: z.boolean().meta({ description: 'Le trimestre n’est pas terminé : les relevés sont un aperçu.' }),
  statusLabel: z.string().meta({ description: 'Le statut en français.' }),
};

const quarterView = z
  .object({
    quarter: z.string(),
    status: quarterStatus,
    inputs: z.partialRecord(z.enum(INPUT_KINDS), inputRef),
    attempt: z.number().int(),
    revision: z.number().int().optional().meta({ description: 'Augmente à chaque changement des données dont dépend le brouillon.' }),
    draft: z
      .object({
        computedAt: instant,
        revision: z.number().int(),
        previousPosted: z.boolean(),
        totalGrossCents: cents,
        totalNetCents: cents,
        subsidiesCents: cents,
        carriedIn: credits,
        carriedOut: credits,
        members: z.number().int(),
        categories: z.array(categoryResult),
        approvalWait: z.object({ remindAt: z.array(instant), expiresAt: instant }),
      })
      .optional(),
    categories: z.array(z.object({ category: z.string(), key: allocationKey, netCents: cents })).optional(),
    carriedOut: credits.optional(),
    carriedOutCents: cents.optional(),
    history: z.array(historyEntry(quarterStatus)),
    ...statusInFrench,
  })
  .meta({ id: 'Quarter' });

const statement = z
  .object({
    memberId: z.string(),
    name: z.string(),
    activeDays: z.number().int(),
    periods: z.array(z.object({ from: calendarDate, to: calendarDate, days: z.number().int(), areaM2: z.number(), fte: z.number() })),
    lines: z.array(z.object({ category: z.string(), key: allocationKey, cents })),
    sharesCents: cents,
    adjustments: z.array(z.object({ label: z.string(), amountCents: cents })),
    advancesCents: cents,
    balanceCents: cents.meta({ description: 'Positif : dû par le membre ; négatif : un avoir.' }),
    credits: z.object({ in: credits, out: credits }),
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

/** A line of the back-office's list of applications (ApplicationSummary). */
const applicationSummaryView = z
  .object({
    applicationId: z.string(),
    structureName: z.string(),
    siret: z.string(),
    legalForm: z.enum(LEGAL_FORMS),
    status: z.enum(APPLICATION_STATUSES),
    submittedAt: instant,
    requestedAreaM2: z.number(),
    fte: z.number(),
    expiresAt: instant.meta({ description: 'L’échéance sans décision du comité.' }),
    decidedAt: instant.optional(),
  })
  .meta({ id: 'ApplicationSummary' });

/** A quarter as the back-office lists it (QuarterSummary): the quarter without its history. */
const quarterSummaryView = quarterView.omit({ history: true, preview: true, statusLabel: true }).meta({ id: 'QuarterSummary' });

/** A SIRET's claim with its holder and what it is (domain/siret-claims.ts SiretClaimView). */
const siretClaimView = z
  .object({
    siret: z.string(),
    state: z.enum(CLAIM_STATES).meta({ description: 'PENDING : réservé par une candidature ; MEMBER : par un membre ; RELEASED : libre.' }),
    stateLabel: z.string().meta({ description: 'L’état en français.' }),
    holder: z.object({ applicationId: z.string().optional(), memberId: z.string().optional() }),
    claimedAt: instant,
    application: z
      .object({ exists: z.boolean(), status: z.enum(APPLICATION_STATUSES).optional(), statusLabel: z.string().optional() })
      .optional()
      .meta({
        description: 'Pour une réservation par une candidature : si la candidature existe, et son statut (en français dans statusLabel).',
      }),
    diagnosis: z.enum(CLAIM_DIAGNOSES).meta({
      description:
        'LIVE : candidature en cours ; CONFIRMING : réservé depuis moins de 5 minutes, sans candidature encore ; ORPHAN : sans candidature, plus ancien ; STALE : candidature refusée ou expirée ; MEMBER ; RELEASED.',
    }),
    diagnosisLabel: z.string(),
    orphan: z.boolean(),
    stale: z.boolean(),
    releasable: z.boolean().meta({ description: 'Orpheline ou périmée : « Libérer » la libère.' }),
    released: z
      .object({ by: z.string(), at: instant })
      .optional()
      .meta({ description: 'Qui l’a libérée depuis l’administration, et quand.' }),
  })
  .meta({ id: 'SiretClaim' });

// ── What the routes take ────────────────────────────────────────────────────────────────────────

const applicationPath = z.object({ applicationId: applicationIdSchema });
const memberPath = z.object({ memberId: siretSchema });
const quarterPath = z.object({ quarter: quarterSchema });

/** The staff's decision on a quarter's draft statements. */
export const statementDecisionSchema = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT']),
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Declares this quarter the pôle's first (only when none is declared and no earlier quarter has data). */
  firstQuarter: z.boolean().optional().meta({
    description:
      'Déclare ce trimestre premier trimestre du pôle (s’il n’y en a pas encore et qu’aucun trimestre antérieur n’a de données).',
  }),
});

const applicationsQuery = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  search: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Une partie du nom de la structure (sans tenir compte des accents ni de la casse) ou de son SIRET.' }),
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
/** What a pôle's set-up answers: the outcome, the set-up as it now is, and what changed. */
const poleSetupOutcome = z.looseObject({
  created: z.boolean(),
  changes: z.array(z.looseObject({ field: z.string() })),
  pole: z.looseObject({ version: z.number().int() }),
  message,
});

export const ADMIN_ROUTES = {
  ListApplications: route({
    auth: 'admin',
    tag: TAGS.applications,
    summary: 'Les candidatures du pôle, les plus récentes d’abord',
    description: 'Filtres : statut, partie du nom ou du SIRET (`search`). Sans coordonnées ni historique : voir chaque candidature.',
    query: applicationsQuery,
    responses: {
      200: {
        description: 'Les candidatures et leur nombre.',
        json: z.object({ applications: z.array(applicationSummaryView), count: z.number().int() }),
      },
    },
  }),
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
  ListSiretClaims: route({
    auth: 'admin',
    tag: TAGS.applications,
    summary: 'Les SIRET bloqués : réservations par une candidature (ou par un membre)',
    description:
      'Par défaut les réservations par une candidature (`state=PENDING`), orphelines et périmées d’abord ; `state=MEMBER` celles des membres, `state=ALL` les deux. Une réservation orpheline (sans candidature enregistrée) ou périmée (candidature refusée ou expirée) se libère par `POST …/{siret}/release`.',
    query: z.strictObject({
      state: z.enum(['PENDING', 'MEMBER', 'ALL']).optional().meta({ description: 'PENDING (par défaut), MEMBER ou ALL.' }),
    }),
    responses: {
      200: {
        description: 'Les réservations, leur nombre, et combien sont orphelines ou périmées.',
        json: z.object({ claims: z.array(siretClaimView), count: z.number().int(), releasable: z.number().int() }),
      },
    },
  }),
  ReleaseSiretClaim: route({
    auth: 'admin',
    tag: TAGS.applications,
    summary: 'Libère un SIRET bloqué par une réservation orpheline ou périmée',
    description:
      'Seulement une réservation par une candidature qui n’existe pas (orpheline, depuis plus de 5 minutes) ou qui est refusée ou expirée (périmée). Une candidature en cours, une confirmation de moins de 5 minutes ou un membre : 409 disant quoi faire. Libérer deux fois donne la même réponse.',
    path: z.object({ siret: siretSchema }),
    responses: {
      200: { description: 'La réservation, libre ; qui l’a libérée et quand.', json: z.object({ claim: siretClaimView, message }) },
    },
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
  RecordMemberChange: route({
    auth: 'admin',
    tag: TAGS.members,
    summary: 'Changement de surface et/ou d’ETP d’un membre à une date',
    description:
      'Plus de surface est réservée sur le bâtiment aussitôt (409 nommant ce qui manque) ; moins est rendue à partir de la date. Un changement dans un trimestre approuvé ou comptabilisé est un 409 ; les brouillons des trimestres concernés sont recalculés.',
    path: memberPath,
    body: memberChangeSchema,
    responses: { 201: { description: 'Le membre, avec ses changements datés.', json: member } },
    errors: [404, 409],
  }),
  ImportQuarterInputs: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Import d’un type de données du trimestre (remplace le précédent)',
    description:
      'Tout ou rien : chaque ligne refusée est signalée avec sa ligne, son champ et sa règle, et rien n’est importé. Un fichier sans ligne est un 422, sauf avec `?replace=empty`. Un brouillon en attente d’approbation est recalculé.',
    path: z.object({ quarter: quarterSchema, kind: z.enum(INPUT_KINDS) }),
    query: z.strictObject({
      replace: z.literal('empty').optional().meta({ description: 'Vide ce type de données : seulement avec un fichier sans ligne.' }),
    }),
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
        json: z.object({
          quarter: z.string(),
          kind: z.enum(INPUT_KINDS),
          ...inputRef.shape,
          draftRecomputed: z.boolean().meta({ description: 'Un brouillon en attente d’approbation a été recalculé avec ces données.' }),
        }),
      },
    },
    errors: [409, 422],
  }),
  ListQuarters: route({
    auth: 'admin',
    tag: TAGS.reconciliation,
    summary: 'Les trimestres du pôle, le plus récent d’abord, avec le trimestre en cours et le précédent',
    responses: {
      200: {
        description: 'Les trimestres (statut, données importées, totaux du brouillon), sans leur historique.',
        json: z.object({
          quarters: z.array(quarterSummaryView),
          current: z.string().meta({ description: 'Le trimestre en cours (AAAA-Tn).' }),
          previous: z.string().meta({ description: 'Le trimestre qui le précède : celui à préparer après sa fin.' }),
        }),
      },
    },
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
        json: z.object({
          quarter: z.string(),
          status: quarterStatus,
          ...statusInFrench,
          categories: z.array(categoryResult),
          carriedIn: credits.optional(),
          carriedOut: credits.optional(),
          statements: z.array(statement),
        }),
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
        json: z.object({ quarter: z.string(), status: quarterStatus, ...statusInFrench, categories: z.array(categoryResult), statement }),
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
  GetWorkflowDefinition: route({
    auth: 'admin',
    tag: TAGS.executions,
    summary: 'La définition d’un workflow (son fichier ASL), que la page dessine en graphe',
    path: z.object({ workflow: z.enum(WORKFLOW_NAMES) }),
    responses: {
      200: {
        description: 'Le workflow et sa définition.',
        json: z.object({
          workflow: z.enum(WORKFLOW_NAMES),
          definition: z.looseObject({ StartAt: z.string(), States: z.record(z.string(), anyJson) }).meta({
            description: 'La définition Amazon States Language, telle que le fichier du workflow l’écrit (ARN des fonctions en variables).',
          }),
        }),
      },
    },
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
    summary: 'Le back-office de l’équipe du pôle (la page demande la connexion d’un administrateur)',
    responses: {
      200: {
        description: 'La page.',
        html: 'Le cadre du back-office, en français : il charge le script et la feuille de style (`/admin/assets/{file}`), sans aucune donnée.',
      },
    },
  }),
  BackOfficeAsset: route({
    auth: 'public',
    tag: TAGS.pages,
    summary: 'Le script et la feuille de style du back-office',
    description:
      'Les fichiers construits par esbuild, nommés d’après leur contenu : mis en cache un an sans revalidation. ' +
      'Compressés en gzip pour un navigateur qui l’accepte (`accept-encoding`), le corps étant alors transmis en base64 par API Gateway.',
    path: z.object({ file: z.string().regex(/^[\w.-]{1,100}$/) }),
    responses: {
      200: {
        description: 'Le fichier.',
        files: { 'text/javascript': 'Le script du back-office (un module).', 'text/css': 'La feuille de style du back-office.' },
        headers: {
          'cache-control': '`public, max-age=31536000, immutable`.',
          'content-encoding': '`gzip` quand la requête l’accepte ; absent sinon.',
        },
      },
    },
    errors: [404],
  }),
  SetUpPole: route({
    auth: 'staff',
    tag: TAGS.dayOne,
    summary: 'Configuration d’un pôle : profil et bâtiment (création par un opérateur, mise à jour par ses administrateurs)',
    description:
      'Le même document renvoyé ne change rien ; une valeur changée est une mise à jour, avec un numéro de version et une entrée d’historique. Une surface de bâtiment inférieure à la surface occupée est un 409 qui nomme ce qui manque. Un pôle que le déploiement ne sert pas : 422.',
    path: z.object({ poleId: poleIdSchema }),
    body: poleSetupSchema,
    responses: {
      201: { description: 'Pôle créé.', json: poleSetupOutcome },
      200: { description: 'Configuration mise à jour, ou déjà identique.', json: poleSetupOutcome },
    },
    errors: [403, 409, 422],
  }),
  GetPole: route({
    auth: 'staff',
    tag: TAGS.dayOne,
    summary: 'La configuration d’un pôle, la surface libre de son bâtiment et l’historique',
    path: z.object({ poleId: poleIdSchema }),
    responses: { 200: { description: 'La configuration.', json: z.looseObject({ poleId: z.string(), version: z.number().int() }) } },
    errors: [403, 404],
  }),
  ImportMembers: route({
    auth: 'admin',
    tag: TAGS.dayOne,
    summary: 'Import des membres déjà installés (fichier CSV ou classeur Excel, ou JSON)',
    description:
      'Tout ou rien : chaque cellule refusée est signalée par ligne, colonne et règle (les 100 premières, et leur nombre) ; un SIRET déjà tenu par une candidature ou un autre membre (409 par ligne) ou une surface libre insuffisante (409 nommant ce qui manque) refusent tout le fichier. Le même fichier renvoyé ne change rien.',
    upload: {
      'text/csv': { description: 'CSV comme les autres imports le lisent (séparateur, encodage, ligne `sep=`).' },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { description: 'Classeur Excel `.xlsx`.' },
      'application/json': { description: '`{"members": [...]}`.' },
    },
    responses: {
      200: {
        description: 'Les membres importés.',
        json: z.looseObject({
          importId: z.string(),
          imported: z.number().int(),
          unchanged: z.number().int(),
          building: z.looseObject({ capacityM2: z.number(), freeM2: z.number() }),
          message,
        }),
      },
    },
    errors: [404, 409],
  }),
  GetSignInConfig: route({
    auth: 'public',
    tag: TAGS.pages,
    summary:
      'Comment le personnel se connecte : Cognito (domaine et clients publics, sans secret) en AWS, un jeton sur le runtime embarqué',
    responses: { 200: { description: 'Les réglages de connexion.', json: z.looseObject({ mode: z.enum(['token', 'cognito']) }) } },
  }),
};
