import * as z from 'zod';

/**
 * The shape of every identifier that travels in paths, payloads, CSV rows and deployment
 * settings, defined once: the HTTP and workflow schemas, the stack's context validation and the
 * command line all check against these.
 */

/** A pôle: a lowercase slug of 2 to 30 characters with single dashes; the first part of every key and execution name. */
export const POLE_ID_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?!-)){0,28}[a-z0-9]$/;

/** An application: `app-<SIRET>-<first 10 hex digits of its content's SHA-256>` (applicationIdOf). */
export const APPLICATION_ID_PATTERN = /^app-\d{14}-[0-9a-f]{10}$/;

/**
 * A GTEC campaign, chosen by the admin or generated (`gtec-<date>-<hex>`). At most 39 characters:
 * its execution, `<pôle>--campaign-<id>`, must keep within EXECUTION_NAME_PATTERN's 80.
 */
export const CAMPAIGN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,38}$/;

/** A quarter, `YYYY-Qn` (Q1 = January–March). */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/** A SIRET's shape: 14 digits (its check digit and schema: domain/siret.ts). */
export const SIRET_PATTERN = /^\d{14}$/;

/** An execution's name (`<pôle>--<business key>`), within Step Functions' own limits. */
export const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export const poleIdSchema = z.string().regex(POLE_ID_PATTERN, {
  message: 'Identifiant de pôle invalide (lettres minuscules, chiffres et tirets simples, 2 à 30 caractères).',
});

export const applicationIdSchema = z.string().regex(APPLICATION_ID_PATTERN, { message: 'Identifiant de candidature invalide.' });

export const campaignIdSchema = z
  .string()
  .regex(CAMPAIGN_ID_PATTERN, { message: 'Identifiant de campagne : minuscules, chiffres et tirets (3 à 39 caractères).' });

export const quarterSchema = z.string().regex(QUARTER_PATTERN, { message: 'Trimestre attendu au format AAAA-Tn, par ex. 2026-Q3.' });

export const executionNameSchema = z.string().regex(EXECUTION_NAME_PATTERN, { message: 'Nom d’exécution invalide.' });
