import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES } from '../../domain/application.ts';
import { ORPHAN_CLAIM_AFTER_MS } from '../../domain/limits.ts';
import { claimView, diagnose, FINAL_APPLICATION_STATUSES, releaseRefusal, type SiretClaimRecord } from '../../domain/siret-claims.ts';

const SIRET = '73282932000074';
const CLAIMED_AT = '2026-10-01T08:00:00.000Z';
const pending: SiretClaimRecord = { siret: SIRET, state: 'PENDING', holder: `app-${SIRET}-0123456789`, claimedAt: CLAIMED_AT };
const claimedPlus = (ms: number) => new Date(Date.parse(CLAIMED_AT) + ms);

describe('what a SIRET claim is (docs/rules.md#siret)', () => {
  it('is an orphan from ORPHAN_CLAIM_AFTER_MS on when no application was recorded, and being confirmed before', () => {
    expect(diagnose(pending, undefined, claimedPlus(ORPHAN_CLAIM_AFTER_MS - 1))).toBe('CONFIRMING');
    expect(diagnose(pending, undefined, claimedPlus(ORPHAN_CLAIM_AFTER_MS))).toBe('ORPHAN');
  });

  it('is stale only when its application was refused or expired; every other status holds it, FAILED included (a redrive resumes it)', () => {
    expect(FINAL_APPLICATION_STATUSES).toEqual(['REJECTED', 'EXPIRED']);
    for (const status of APPLICATION_STATUSES) {
      const diagnosis = diagnose(pending, { status }, claimedPlus(ORPHAN_CLAIM_AFTER_MS * 10));
      expect(diagnosis, status).toBe(status === 'REJECTED' || status === 'EXPIRED' ? 'STALE' : 'LIVE');
    }
  });

  it('shows a member’s claim with the member, and the application it came from when it was onboarded', () => {
    const imported = claimView({ ...pending, state: 'MEMBER', holder: SIRET, memberId: SIRET }, undefined, claimedPlus(0));
    expect(imported).toMatchObject({ holder: { memberId: SIRET }, diagnosis: 'MEMBER', releasable: false });
    expect(imported.holder.applicationId).toBeUndefined();
    expect(imported.application).toBeUndefined();
    const onboarded = claimView({ ...pending, state: 'MEMBER', memberId: SIRET }, undefined, claimedPlus(0));
    expect(onboarded.holder).toEqual({ memberId: SIRET, applicationId: pending.holder });
  });

  it('refuses the release of a live, confirming or member claim with a 409 saying what to do, and lets an orphan or stale one go', () => {
    const late = claimedPlus(ORPHAN_CLAIM_AFTER_MS);
    const refusal = (claim: SiretClaimRecord, status?: (typeof APPLICATION_STATUSES)[number]) =>
      releaseRefusal(claimView(claim, status && { status }, late));
    expect(refusal(pending, 'AWAITING_DECISION')).toMatchObject({
      code: 'CLAIM_HELD_BY_APPLICATION',
      details: { field: 'siret', applicationId: pending.holder, status: 'AWAITING_DECISION' },
    });
    expect(refusal(pending, 'AWAITING_DECISION')?.message).toContain(
      '(en attente du comité) : le SIRET sera libéré si le comité la refuse',
    );
    expect(refusal(pending, 'FAILED')?.message).toContain('relancez-la depuis la page Exécutions');
    expect(refusal({ ...pending, claimedAt: late.toISOString() })).toMatchObject({ code: 'CLAIM_BEING_CONFIRMED' });
    expect(refusal({ ...pending, state: 'MEMBER', memberId: SIRET })).toMatchObject({
      code: 'CLAIM_HELD_BY_MEMBER',
      details: { memberId: SIRET },
    });
    expect(refusal(pending)).toBeNull();
    expect(refusal(pending, 'EXPIRED')).toBeNull();
    expect(refusal({ ...pending, state: 'RELEASED' })).toBeNull();
  });
});
