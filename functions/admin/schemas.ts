import * as z from 'zod';
import { calendarDateSchema } from '../../domain/application.ts';
import { parisDate } from '../../domain/dates.ts';
import { executionNameSchema } from '../../domain/ids.ts';
import { valuesOn } from '../../domain/member-changes.ts';
import { quantitySchema } from '../../domain/quantities.ts';
import { hasEnded } from '../../domain/quarters.ts';
import { statusLabel } from '../../domain/statements.ts';
import { clock } from '../../ports/clock.ts';
import type { Application } from '../../store/applications.ts';
import type { Member } from '../../store/members.ts';
import type { Quarter } from '../../store/quarters.ts';
import type { DEFINITIONS } from '../../workflows/definitions.ts';
import { WORKFLOW_NAMES, type WorkflowName } from '../../workflows/names.ts';

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
