import type { ApplicationForm, Decision } from '../domain/application.ts';
import { automaticChecks, committeeSchedule } from '../domain/committee.ts';
import { estimateContribution } from '../domain/contribution.ts';
import { parisDate } from '../domain/dates.ts';
import { valuesOn } from '../domain/member-changes.ts';
import { executionName } from '../domain/poles.ts';
import { isActiveOn, quarterOf } from '../domain/quarters.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import {
  type Application,
  AUTOMATIC_CHECKS,
  awaitDecision,
  getApplication,
  markActive,
  markExpired,
  recordApplication,
  recordDecision,
  rejectAutomatically,
  saveEstimate,
} from '../store/applications.ts';
import { getBuilding, releaseArea, reserveArea } from '../store/building.ts';
import { createMember, listMembers, type Member } from '../store/members.ts';
import { getPole } from '../store/poles.ts';
import { lastPostedQuarter } from '../store/quarters.ts';
import { claimSiret, settleSiretClaim } from '../store/siret-claims.ts';
import { releaseDueLeaves } from './members.ts';
import { invalidateOpenFrom } from './reconciliation.ts';
import { answerTask } from './tasks.ts';

/**
 * Starts the onboarding of a confirmed application (docs/onboarding.md#email-confirmation): the SIRET
 * is claimed for the application (409 if another holds it), the application is recorded with its
 * form and its committee dates, then the workflow starts under a name made of the application id,
 * itself made of the form: the same form confirmed again is the same application and the same
 * execution. The execution's input is the keys only: the form (names, email, phone) stays on the
 * application item, out of Step Functions' history.
 */
export async function startOnboarding(
  poleId: string,
  applicationId: string,
  form: ApplicationForm,
  at: string,
): Promise<{ applicationId: string; executionArn: string }> {
  await claimSiret(poleId, form.siret, applicationId, at);
  await recordApplication(poleId, applicationId, form, at, committeeSchedule(new Date(at)));
  const execution = await workflowEngine().start('member-onboarding', executionName(poleId, applicationId), { poleId, applicationId });
  return { applicationId, executionArn: execution.executionArn };
}

type CheckOutcome = { passed: false; reasons: string[] } | { passed: true; estimatedQuarterlyCents: number | null };

/**
 * The automatic checks (legal form accepted, area fits the building's free area) and the
 * contribution estimate shown to the committee. A failed check rejects the application
 * automatically, with its reasons, and frees its SIRET.
 */
export async function checkApplication(poleId: string, applicationId: string, now: Date): Promise<CheckOutcome> {
  const today = parisDate(now);
  await releaseDueLeaves(poleId, today);
  const [pole, application, building, members, quarter] = await Promise.all([
    getPole(poleId),
    getApplication(poleId, applicationId),
    getBuilding(poleId),
    listMembers(poleId),
    lastPostedQuarter(poleId),
  ]);
  const { form } = application;
  // Started again (restart, redrive) after the checks: their outcome is on the application, and
  // checking again would count against the building the area this application already holds.
  if (application.status !== 'RECEIVED') {
    const { decision, estimate } = application;
    if (decision?.decidedBy === AUTOMATIC_CHECKS) return { passed: false, reasons: [decision.reason ?? ''] };
    return { passed: true, estimatedQuarterlyCents: estimate?.totalCents ?? null };
  }
  const reasons = automaticChecks(form, pole.rules, building.freeM2);
  if (reasons.length > 0) {
    await rejectAutomatically(poleId, applicationId, reasons, now.toISOString());
    await settleSiretClaim(poleId, form.siret, applicationId, 'RELEASED');
    return { passed: false, reasons };
  }
  const active = members.filter((m) => isActiveOn(today, m.startDate, m.leaveDate));
  const estimate =
    quarter &&
    estimateContribution(
      quarter.quarter,
      quarter.categories ?? [],
      active.map((m) => ({ id: m.memberId, ...valuesOn(m, today) })), // today's area and FTE, after dated changes
      { areaM2: form.requestedAreaM2, fte: form.fte },
    );
  await saveEstimate(poleId, applicationId, estimate);
  return { passed: true, estimatedQuarterlyCents: estimate?.totalCents ?? null };
}

