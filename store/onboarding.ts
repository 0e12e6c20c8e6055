import { type Decision, statusBeforeFailure } from '../domain/application.ts';
import { parisDate } from '../domain/dates.ts';
import { type Application, claimSiret, getApplication, recordDecision, reopenApplication, settleSiretClaim } from './applications.ts';
import { releaseArea, reserveArea } from './building.ts';
import { releaseDueLeaves } from './members.ts';

/**
 * The committee's decision on an application (docs/onboarding.md#the-committees-decision). Approval first reserves the area by one
 * conditional update of the building: if the last square metres went to another application the
 * admin gets a 409 and this application stays decidable. Two items are touched, so each step is
 * written to be retried or undone: the reservation is keyed by application, and is given back if
 * the decision itself loses a race to a rejection.
 */
export async function decideApplication(
  poleId: string,
  applicationId: string,
  decision: Decision,
  decidedBy: string,
  decidedAt: string,
): Promise<Application> {
  const application = await getApplication(poleId, applicationId);
  const area = application.form.requestedAreaM2;
  if (decision.decision === 'APPROVE' && application.status === 'AWAITING_DECISION') {
    await releaseDueLeaves(poleId, parisDate(new Date(decidedAt)));
    await reserveArea(poleId, applicationId, area);
  }
  try {
    const decided = await recordDecision(poleId, applicationId, { ...decision, decidedBy, decidedAt });
    if (decided.status === 'REJECTED') await settleSiretClaim(poleId, application.form.siret, applicationId, 'RELEASED');
    return decided;
  } catch (error) {
    const current = await getApplication(poleId, applicationId);
    if (!['APPROVED', 'ACTIVE'].includes(current.status)) await releaseArea(poleId, applicationId, area);
    throw error;
  }
}

/**
 * An execution run again after it failed (an admin's redrive, once the cause is fixed) finds its
 * application FAILED, its SIRET and area given back by the compensation. It claims them again (a
 * 409 if another application took them meanwhile, which the workflow's Catch compensates) and
 * reopens the application in the status it failed in, so the steps that follow resume from there.
 */
export async function reopenFailedApplication(poleId: string, applicationId: string, at: string): Promise<Application> {
  const application = await getApplication(poleId, applicationId);
  if (application.status !== 'FAILED') return application;
  const to = statusBeforeFailure(application.history);
  await claimSiret(poleId, application.form.siret, applicationId, at);
  if (to === 'APPROVED') await reserveArea(poleId, applicationId, application.form.requestedAreaM2);
  return reopenApplication(poleId, applicationId, to, at);
}
