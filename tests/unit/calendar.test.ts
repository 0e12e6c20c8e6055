import { describe, expect, it } from 'vitest';
import { firstWorkingDay, frenchPublicHolidays, isWorkingDay } from '../../domain/calendar.ts';

describe('French working days', () => {
  it('knows the movable holidays', () => {
    const h2026 = frenchPublicHolidays(2026);
    expect(h2026.has('2026-04-06')).toBe(true); // Easter Monday
    expect(h2026.has('2026-05-14')).toBe(true); // Ascension
    expect(h2026.has('2026-05-25')).toBe(true); // Whit Monday
    expect(isWorkingDay('2026-07-14')).toBe(false);
    expect(isWorkingDay('2026-11-28')).toBe(false); // a Saturday
  });

  it('finds the first working day of a quarter', () => {
    expect(firstWorkingDay('2027-Q1')).toBe('2027-01-04'); // 1 Jan holiday (Fri), then a weekend
    expect(firstWorkingDay('2024-Q2')).toBe('2024-04-02'); // Easter Monday was 1 April
    expect(firstWorkingDay('2026-Q3')).toBe('2026-07-01');
    expect(firstWorkingDay('2026-Q4')).toBe('2026-10-01');
  });
});
