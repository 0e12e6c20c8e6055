import { quarterOf } from '../../domain/quarters.ts';
import { invalidateOpenFrom } from '../../orchestration/quarter-data.ts';
import { clock } from '../../ports/clock.ts';
import { getApplication, markActive, settleSiretClaim } from '../../store/applications.ts';
import { reserveArea } from '../../store/building.ts';
import { createMember } from '../../store/members.ts';
import { taskHandler } from '../shared/task.ts';
import { applicationRef } from './schemas.ts';

/** Workflow task: an approved application becomes a member, active from its start date. */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) => {
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
  await invalidateOpenFrom(
    poleId,
    quarterOf(form.startDate),
    `Nouveau membre ${form.siret} à partir du ${form.startDate} : le brouillon est recalculé.`,
    clock().now().toISOString(),
  );
  await settleSiretClaim(poleId, form.siret, applicationId, 'MEMBER');
  await markActive(poleId, applicationId, clock().now().toISOString());
  return { memberId: member.memberId, startDate: member.startDate };
});
