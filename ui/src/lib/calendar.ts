// The calendar's days: ISO dates ("2026-12-24") counted in UTC, so no local clock or DST
// change moves a day. The core puts each entry on its day in the member's time zone.

export type CalendarMode = 'month' | 'week';

/** The member's time zone (IANA name), or UTC when the platform does not say. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function parse(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  const d = parse(day);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/** The Monday of `day`'s week. */
export function weekStart(day: string): string {
  const weekday = (parse(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The days a view shows around `anchor`: its week, or whole weeks covering its month. */
export function viewDays(mode: CalendarMode, anchor: string): string[] {
  if (mode === 'week') return Array.from({ length: 7 }, (_, i) => addDays(weekStart(anchor), i));
  const first = `${anchor.slice(0, 7)}-01`;
  const d = parse(first);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  const last = iso(d);
  const days: string[] = [];
  for (let day = weekStart(first); day <= last || days.length % 7 !== 0; day = addDays(day, 1)) days.push(day);
  return days;
}

/** "December 2026" or "Week of 7 Dec 2026". */
export function viewTitle(mode: CalendarMode, anchor: string): string {
  const d = parse(mode === 'week' ? weekStart(anchor) : anchor);
  if (mode === 'month') return d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `Week of ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`;
}

/** "Mon" for a column's heading. */
export function weekdayLabel(day: string): string {
  return parse(day).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
}

/** "Mon 7 Dec" for a day's label. */
export function dayLabel(day: string): string {
  return parse(day).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** Today in `timeZone`, as an ISO date. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // From the parts, not a locale's format: a webview without a locale's data (WebKitGTK
    // without en-CA) writes another order, and a day the grid cannot read breaks the screen.
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(now);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const day = `${part('year')}-${part('month')}-${part('day')}`;
    return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : iso(now);
  } catch {
    return iso(now);
  }
}

/** The day the arrow `key` moves to from `day` (null: not an arrow). */
export function arrowTarget(key: string, day: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(day, -1);
    case 'ArrowRight':
      return addDays(day, 1);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'ArrowDown':
      return addDays(day, 7);
    default:
      return null;
  }
}
