// Dates and times as the forms show and type them; the core stores RFC 3339 (UTC) and
// plain dates. Tested through the workflow bar's and the tool editor's tests.

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as a datetime-local input shows it: the machine's local time, to the minute. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Tomorrow at 09:00 on this machine: a sensible first guess at a publish time. */
export function defaultScheduleTime(now = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return toLocalInput(d);
}

/** "2025-04-13T09:00" (local) → "2025-04-13T07:00:00Z" (RFC 3339, UTC); null when unreadable. */
export function localInputToUtc(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  // Without an offset, ECMAScript reads a date-time as local time, which is what the input means.
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

/** An RFC 3339 time in this machine's words ("13 Apr 2025, 09:00"); '' for none. */
export function formatLocalDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Today's date on this machine's calendar, as the core stores dates ("2025-04-01"). */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
