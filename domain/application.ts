import { createHash } from 'node:crypto';
import * as z from 'zod';
import { isCalendarDate } from './dates.ts';
import { quantitySchema } from './quantities.ts';
import { siretSchema } from './siret.ts';

/** Legal forms of the application form (docs/onboarding.md#the-form); which ones a pôle accepts is the pôle's rule. */
export const LEGAL_FORMS = ['ASSOCIATION', 'SCIC', 'SCOP', 'SA', 'SAS', 'SARL', 'GEIQ', 'EMPLOYERS_GROUP', 'PUBLIC_BODY', 'OTHER'] as const;
export const ESS_STATUSES = ['ESS_LAW_2014', 'ESUS', 'CLASSIC_COMPANY'] as const;
export const SHARED_SERVICES = ['RECEPTION', 'MEETING_ROOMS', 'HR', 'SOCIAL_ENGINEERING', 'RESEARCH_DEVELOPMENT', 'TRAINING'] as const;

export const calendarDateSchema = z.string().refine(isCalendarDate, {
  params: { rule: 'date' },
  message: 'Date attendue au format AAAA-MM-JJ.',
});

const text = (max: number) => z.string().trim().min(1).max(max);

/** The public application form (docs/onboarding.md#the-form). Unknown fields are refused, not ignored. */
export const applicationFormSchema = z.strictObject({
  structureName: text(200),
  siret: siretSchema,
  legalForm: z.enum(LEGAL_FORMS),
  essStatus: z.enum(ESS_STATUSES),
  contact: z.strictObject({
    name: text(120),
    email: z.email().max(254),
    phone: z.string().regex(/^(?:\+33\s?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}$/, {
      message: 'Numéro de téléphone français attendu, par ex. 05 59 00 00 00 ou +33 5 59 00 00 00.',
    }),
  }),
  activity: text(2000),
  // m² and FTE take up to two decimals (33,3 m², 0,75 ETP), computed exactly (domain/quantities.ts).
  requestedAreaM2: quantitySchema(1, 5000),
  desks: z.number().int().min(0).max(500),
  fte: quantitySchema(0, 1000),
  sharedServices: z
    .array(z.enum(SHARED_SERVICES))
    .max(SHARED_SERVICES.length)
    .refine((s) => new Set(s).size === s.length, {
      params: { rule: 'unique' },
      message: 'Chaque service ne peut être demandé qu’une fois.',
    }),
  startDate: calendarDateSchema,
});

export type ApplicationForm = z.output<typeof applicationFormSchema>;

/** Business rules of a form that depend on the day it is received. */
export function startDateProblem(form: ApplicationForm, today: string): string | null {
  return form.startDate < today ? 'La date de début souhaitée ne peut pas être passée.' : null;
}

/**
 * An application's id is derived from its pôle and its exact content, so the same submission sent
 * twice (double click, client retry) names the same application and the same execution.
 */
export function applicationIdOf(poleId: string, form: ApplicationForm): string {
  const canonical = JSON.stringify([poleId, canonicalize(form)]);
  return `app-${form.siret}-${createHash('sha256').update(canonical).digest('hex').slice(0, 10)}`;
}

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonicalize(v)]),
    );
  }
  return value;
}

export const APPLICATION_STATUSES = ['RECEIVED', 'AWAITING_DECISION', 'APPROVED', 'REJECTED', 'ACTIVE', 'EXPIRED', 'FAILED'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/**
 * The open status an application marked FAILED was in. No step marks one FAILED any more (a technical
 * failure stops the execution at its task, docs/onboarding.md#failures-and-compensation); items an
 * earlier version marked so still read as the status they had.
 */
export function statusBeforeFailure(history: readonly { status: ApplicationStatus }[]): 'RECEIVED' | 'AWAITING_DECISION' | 'APPROVED' {
  const previous = history.findLast((h) => h.status !== 'FAILED')?.status;
  return previous === 'AWAITING_DECISION' || previous === 'APPROVED' ? previous : 'RECEIVED';
}

export const decisionSchema = z
  .strictObject({
    decision: z.enum(['APPROVE', 'REJECT']),
    reason: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((d) => d.decision === 'APPROVE' || d.reason !== undefined, {
    path: ['reason'],
    params: { rule: 'required_when_rejecting' },
    message: 'Un refus doit être motivé.',
  });
export type Decision = z.output<typeof decisionSchema>;
