import { describe, expect, it } from 'vitest';
import { todayIn, weekdayLabel } from './calendar';

describe('calendar days', () => {
  it('says today as YYYY-MM-DD in the zone given, across a day boundary', () => {
    const late = new Date('2026-12-06T23:30:00Z');
    expect(todayIn('UTC', late)).toBe('2026-12-06');
    expect(todayIn('Europe/Berlin', late)).toBe('2026-12-07');
    expect(todayIn('America/New_York', new Date('2026-12-07T03:00:00Z'))).toBe('2026-12-06');
  });

  it('falls back to the UTC day for a zone it does not know', () => {
    expect(todayIn('Not/AZone', new Date('2026-12-06T12:00:00Z'))).toBe('2026-12-06');
  });

  it('heads a column with the weekday alone', () => {
    expect(weekdayLabel('2026-12-07')).toBe('Mon');
    expect(weekdayLabel('2026-12-13')).toBe('Sun');
  });
});
