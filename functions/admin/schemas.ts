import * as z from 'zod';
import { executionNameSchema } from '../../domain/ids.ts';
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

/** What GET /admin/members answers: the members, and the building's area. */
export type MembersView = {
  members: Member[];
  building: { name: string; capacityM2: number; freeM2: number };
};
