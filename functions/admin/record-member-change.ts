import * as z from 'zod';
import { calendarDateSchema, siretSchema } from '../../domain/application.ts';
import { quantitySchema } from '../../domain/quantities.ts';
import { memberView, recordMemberChange } from '../../orchestration/member-changes.ts';
import { httpHandler, json } from '../shared/http.ts';

/** A change of area and/or FTE from a date; at least one of them. */
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

/**
 * POST /admin/members/{memberId}/changes — the member's area and/or FTE from `effectiveDate`
 * (inclusive). More area is reserved on the building at once (409 naming the shortfall); less is
 * given back from the date. Changes are recorded in date order; one inside an approved or posted
 * quarter is a 409; the drafts of later quarters are computed again.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ memberId: siretSchema }), body: memberChangeSchema },
  async ({ admin, path: { memberId }, body }) =>
    json(201, memberView(await recordMemberChange(admin!.poleId, memberId, body, admin!.subject))),
);
