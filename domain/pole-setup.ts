import * as z from 'zod';
import { baseUrlSchema, emailAddressSchema } from './addresses.ts';
import { LEGAL_FORMS } from './application.ts';
import { LEGAL_FORM_LABELS } from './application-labels.ts';
import { DEFAULT_RULES } from './committee.ts';
import { quarterSchema } from './ids.ts';
import { departementName } from './nomenclatures/communes.ts';
import { formatQuantity, quantitySchema, toHundredths } from './quantities.ts';

/**
 * A pôle's set-up (docs/day-one.md#set-up): its profile and its building, as one document that an
 * operator or its admins send whole (PUT: an optional value left out goes back to its default).
 * Sending the same document again changes nothing; a changed value is an update kept in the
 * pôle's history.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

/** The largest building a pôle declares (m²): far above any real one, it keeps the arithmetic exact. */
export const MAX_CAPACITY_M2 = 1_000_000;

export const poleSetupSchema = z.strictObject({
  name: text(120),
  territory: text(200),
  /** The départements of the territory (`40`, `64`): they settle commune names several départements share (company imports). */
  departements: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((code) => departementName(code) !== undefined, {
          params: { rule: 'departement' },
          message: 'Département inconnu (code INSEE attendu, par ex. 40).',
        }),
    )
    .max(20)
    .optional(),
  /** Where the committee's mails go (reminders, applications to decide). */
  committeeEmail: emailAddressSchema,
  /** Where the staff's reminders go (statements awaiting approval); the committee's address when left out. */
  staffEmail: emailAddressSchema.optional(),
  /**
   * The first quarter the pôle reconciles here (docs/reconciliation.md#approval): declared once, here or
   * by the approval of that quarter; left out, it stays as it is.
   */
  firstQuarter: quarterSchema.optional(),
  /** Legal forms the automatic checks accept; all but « autre » when left out. */
  acceptedLegalForms: z
    .array(z.enum(LEGAL_FORMS))
    .min(1)
    .refine((forms) => new Set(forms).size === forms.length, {
      params: { rule: 'unique' },
      message: 'Une forme juridique y figure deux fois.',
    })
    .default([...DEFAULT_RULES.acceptedLegalForms]),
  building: z.strictObject({
    name: text(200),
    /** Capacity in m², up to two decimals. */
    capacityM2: quantitySchema(1, MAX_CAPACITY_M2),
  }),
  /** What the pôle's public landing page says of it: a paragraph or two, and what it offers (one line each). */
  description: z.string().trim().min(1).max(2000).optional(),
  offers: z.array(text(200)).min(1).max(20).optional(),
  /** Where this pôle's pages are reached, if not at the deployment's address (the links in its mails lead there). */
  publicBaseUrl: baseUrlSchema({ loopback: true }).optional(),
});

export type PoleSetup = z.output<typeof poleSetupSchema>;

/** One value a set-up changed. */
export interface SetupChange {
  field: string;
  /** The field in French, for people. */
  label: string;
  from: unknown;
  to: unknown;
}

/** A set-up kept in the pôle's history: who, when, and what changed (nothing listed for the creation). */
export interface SetupHistoryEntry {
  at: string;
  by: string;
  action: 'CREATED' | 'UPDATED';
  changes: SetupChange[];
}

const FIELD_LABELS: Record<string, string> = {
  name: 'nom du pôle',
  territory: 'territoire',
  departements: 'départements du territoire',
  committeeEmail: 'adresse du comité',
  staffEmail: 'adresse de l’équipe d’animation',
  firstQuarter: 'premier trimestre rapproché',
  acceptedLegalForms: 'formes juridiques acceptées',
  'building.name': 'nom du bâtiment',
  'building.capacityM2': 'capacité du bâtiment (m²)',
  description: 'présentation du pôle',
  offers: 'offre du pôle',
  publicBaseUrl: 'adresse publique',
};

const flat = (setup: PoleSetup): Record<string, unknown> => ({
  name: setup.name,
  territory: setup.territory,
  departements: setup.departements,
  committeeEmail: setup.committeeEmail,
  staffEmail: setup.staffEmail,
  firstQuarter: setup.firstQuarter,
  // A set, not a sequence: the same forms in another order are no change.
  acceptedLegalForms: [...setup.acceptedLegalForms].sort(),
  'building.name': setup.building.name,
  'building.capacityM2': setup.building.capacityM2,
  description: setup.description,
  offers: setup.offers,
  publicBaseUrl: setup.publicBaseUrl,
});

/**
 * What differs between the recorded set-up and the one sent, field by field; none: nothing to
 * write. A first quarter left out is no change (it is declared once, and stays).
 */
export function setupChanges(before: PoleSetup, after: PoleSetup): SetupChange[] {
  const [a, b] = [flat(before), flat(after)];
  return Object.keys(FIELD_LABELS)
    .filter((field) => !(field === 'firstQuarter' && after.firstQuarter === undefined))
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => ({ field, label: FIELD_LABELS[field]!, from: a[field] ?? null, to: b[field] ?? null }));
}

/** A change as a French line: « capacité du bâtiment (m²) : 2400 → 2500 ». */
export function describeChange(change: SetupChange): string {
  const shown = (value: unknown): string => {
    if (value === null || value === undefined) return '(aucune)';
    if (Array.isArray(value)) return value.map((v) => LEGAL_FORM_LABELS[v as keyof typeof LEGAL_FORM_LABELS] ?? String(v)).join(', ');
    return typeof value === 'number' ? formatQuantity(value) : String(value);
  };
  return `${change.label} : ${shown(change.from)} → ${shown(change.to)}`;
}

/**
 * What the building's members and approved applications occupy (capacity − free area), and how
 * many m² a new capacity lacks to hold it (0 when it does). Exact, in hundredths.
 */
export function capacityCheck(
  building: { capacityM2: number; freeM2: number },
  capacityM2: number,
): { occupiedM2: number; shortfallM2: number } {
  const h = (value: number) => toHundredths(value) ?? Math.round(value * 100);
  const occupied = h(building.capacityM2) - h(building.freeM2);
  return { occupiedM2: occupied / 100, shortfallM2: Math.max(0, occupied - h(capacityM2)) / 100 };
}
