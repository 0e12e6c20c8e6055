import * as z from 'zod';
import type { WorkflowName } from '../workflows/names.ts';

/**
 * The shape of every identifier that travels in paths, payloads, CSV rows and deployment
 * settings, defined once: the HTTP and workflow schemas, the stack's context validation and the
 * command line all check against these.
 */

/** An application: `app-<SIRET>-<first 10 hex digits of its content's SHA-256>` (applicationIdOf). */
export const APPLICATION_ID_PATTERN = /^app-\d{14}-[0-9a-f]{10}$/;

/** The longest campaign id (see BUSINESS_KEY_MAX_LENGTH). */
export const CAMPAIGN_ID_MAX_LENGTH = 39;

/**
 * A GTEC campaign, chosen by the admin or generated (`gtec-<date>-<hex>`). At most
 * CAMPAIGN_ID_MAX_LENGTH characters: its execution, `<pôle>--campaign-<id>`, must keep within 80.
 */
export const CAMPAIGN_ID_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{2,${CAMPAIGN_ID_MAX_LENGTH - 1}}$`);

/** A quarter, `YYYY-Qn` (Q1 = January–March). */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/** A SIRET's shape: 14 digits (its check digit and schema: domain/siret.ts). */
export const SIRET_PATTERN = /^\d{14}$/;

/** Step Functions' limit on an execution's name. */
export const EXECUTION_NAME_MAX_LENGTH = 80;

/** An execution's name (`<pôle>--<business key>`), within Step Functions' own limits. */
export const EXECUTION_NAME_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${EXECUTION_NAME_MAX_LENGTH}}$`);

/**
 * The longest business key each workflow names its executions with (`<pôle>--<business key>`):
 * an application id (`app-<SIRET>-<10 hex>`), `recon-<YYYY-Qn>-<attempt>` (attempts up to
 * 999999), `campaign-<campaign id>`. The pôle id's own bound is what the longest one leaves.
 */
export const BUSINESS_KEY_MAX_LENGTH = {
  'member-onboarding': 'app-'.length + 14 + '-'.length + 10,
  'quarterly-reconciliation': 'recon-'.length + 'YYYY-Qn'.length + '-'.length + 6,
  'gtec-campaign': 'campaign-'.length + CAMPAIGN_ID_MAX_LENGTH,
} as const satisfies Record<WorkflowName, number>;

/** The longest pôle id: every execution name `<pôle>--<business key>` must fit in EXECUTION_NAME_MAX_LENGTH. */
export const POLE_ID_MAX_LENGTH = EXECUTION_NAME_MAX_LENGTH - '--'.length - Math.max(...Object.values(BUSINESS_KEY_MAX_LENGTH));

/** A pôle: a lowercase slug of 2 to POLE_ID_MAX_LENGTH characters with single dashes; the first part of every key and execution name. */
export const POLE_ID_PATTERN = new RegExp(`^[a-z0-9](?:[a-z0-9]|-(?!-)){0,${POLE_ID_MAX_LENGTH - 2}}[a-z0-9]$`);

export const poleIdSchema = z.string().regex(POLE_ID_PATTERN, {
  message: `Identifiant de pôle invalide (lettres minuscules, chiffres et tirets simples, 2 à ${POLE_ID_MAX_LENGTH} caractères).`,
});

export const applicationIdSchema = z.string().regex(APPLICATION_ID_PATTERN, { message: 'Identifiant de candidature invalide.' });

export const campaignIdSchema = z.string().regex(CAMPAIGN_ID_PATTERN, {
  message: `Identifiant de campagne : minuscules, chiffres et tirets (3 à ${CAMPAIGN_ID_MAX_LENGTH} caractères).`,
});

export const quarterSchema = z.string().regex(QUARTER_PATTERN, { message: 'Trimestre attendu au format AAAA-Tn, par ex. 2026-Q3.' });

export const executionNameSchema = z.string().regex(EXECUTION_NAME_PATTERN, { message: 'Nom d’exécution invalide.' });
