import * as z from 'zod';
import { siretSchema } from '../../domain/siret.ts';
import { getMember } from '../../store/members.ts';
import { httpHandler } from '../shared/http.ts';
import { publicMember } from './schemas.ts';

/** GET /admin/members/{memberId} — one member (its id is its SIRET), its dated changes and the values in force today. */
export const handler = httpHandler({ auth: 'admin', path: z.object({ memberId: siretSchema }) }, async ({ admin, path: { memberId } }) =>
  publicMember(await getMember(admin.poleId, memberId)),
);