/**
 * Keeps the committee's task token on the application, where the admin's decision finds it. If
 * the application was decided already (the execution was started again after an interruption),
 * resumes the workflow at once with that decision.
 */
export async function awaitCommitteeDecision(poleId: string, applicationId: string, taskToken: string, at: string): Promise<Application> {
  const application = await awaitDecision(poleId, applicationId, taskToken, at);
  if (application.decision) await workflowEngine().sendTaskSuccess(taskToken, application.decision);
  return application;
}

/**
 * The committee's decision on an application. Approval first reserves the area by one
 * conditional update of the building: if the last square metres went to another application the
 * admin gets a 409 and this application stays decidable. Two items are touched, so each step is
 * written to be retried or undone: the reservation is keyed by application, and is given back if
 * the decision itself loses a race to a rejection. The decision, once recorded, goes to the
 * waiting workflow task (`delivered` false: no task waited on it any more).
 */
export async function decideApplication(
  poleId: string,
  applicationId: string,
  decision: Decision,
  decidedBy: string,
  decidedAt: string,
): Promise<{ application: Application; delivered: boolean }> {
  const application = await getApplication(poleId, applicationId);
  const area = application.form.requestedAreaM2;
  if (decision.decision === 'APPROVE' && application.status === 'AWAITING_DECISION') {
    await releaseDueLeaves(poleId, parisDate(new Date(decidedAt)));
    await reserveArea(poleId, applicationId, area);
  }
  let decided: Application;
  try {
    decided = await recordDecision(poleId, applicationId, { ...decision, decidedBy, decidedAt });
    if (decided.status === 'REJECTED') await settleSiretClaim(poleId, application.form.siret, applicationId, 'RELEASED');
  } catch (error) {
    const current = await getApplication(poleId, applicationId);
    if (!['APPROVED', 'ACTIVE'].includes(current.status)) await releaseArea(poleId, applicationId, area);
    throw error;
  }
  return { application: decided, delivered: await answerTask(decided.taskToken, decided.decision) };
}

/** An approved application becomes a member, active from its start date; a retry changes nothing. */
export async function activateMember(poleId: string, applicationId: string, at: string): Promise<Member> {
  const { form, estimate } = await getApplication(poleId, applicationId);
  // Reserved at approval already; repeated here (a no-op for the same application) so that the
  // member never exists without its area.
  await reserveArea(poleId, applicationId, form.requestedAreaM2);
  const member = await createMember({
    poleId,
    memberId: form.siret,
    siret: form.siret,
    name: form.structureName,
    legalForm: form.legalForm,
    essStatus: form.essStatus,
    areaM2: form.requestedAreaM2,
    fte: form.fte,
    sharedServices: form.sharedServices,
    startDate: form.startDate,
    applicationId,
    contactEmail: form.contact.email,
    areaHolder: applicationId,
    ...(estimate && { estimatedQuarterlyCents: estimate.totalCents }),
  });
  // A draft of a quarter the new member is part of would be stale: it is computed again.
  const reason = `Nouveau membre ${form.siret} à partir du ${form.startDate} : le brouillon est recalculé.`;
  await invalidateOpenFrom(poleId, quarterOf(form.startDate), reason, at);
  await settleSiretClaim(poleId, form.siret, applicationId, 'MEMBER');
  await markActive(poleId, applicationId, at);
  return member;
}

/**
 * The committee did not decide in time, a final business outcome: the application expires and
 * what it holds is given back (its SIRET claim; an area, should it hold one). The only
 * compensation of the workflow: a technical failure compensates nothing, it stops the execution
 * at its task for a redrive to resume (docs/onboarding.md#failures-and-compensation). A decided
 * application is left as it is.
 */
export async function expireApplication(
  poleId: string,
  applicationId: string,
  at: string,
): Promise<{ status: Application['status']; areaReleased: boolean }> {
  const { form, status } = await getApplication(poleId, applicationId);
  if (!['RECEIVED', 'AWAITING_DECISION', 'EXPIRED'].includes(status)) return { status, areaReleased: false };
  const areaReleased = await releaseArea(poleId, applicationId, form.requestedAreaM2);
  await settleSiretClaim(poleId, form.siret, applicationId, 'RELEASED');
  const application = await markExpired(poleId, applicationId, at);
  return { status: application.status, areaReleased };
}
