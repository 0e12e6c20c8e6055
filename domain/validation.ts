import * as z from 'zod';
import fr from 'zod/v4/locales/fr.js';
import { type FieldIssue, ValidationError } from './errors.ts';

// Messages that people read are French (the Pôle's staff and applicants); zod ships the locale.
// Imported alone (with `import * as z`), so bundles don't carry zod's forty other locales.
z.config(fr());

/** Turns zod issues into our field/rule/message triples (one per unknown key). */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldName([...path, key]),
        rule: 'unknown_field',
        message: `Champ inconnu : « ${key} ».`,
      }));
    }
    return [{ field: fieldName(path), rule: ruleOf(issue), message: issue.message }];
  });
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `type:${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' ? 'min_length' : 'min';
    case 'too_big':
      return issue.origin === 'string' ? 'max_length' : 'max';
    case 'invalid_format':
      return `format:${issue.format}`;
    case 'invalid_value':
      return 'one_of';
    case 'custom':
      return typeof issue.params?.rule === 'string' ? issue.params.rule : 'custom';
    default:
      return issue.code;
  }
}

const fieldName = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(body)' : path.map(String).join('.'));

/** Parses `input` with `schema`, or throws a ValidationError naming each field and rule. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PropertyKey[] = []): z.output<S> {
  // reportInput lets ruleOf tell a missing field from a mistyped one; the input is not kept.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw new ValidationError(toFieldIssues(result.error.issues, prefix));
  return result.data;
}

/** Control characters (but tab and line breaks) and the bidi controls that reorder what a name shows (U+202A–202E, U+2066–2069, U+200E/F, U+061C). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * A trimmed text of 1 to `max` characters that a person can read as it is stored: no NUL, no
 * control character, no bidi override (rule `plain_text`). Every name and label goes through it.
 */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !HIDDEN_CHARACTERS.test(s), {
      params: { rule: 'plain_text' },
      message: 'Caractère de contrôle ou d’inversion de sens interdit (par ex. NUL, U+202E).',
    });
