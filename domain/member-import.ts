import { createHash } from 'node:crypto';
import * as z from 'zod';
import { emailAddressSchema } from './addresses.ts';
import { calendarDateSchema, ESS_STATUSES, LEGAL_FORMS, SHARED_SERVICES } from './application.ts';
import { formatQuantity, quantitySchema, toHundredths } from './quantities.ts';
import { siretSchema } from './siret.ts';

/**
 * The structures already in the building on a pôle's first day (docs/day-one.md#existing-members),
 * imported at once: all or nothing, start dates in the past allowed, an optional leave date. Each
 * claims its SIRET (so that onboarding refuses it) and reserves its area on the building by the
 * same conditional rule as an approved application.
 */

/** The most members one import takes: a pôle has about fifteen, a large one a few hundred. */
export const MAX_IMPORTED_MEMBERS = 2000;

const text = (max: number) => z.string().trim().min(1).max(max);

/** One member as the JSON import takes it (the CSV and `.xlsx` columns are read into the same shape). */
export const importedMemberSchema = z
  .strictObject({
    siret: siretSchema,
    name: text(200),
    legalForm: z.enum(LEGAL_FORMS),
    essStatus: z.enum(ESS_STATUSES),
    /** Office area in m², up to two decimals. */
    areaM2: quantitySchema(0, 100_000),
    desks: z.number().int().min(0).max(500),
    /** Headcount in full-time equivalents, up to two decimals. */
    fte: quantitySchema(0, 10_000),
    sharedServices: z
      .array(z.enum(SHARED_SERVICES))
      .max(SHARED_SERVICES.length)
      .refine((s) => new Set(s).size === s.length, { params: { rule: 'unique' }, message: 'Chaque service ne peut figurer qu’une fois.' })
      .default([]),
    /** Member from this date (inclusive), past dates allowed. */
    startDate: calendarDateSchema,
    /** Left on this date (exclusive), if it has left or will. */
    leaveDate: calendarDateSchema.optional(),
    contactEmail: emailAddressSchema,
  })
  .refine((m) => m.leaveDate === undefined || m.leaveDate > m.startDate, {
    path: ['leaveDate'],
    params: { rule: 'after_start' },
    message: 'La date de départ doit suivre la date d’entrée.',
  });

export type ImportedMember = z.output<typeof importedMemberSchema>;

/** The JSON body of an import. */
export const memberImportSchema = z.strictObject({
  members: z.array(importedMemberSchema).min(1).max(MAX_IMPORTED_MEMBERS),
});

/** A member to import, with where it came from (a file's line, or its position in a JSON list). */
export interface MemberRow {
  line: number;
  member: ImportedMember;
}

/** An import's id, from its content: the same file sent again is the same import. */
export function importIdOf(poleId: string, rows: readonly MemberRow[]): string {
  const canonical = JSON.stringify([poleId, rows.map((r) => r.member)]);
  return `import-${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/** Whether a member occupies its area on a given date or after it: not if it has left by then. */
export const occupiesFrom = (member: { leaveDate?: string }, today: string): boolean =>
  member.leaveDate === undefined || member.leaveDate > today;

/** What the pôle already holds for a SIRET: a claim (pending application or member) and, for a member, its item. */
export interface SiretHolding {
  state: 'PENDING' | 'MEMBER' | 'RELEASED';
  /** Who claimed it: an application id, or the SIRET itself for an imported (or founding) member. */
  holder: string;
  member?: Record<string, unknown>;
}

/** A row the import refuses because of what the pôle already holds (409). */
export interface ImportConflict {
  line: number;
  field: 'siret';
  rule: 'already_member' | 'application_pending';
  message: string;
}

export interface ImportPlan {
  /** Rows to write (new members, or members an interrupted run of the same import left unfinished). */
  toWrite: MemberRow[];
  /** Rows that are already members exactly as the file says (the same import run again). */
  unchanged: MemberRow[];
  conflicts: ImportConflict[];
  /** Area the rows to write still have to reserve on the building (they occupy it today or later), in m². */
  areaToReserveM2: number;
}

/** The fields a row sets on its member item: the same row run again finds them unchanged. */
const MEMBER_FIELDS = [
  'name',
  'legalForm',
  'essStatus',
  'areaM2',
  'desks',
  'fte',
  'sharedServices',
  'startDate',
  'leaveDate',
  'contactEmail',
] as const;

/** Whether a member item says what the row says. */
export const sameMember = (item: Record<string, unknown>, member: ImportedMember): boolean =>
  MEMBER_FIELDS.every((f) => JSON.stringify(item[f] ?? null) === JSON.stringify(member[f] ?? null));

/**
 * What an import does, decided from what the pôle holds: a SIRET claimed by a pending
 * application, or by a member that differs from the row, is a conflict; a member that is the row
 * is unchanged; anything else is written. `reserved` lists the building's holders: a row whose
 * area an interrupted run already reserved does not count again.
 */
export function planImport(
  rows: readonly MemberRow[],
  holdings: ReadonlyMap<string, SiretHolding>,
  reserved: ReadonlySet<string>,
  today: string,
): ImportPlan {
  const plan: ImportPlan = { toWrite: [], unchanged: [], conflicts: [], areaToReserveM2: 0 };
  let hundredths = 0;
  for (const row of rows) {
    const { siret } = row.member;
    const holding = holdings.get(siret);
    if (holding?.state === 'PENDING') {
      plan.conflicts.push({
        line: row.line,
        field: 'siret',
        rule: 'application_pending',
        message: `Ligne ${row.line} : une candidature pour le SIRET ${siret} est en cours d’examen ; décidez-la avant d’importer ce membre.`,
      });
      continue;
    }
    const ours = holding?.state === 'MEMBER' && holding.holder === siret;
    if (holding?.state === 'MEMBER' && holding.member && sameMember(holding.member, row.member)) {
      plan.unchanged.push(row);
      continue;
    }
    if (holding?.state === 'MEMBER' && !(ours && !holding.member)) {
      plan.conflicts.push({
        line: row.line,
        field: 'siret',
        rule: 'already_member',
        message: `Ligne ${row.line} : la structure au SIRET ${siret} est déjà membre du pôle, avec d’autres valeurs.`,
      });
      continue;
    }
    plan.toWrite.push(row);
    if (occupiesFrom(row.member, today) && !reserved.has(siret)) hundredths += toHundredths(row.member.areaM2) ?? 0;
  }
  plan.areaToReserveM2 = hundredths / 100;
  return plan;
}

/** The m² the building lacks for an import (0 when it has them), exact in hundredths. */
export function areaShortfallM2(neededM2: number, freeM2: number): number {
  const h = (value: number) => toHundredths(value) ?? Math.round(value * 100);
  return Math.max(0, h(neededM2) - h(freeM2)) / 100;
}

/** The French message of an import the building cannot hold. */
export const shortfallMessage = (neededM2: number, freeM2: number, shortfallM2: number): string =>
  `Surface insuffisante : les membres importés occupent ${formatQuantity(neededM2)} m², le bâtiment a ${formatQuantity(freeM2)} m² libres ; il manque ${formatQuantity(shortfallM2)} m².`;
