import type { SiretClaimView } from '../../domain/siret-claims.ts';
import { EXIT } from '../client.ts';
import { type Command, known, text } from '../command.ts';
import { table, when } from '../format.ts';

const GROUP = 'SIRET bloqués';
const STATES = ['PENDING', 'MEMBER', 'ALL'] as const;

/** Who holds a claim, as the staff name it. */
const holderOf = (c: SiretClaimView): string =>
  c.holder.memberId ? `membre ${c.holder.memberId}` : `candidature ${c.holder.applicationId ?? '?'}`;

/** The holding application's status in French, or what is missing. */
const applicationOf = (c: SiretClaimView): string =>
  !c.application ? '' : c.application.exists ? (c.application.statusLabel ?? '') : 'inexistante';

function renderClaims(claims: readonly SiretClaimView[]): string {
  if (claims.length === 0) return 'Aucun SIRET bloqué.';
  const releasable = claims.filter((c) => c.releasable);
  return [
    table(
      ['SIRET', 'Réservé par', 'Depuis le', 'Candidature', 'Diagnostic'],
      claims.map((c) => [c.siret, holderOf(c), when(c.claimedAt), applicationOf(c), `${c.releasable ? '⚠ ' : ''}${c.diagnosisLabel}`]),
    ),
    '',
    `${claims.length} réservation(s), dont ${releasable.length} orpheline(s) ou périmée(s).`,
    ...releasable.map((c) => `  → pole-admin claims release ${c.siret}`),
  ].join('\n');
}

export const CLAIM_COMMANDS: readonly Command[] = [
  {
    name: 'claims list',
    args: [],
    group: GROUP,
    summary: 'les SIRET réservés par une candidature (orphelines et périmées d’abord)',
    detail:
      'Une réservation orpheline (la candidature n’a jamais été enregistrée) ou périmée (la candidature est refusée ou expirée) bloque le SIRET pour rien : pole-admin claims release <siret> la libère.',
    options: { state: { type: 'string', value: 'ÉTAT', help: 'pending (par défaut : candidatures), member (membres) ou all' } },
    async run(ctx, _args, options) {
      const state = known('État', (text(options.state) ?? 'pending').toUpperCase(), STATES);
      const data = await ctx.client.call<{ claims: SiretClaimView[]; count: number }>('GET', `/admin/siret-claims?state=${state}`);
      ctx.show(data, () => renderClaims(data.claims));
      return EXIT.ok;
    },
  },
  {
    name: 'claims release',
    args: ['<siret>'],
    group: GROUP,
    summary: 'libère un SIRET bloqué par une réservation orpheline ou périmée',
    detail:
      'Refusé pour une candidature en cours (décidez-la), une confirmation de moins de 5 minutes ou un membre (enregistrez son départ). Libérer deux fois ne change rien.',
    async run(ctx, [siret]) {
      const data = await ctx.client.call<{ claim: SiretClaimView; message: string }>(
        'POST',
        `/admin/siret-claims/${encodeURIComponent(siret!.replace(/\s+/g, ''))}/release`,
      );
      ctx.show(data, () => data.message);
      return EXIT.ok;
    },
  },
];
