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
const fr = (n: number) => n.toLocaleString('fr-FR');
/** A ROME job code: one letter, four digits (e.g. H2913), accepted in place of a job family. */
const ROME_CODE = /^[A-N]\d{4}$/;

// Messages say what to do, in plain French (a company fills the form in alone): never a pattern.
const between = (min: number, max: number) => `Indiquez un nombre de ${fr(min)} à ${fr(max)}.`;

/** The zod schema of one question's answer. */
function answerSchema(q: Question): z.ZodType {
  switch (q.kind) {
    case 'single':
      return z.enum(valuesOf(q), { error: 'Choisissez une des réponses proposées.' });
    case 'multiple': {
      const most = q.max ?? q.options.length;
      return z
        .array(z.enum(valuesOf(q), { error: 'Cochez des réponses parmi celles proposées.' }), {
          error: 'Cochez une ou plusieurs réponses.',
        })
        .max(most, { error: `Cochez au plus ${fr(most)} réponses.` })
        .refine((a) => new Set(a).size === a.length, { error: 'Chaque réponse ne peut être cochée qu’une fois.' });
    }
    case 'number': {
      const n = z.number({ error: 'Indiquez un nombre, en chiffres.' });
      return (q.integer ? n.int({ error: 'Indiquez un nombre entier.' }) : n)
        .min(q.min, { error: between(q.min, q.max) })
        .max(q.max, { error: between(q.min, q.max) });
    }
    case 'scale': {
      const choose = `Choisissez une valeur de ${q.min} à ${q.max}.`;
      return z.number({ error: choose }).int({ error: choose }).min(q.min, { error: choose }).max(q.max, { error: choose });
    }
    case 'text':
      return z
        .string({ error: 'Répondez par un texte.' })
        .trim()
        .max(q.maxLength, { error: `Votre réponse est trop longue : ${fr(q.maxLength)} caractères au plus.` });
    case 'hiring': {
      const families = new Set(q.jobFamilies.map((f) => f.value));
      const pick = 'Choisissez un métier dans la liste.';
      return z
        .array(
          z.strictObject({
            // A job family of the list, or a ROME code.
            jobFamily: z
              .string({ error: pick })
              .refine((v) => families.has(v) || ROME_CODE.test(v), { error: pick, params: { rule: 'job_family' } }),
            count: z
              .number({ error: 'Indiquez le nombre de personnes à recruter, en chiffres.' })
              .int({ error: 'Indiquez un nombre entier de personnes.' })
              .min(1, { error: 'Indiquez au moins 1 personne.' })
              .max(1000, { error: `Indiquez au plus ${fr(1000)} personnes par ligne.` }),
            contractType: z.enum(CONTRACT_TYPES, { error: 'Choisissez un type de contrat.' }),
            horizon: z.enum(HORIZONS, { error: 'Choisissez une échéance.' }),
          }),
          { error: 'Indiquez vos recrutements ligne par ligne.' },
        )
        .max(q.maxLines, { error: `Indiquez au plus ${fr(q.maxLines)} lignes de recrutement.` });
    }
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
  // One message per field, the first: a person fixes one thing at a time.
  const given = (answers ?? {}) as Record<string, unknown>;
  const issues = new Map<string, FieldIssue>();
  for (const i of toFieldIssues(result.error.issues)) {
    const missing = i.field in shape && given[i.field] === undefined;
    if (!issues.has(i.field))
      issues.set(i.field, missing ? { ...i, rule: 'required', message: 'Répondez à cette question : elle est obligatoire.' } : i);
  }
  return { issues: [...issues.values()] };
}
