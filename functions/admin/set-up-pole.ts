import { describeChange } from '../../domain/pole-setup.ts';
import { clock } from '../../ports/clock.ts';
import { setUpPole } from '../../services/poles.ts';
import { httpHandler, json } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * PUT /admin/poles/{poleId} — a pôle's set-up: profile and building (docs/day-one.md#set-up).
 * Creates the pôle (201; a deployment operator only) or brings it to the document sent (200; an
 * operator or the pôle's admins); the same document again changes nothing. Another pôle's admin: 403.
 */
export const handler = httpHandler(ADMIN_ROUTES.SetUpPole, async ({ admin: staff, path: { poleId }, body }) => {
  const outcome = await setUpPole(poleId, body, staff, clock().now().toISOString());
  const message = outcome.created
    ? `Pôle ${poleId} créé.`
    : outcome.changes.length === 0
      ? 'Aucun changement : la configuration envoyée est celle du pôle.'
      : `Configuration mise à jour : ${outcome.changes.map(describeChange).join(' ; ')}.`;
  return json(outcome.created ? 201 : 200, { ...outcome, message });
});
