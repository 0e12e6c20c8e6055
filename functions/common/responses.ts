import * as z from 'zod';

/**
 * Building blocks of the routes' response schemas (what the API answers, for the API reference and
 * the tests that check real answers against it). Requests are validated by the domain's schemas.
 */

/** An instant as the API writes it (ISO 8601, UTC). */
export const instant = z.string().meta({ format: 'date-time', examples: ['2026-10-01T05:00:00.000Z'] });

/** A calendar date, Europe/Paris (AAAA-MM-JJ). */
export const calendarDate = z.string().meta({ format: 'date', examples: ['2027-01-04'] });

/** An amount in euro cents (integer; negative: a credit). */
export const cents = z.number().int().meta({ description: 'Montant en centimes d’euro.' });

/** A French sentence saying what was done. */
export const message = z.string().meta({ description: 'Ce qui a été fait, en français.' });

/** The ARN of a workflow execution (Step Functions, or the embedded engine's). */
export const executionArn = z.string().meta({ description: 'Identifiant (ARN) de l’exécution du workflow.' });

/** A refused row of an imported file or JSON list. */
export const rowError = z.object({
  line: z.number().int().meta({ description: 'La ligne du fichier (1 = l’en-tête) ou le rang dans la liste JSON.' }),
  field: z.string(),
  rule: z.string(),
  message: z.string(),
});

/** Any JSON value (a workflow's input or output, as it ran). */
export const anyJson = z.unknown();
