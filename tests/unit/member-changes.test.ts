import { describe, expect, it } from 'vitest';
import { areaDeltaHundredths, changeProblem, type MemberTimeline, periodsIn, valuesOn, weightedDays } from '../../domain/member-changes.ts';
import { quarterSpan } from '../../domain/quarters.ts';

const member: MemberTimeline = {
  startDate: '2026-02-15',
  areaM2: 33.3,
  fte: 0.75,
  changes: [
    { effectiveDate: '2026-03-01', areaM2: 40 },
    { effectiveDate: '2026-05-10', fte: 1.5 },
  ],
};

describe('member changes with effective dates', () => {
  it('gives the values in force on each date', () => {
    expect(valuesOn(member, '2026-02-28')).toEqual({ areaM2: 33.3, fte: 0.75 });
    expect(valuesOn(member, '2026-03-01')).toEqual({ areaM2: 40, fte: 0.75 });
    expect(valuesOn(member, '2026-12-31')).toEqual({ areaM2: 40, fte: 1.5 });
  });

  it('cuts a quarter into periods at the start, each change and the leave date', () => {
    expect(periodsIn(quarterSpan('2026-Q1'), member)).toEqual([
      { from: '2026-02-15', to: '2026-03-01', days: 14, areaM2: 33.3, fte: 0.75 },
      { from: '2026-03-01', to: '2026-04-01', days: 31, areaM2: 40, fte: 0.75 },
    ]);
    const leaving = { ...member, leaveDate: '2026-06-01' };
    expect(periodsIn(quarterSpan('2026-Q2'), leaving)).toEqual([
      { from: '2026-04-01', to: '2026-05-10', days: 39, areaM2: 40, fte: 0.75 },
      { from: '2026-05-10', to: '2026-06-01', days: 22, areaM2: 40, fte: 1.5 },
    ]);
    expect(periodsIn(quarterSpan('2026-Q3'), leaving)).toEqual([]);
    expect(periodsIn(quarterSpan('2025-Q4'), member)).toEqual([]);
  });

  it('weighs periods as value in hundredths × days', () => {
    const periods = periodsIn(quarterSpan('2026-Q1'), member);
    expect(weightedDays(periods, 'areaM2')).toBe(3330n * 14n + 4000n * 31n);
    expect(weightedDays(periods, 'fte')).toBe(75n * 45n);
  });

  it('says why a change cannot be recorded', () => {
    expect(changeProblem(member, { effectiveDate: '2026-02-15', fte: 1 })).toMatchObject({ code: 'BEFORE_START' });
    expect(changeProblem(member, { effectiveDate: '2026-05-01', fte: 1 })).toMatchObject({ code: 'NOT_AFTER_LAST_CHANGE' });
    expect(changeProblem({ ...member, leaveDate: '2026-07-01' }, { effectiveDate: '2026-07-01', fte: 1 })).toMatchObject({
      code: 'AFTER_LEAVE',
    });
    expect(changeProblem(member, { effectiveDate: '2026-06-01', fte: 1.5 })).toMatchObject({ code: 'NOTHING_CHANGES' });
    expect(changeProblem(member, { effectiveDate: '2026-06-01', areaM2: 40.5 })).toBeNull();
  });

  it('measures the area to reserve or give back against the values before the change, recorded or not', () => {
    expect(areaDeltaHundredths(member, { effectiveDate: '2026-06-01', areaM2: 33.3 })).toBe(-670);
    expect(areaDeltaHundredths(member, member.changes![0]!)).toBe(670);
    expect(areaDeltaHundredths(member, member.changes![1]!)).toBe(0);
  });
});
