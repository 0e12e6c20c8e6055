import { clock } from '../../ports/clock.ts';
import { startQuarterRun } from '../../services/reconciliation.ts';
import { httpHandler, json } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** POST /admin/reconciliations/{quarter}/runs — reconcile a quarter now, or retry a failed run. */
export const handler = httpHandler(ADMIN_ROUTES.StartReconciliation, async ({ admin, path: { quarter } }) => {
  const run = await startQuarterRun(admin.poleId, quarter, clock().now().toISOString());
  return run.posted
    ? json(200, { ...run, message: `Le trimestre ${quarter} est déjà comptabilisé : rien à refaire.` })
    : json(202, { ...run, message: `Rapprochement du trimestre ${quarter} lancé.` });
});
