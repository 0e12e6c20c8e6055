import { automaticChecks } from '../../domain/committee.ts';
import { estimateContribution } from '../../domain/contribution.ts';
import { parisDate } from '../../domain/dates.ts';
import { valuesOn } from '../../domain/member-changes.ts';
import { isActiveOn } from '../../domain/quarters.ts';
import { clock } from '../../ports/clock.ts';
import { AUTOMATIC_CHECKS, getApplication, rejectAutomatically, saveEstimate, settleSiretClaim } from '../../store/applications.ts';
import { getBuilding } from '../../store/building.ts';
import { listMembers, releaseDueLeaves } from '../../store/members.ts';
import { getPole } from '../../store/poles.ts';
import { lastPostedQuarter } from '../../store/quarters.ts';
import { taskHandler } from '../shared/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow task: the automatic checks (legal form accepted, area fits the building's free area)
 * and the contribution estimate shown to the committee. A failed check rejects the application
 * automatically, with its reasons, and frees its SIRET.
 */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) => {
  const now = clock().now();
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
      quarter.categories,
      active.map((m) => ({ id: m.memberId, ...valuesOn(m, today) })), // today's area and FTE, after dated changes
      {
        areaM2: form.requestedAreaM2,
        fte: form.fte,
      },
    );
  await saveEstimate(poleId, applicationId, estimate);
  return { passed: true, estimatedQuarterlyCents: estimate?.totalCents ?? null };
});
