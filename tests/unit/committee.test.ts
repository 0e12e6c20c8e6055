import { describe, expect, it } from 'vitest';
import { automaticChecks, committeeSchedule, DEFAULT_RULES, nextCommitteeStep } from '../../domain/committee.ts';
import { estimateContribution } from '../../domain/contribution.ts';
import { aForm } from '../support/forms.ts';

const DAY = 86_400_000;
const submitted = new Date('2026-12-01T09:00:00Z');
const at = (days: number) => new Date(submitted.getTime() + days * DAY);

describe('committee schedule', () => {
  const schedule = committeeSchedule(submitted);

  it('reminds on days 7, 14, 21, 28 and expires on day 30, as absolute dates', () => {
    expect(schedule.remindAt).toEqual([at(7), at(14), at(21), at(28)].map((d) => d.toISOString()));
    expect(schedule.expiresAt).toBe(at(30).toISOString());
  });

  it('waits until the next date, with the reminder that is due', () => {
    expect(nextCommitteeStep(schedule, submitted)).toEqual({ kind: 'wait', waitSeconds: 7 * 86_400 });
    expect(nextCommitteeStep(schedule, at(7))).toEqual({ kind: 'wait', waitSeconds: 7 * 86_400, dueReminder: 0 });
    // Resumed late (day 15.5): the latest due reminder only, then wait for day 21.
    expect(nextCommitteeStep(schedule, at(15.5))).toEqual({ kind: 'wait', waitSeconds: 5.5 * 86_400, dueReminder: 1 });
    expect(nextCommitteeStep(schedule, at(29))).toEqual({ kind: 'wait', waitSeconds: 86_400, dueReminder: 3 });
    expect(nextCommitteeStep(schedule, at(30))).toEqual({ kind: 'expired' });
  });
});

describe('automatic checks', () => {
  it('pass for an accepted legal form and an area that fits', () => {
    expect(automaticChecks(aForm({ requestedAreaM2: 80 }), DEFAULT_RULES, 80)).toEqual([]);
  });

  it('give a French reason for each failed check', () => {
    const reasons = automaticChecks(aForm({ legalForm: 'OTHER', requestedAreaM2: 81 }), DEFAULT_RULES, 80);
    expect(reasons).toEqual([
      'La forme juridique « autre forme juridique » n’est pas acceptée par le pôle.',
      'La surface demandée (81 m²) dépasse la surface libre du bâtiment (80 m²).',
    ]);
  });
});

describe('contribution estimate', () => {
  it("is the applicant's share of each AREA / HEADCOUNT / EQUAL category, split as the reconciliation does", () => {
    const members = [
      { id: 'm1', areaM2: 100, fte: 2 },
      { id: 'm2', areaM2: 300, fte: 6 },
    ];
    const estimate = estimateContribution(
      '2026-Q3',
      [
        { category: 'Charges du bâtiment', key: 'AREA', netCents: 1_000_000 },
        { category: 'RH mutualisées', key: 'HEADCOUNT', netCents: 90_000 },
        { category: 'Animation', key: 'EQUAL', netCents: 30_001 },
        { category: 'Salles de réunion', key: 'USAGE', netCents: 50_000 },
      ],
      members,
      { areaM2: 100, fte: 1 },
    );
    // AREA 100/500 of 10 000 € = 2 000 €; HEADCOUNT 10/90 of 900 € = 100 €;
    // EQUAL 1/3 of 300.01 € = 100.00 € + the leftover cent (applicant sorts first on ties).
    expect(estimate.lines).toEqual([
      { category: 'Charges du bâtiment', key: 'AREA', cents: 200_000 },
      { category: 'RH mutualisées', key: 'HEADCOUNT', cents: 10_000 },
      { category: 'Animation', key: 'EQUAL', cents: 10_001 },
    ]);
    expect(estimate.totalCents).toBe(220_001);
  });
});
