import { afterEach, describe, expect, it } from 'vitest';
import { firstWorkingDay, frenchPublicHolidays, isWorkingDay } from '../../domain/calendar.ts';

/** Easter Mondays, from an independent computus (python-dateutil's Gregorian Easter + 1 day). */
const EASTER_MONDAYS: Record<number, string> = {
  2024: '2024-04-01',
  2025: '2025-04-21',
  2026: '2026-04-06',
  2027: '2027-03-29',
  2028: '2028-04-17',
  2029: '2029-04-02',
  2030: '2030-04-22',
  2031: '2031-04-14',
  2032: '2032-03-29',
  2033: '2033-04-18',
  2034: '2034-04-10',
  2035: '2035-03-26',
  2036: '2036-04-14',
  2037: '2037-04-06',
  2038: '2038-04-26',
  2039: '2039-04-11',
  2040: '2040-04-02',
};

const HOLIDAYS_2027 = [
  '2027-01-01', // Jour de l'an
  '2027-03-29', // Lundi de Pâques
  '2027-05-01', // Fête du travail
  '2027-05-06', // Ascension
  '2027-05-08', // Victoire 1945
  '2027-05-17', // Lundi de Pentecôte
  '2027-07-14', // Fête nationale
  '2027-08-15', // Assomption
  '2027-11-01', // Toussaint
  '2027-11-11', // Armistice
  '2027-12-25', // Noël
];

describe('French working days', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('knows the movable holidays', () => {
    const h2026 = frenchPublicHolidays(2026);
    expect(h2026.has('2026-04-06')).toBe(true); // Easter Monday
    expect(h2026.has('2026-05-14')).toBe(true); // Ascension
    expect(h2026.has('2026-05-25')).toBe(true); // Whit Monday
    expect(isWorkingDay('2026-07-14')).toBe(false);
    expect(isWorkingDay('2026-11-28')).toBe(false); // a Saturday
    expect(isWorkingDay('2026-11-27')).toBe(true);
  });

  it('has the Easter Monday of an independent computus, year after year', () => {
    for (const [year, monday] of Object.entries(EASTER_MONDAYS)) expect(frenchPublicHolidays(Number(year))).toContain(monday);
  });

  // The package builds local-time midnights: a process in another zone (Lambda runs in UTC, a
  // laptop in Paris) must read the same calendar dates back.
  it.each(['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Pacific/Kiritimati'])('gives the same eleven dates in the %s time zone', (tz) => {
    process.env.TZ = tz;
    expect([...frenchPublicHolidays(2027)].sort()).toEqual(HOLIDAYS_2027);
  });

  it('finds the first working day of a quarter', () => {
    expect(firstWorkingDay('2027-Q1')).toBe('2027-01-04'); // 1 Jan holiday (Fri), then a weekend
    expect(firstWorkingDay('2024-Q2')).toBe('2024-04-02'); // Easter Monday was 1 April
    expect(firstWorkingDay('2026-Q3')).toBe('2026-07-01');
    expect(firstWorkingDay('2026-Q4')).toBe('2026-10-01');
  });
});
