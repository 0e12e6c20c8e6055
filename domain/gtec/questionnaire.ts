import * as z from 'zod';
import type { FieldIssue } from '../errors.ts';
import { toFieldIssues } from '../validation.ts';

/**
 * A GTEC questionnaire is data (docs/gtec.md#questionnaire): versioned JSON, validated here with zod. A campaign
 * keeps a copy of the version it was launched with, so answers are always checked against the
 * questions the company was shown.
 */
const id = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/);
const label = z.string().trim().min(1).max(300);
const option = z.strictObject({ value: id, label });
const base = { id, label, required: z.boolean().default(false), help: z.string().max(500).optional() };

export const CONTRACT_TYPES = ['CDI', 'CDD', 'ALTERNANCE', 'INTERIM', 'SAISONNIER'] as const;
export const HORIZONS = ['0-3M', '3-6M', '6-12M'] as const;

export const questionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('single'), options: z.array(option).min(2) }),
  z.strictObject({ ...base, kind: z.literal('multiple'), options: z.array(option).min(2), max: z.number().int().min(1).optional() }),
  z.strictObject({
    ...base,
    kind: z.literal('number'),
    min: z.number().default(0),
    max: z.number().default(1_000_000),
    integer: z.boolean().default(true),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('scale'),
    min: z.number().int().default(1),
    max: z.number().int().default(5),
    minLabel: z.string().optional(),
    maxLabel: z.string().optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('text'), maxLength: z.number().int().min(1).max(5000).default(1000) }),
  z.strictObject({
    ...base,
    kind: z.literal('hiring'),
    jobFamilies: z.array(option).min(1),
    maxLines: z.number().int().min(1).max(50).default(20),
  }),
]);
export type Question = z.output<typeof questionSchema>;

export const questionnaireSchema = z.strictObject({
  id,
  version: z.number().int().min(1),
  title: label,
  intro: z.string().max(2000).optional(),
  questions: z
    .array(questionSchema)
    .min(1)
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'Identifiants de questions en double.' }),
});
export type Questionnaire = z.output<typeof questionnaireSchema>;

export type HiringLine = {
  jobFamily: string;
  count: number;
  contractType: (typeof CONTRACT_TYPES)[number];
  horizon: (typeof HORIZONS)[number];
};
export type Answers = Record<string, string | string[] | number | HiringLine[]>;

const valuesOf = (q: { options: { value: string }[] }) => q.options.map((o) => o.value) as [string, ...string[]];

/** The zod schema of one question's answer. */
function answerSchema(q: Question): z.ZodType {
  switch (q.kind) {
    case 'single':
      return z.enum(valuesOf(q));
    case 'multiple':
      return z
        .array(z.enum(valuesOf(q)))
        .max(q.max ?? q.options.length)
        .refine((a) => new Set(a).size === a.length, { message: 'Réponse en double.' });
    case 'number':
      return (q.integer ? z.number().int() : z.number()).min(q.min).max(q.max);
    case 'scale':
      return z.number().int().min(q.min).max(q.max);
    case 'text':
      return z.string().trim().max(q.maxLength);
    case 'hiring':
      return z
        .array(
          z.strictObject({
            // A job family of the list, or a ROME code (one letter, four digits, e.g. H2913).
            jobFamily: z.union([z.enum(valuesOf({ options: q.jobFamilies })), z.string().regex(/^[A-N]\d{4}$/)]),
            count: z.number().int().min(1).max(1000),
            contractType: z.enum(CONTRACT_TYPES),
            horizon: z.enum(HORIZONS),
          }),
        )
        .max(q.maxLines);
  }
}

// Building a version's schema costs more than checking answers with it (the answer route is the
// busiest one): kept per questionnaire object, which a warm function reuses while it caches the campaign.
const schemas = new WeakMap<Questionnaire, { shape: Record<string, z.ZodType>; schema: z.ZodType }>();

function schemaOf(questionnaire: Questionnaire): { shape: Record<string, z.ZodType>; schema: z.ZodType } {
  let built = schemas.get(questionnaire);
  if (!built) {
    const shape = Object.fromEntries(questionnaire.questions.map((q) => [q.id, q.required ? answerSchema(q) : answerSchema(q).optional()]));
    built = { shape, schema: z.strictObject(shape) };
    schemas.set(questionnaire, built);
  }
  return built;
}

/** Validates answers against a questionnaire version; issues name the question ids at fault. */
export function checkAnswers(questionnaire: Questionnaire, answers: unknown): { answers: Answers } | { issues: FieldIssue[] } {
  const { shape, schema } = schemaOf(questionnaire);
  const result = schema.safeParse(answers, { reportInput: true });
  if (result.success) return { answers: result.data as Answers };
  // A required question left out is `required`, whatever its kind (zod reports enums as one_of).
  const given = (answers ?? {}) as Record<string, unknown>;
  return {
    issues: toFieldIssues(result.error.issues).map((i) =>
      i.field in shape && given[i.field] === undefined ? { ...i, rule: 'required', message: 'Réponse obligatoire.' } : i,
    ),
  };
}
