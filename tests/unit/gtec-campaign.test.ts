import { describe, expect, it } from 'vitest';
import { dueInRound, markMailed, pageCursors, type RoundMarks, reminderChain, usesDistributedMap } from '../../domain/gtec/campaign.ts';

describe('pageCursors', () => {
  const sirets = Array.from({ length: 250 }, (_, i) => String(i).padStart(14, '0'));

  it('names each page by the SIRET just before it, the first by null', () => {
    expect(pageCursors(sirets)).toEqual([{ after: null }, { after: sirets[99] }, { after: sirets[199] }]);
  });

  it('makes one page of a short list, a page per 100 exactly, and none of an empty list', () => {
    expect(pageCursors(sirets.slice(0, 1))).toEqual([{ after: null }]);
    expect(pageCursors(sirets.slice(0, 200))).toHaveLength(2);
    expect(pageCursors(sirets.slice(0, 201))).toHaveLength(3);
    expect(pageCursors([])).toEqual([]);
  });
});

describe('reminderChain', () => {
  it('chains the reminders in order, numbered from 1, ending with null', () => {
    expect(reminderChain(['2027-01-08T09:00:00.000Z', '2027-01-15T09:00:00.000Z'])).toEqual({
      round: 1,
      at: '2027-01-08T09:00:00.000Z',
      then: { round: 2, at: '2027-01-15T09:00:00.000Z', then: null },
    });
    expect(reminderChain([])).toBeNull();
  });
});

describe('usesDistributedMap', () => {
  it('switches strictly above the threshold', () => {
    expect([usesDistributedMap(2_000), usesDistributedMap(2_001), usesDistributedMap(5, 4), usesDistributedMap(0, 0)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('dueInRound and markMailed', () => {
  const fresh: RoundMarks = { siret: '1' };
  const invited = markMailed<RoundMarks>({ siret: '2' }, 0, '2027-01-01T09:00:00.000Z');
  const answered = markMailed<RoundMarks>({ siret: '3' }, 0, '2027-01-01T09:00:00.000Z');
  const remindedOnce = markMailed(markMailed<RoundMarks>({ siret: '4' }, 0, '2027-01-01T09:00:00.000Z'), 1, '2027-01-08T09:00:00.000Z');

  it('invites only those not invited yet, and reminds only the invited who neither answered nor got this round', () => {
    const page = [fresh, invited, answered, remindedOnce];
    expect(dueInRound(page, 0, new Set()).map((t) => t.siret)).toEqual(['1']);
    expect(dueInRound(page, 1, new Set(['3'])).map((t) => t.siret)).toEqual(['2']);
    expect(dueInRound(page, 2, new Set(['3'])).map((t) => t.siret)).toEqual(['2', '4']);
  });

  it('records the invitation date and each reminder round', () => {
    expect(invited).toEqual({ siret: '2', invitedAt: '2027-01-01T09:00:00.000Z' });
    expect(remindedOnce.remindedRounds).toEqual([1]);
  });
});
