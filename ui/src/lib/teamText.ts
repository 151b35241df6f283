// Words and shortcuts of the team desk: the status bar's line, the sync shortcut, who changed
// what. Pure functions, so they are tested without a screen.
import type { LiveStatus } from './bindings';
import { plural } from './format';
import { ROLE_LABELS } from './roles';

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** Ctrl+Shift+S (Cmd+Shift+S on a Mac): sync with the team now. */
export function isSyncShortcut(e: KeyPress): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 's';
}

/** "10:42", or "2 Dec, 10:42" when not today, in the user's time zone. */
export function clock(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (d.toDateString() === now.toDateString()) return time;
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}

/** Whether the member must sign in (again) before the desk can sync. */
export function needsSignIn(s: LiveStatus | null | undefined): boolean {
  return s?.state === 'sign_in_refused' || s?.state === 'sign_in_needed';
}

/**
 * What the status bar says of the sync: "Synced", "3 changes waiting", "Offline since 10:42 ·
 * 1 change waiting", "Sign-in refused · 1 change waiting".
 */
export function syncLine(s: LiveStatus, now = new Date()): string {
  const waiting = s.pending > 0 ? `${plural(s.pending, 'change')} waiting` : '';
  const withWaiting = (head: string) => (waiting ? `${head} · ${waiting}` : head);
  switch (s.state) {
    case 'off':
      return 'Not on a team';
    case 'syncing':
      return 'Syncing…';
    case 'offline': {
      const since = clock(s.offline_since, now);
      return withWaiting(since ? `Offline since ${since}` : 'Offline');
    }
    case 'sign_in_refused':
      return withWaiting('Sign-in refused');
    case 'sign_in_needed':
      return withWaiting('Sign-in needed');
    case 'waiting':
      return waiting || 'Changes waiting';
    case 'synced':
      return 'Synced';
  }
}

/**
 * The tooltip of the status: when it last synced, and why it cannot: the reason as of the
 * last try (offline, tried again on its own), or what signing in again does.
 */
export function syncDetail(s: LiveStatus, now = new Date()): string {
  const parts: string[] = [];
  if (s.link) parts.push(`Signed in as ${s.link.display_name || s.link.user} on ${serverName(s.link.url)}`);
  if (s.last_synced) parts.push(`Last synced ${clock(s.last_synced, now)}`);
  const tried = clock(s.checked_at, now);
  if ((s.state === 'offline' || needsSignIn(s)) && s.problem) parts.push(tried ? `At ${tried}: ${s.problem}` : s.problem);
  if (s.state === 'offline') parts.push('Everything you save is kept here and sent when the server is back.');
  if (needsSignIn(s)) parts.push('Everything you save is kept here. Sign in again with your password to send it.');
  return parts.join('\n');
}

/** What joining (or signing in again) did with the password, in words. */
export function passwordKept(inKeyring: boolean): string {
  return inKeyring
    ? 'Your password is in the system keyring.'
    : 'No keyring runs here, so your password was not stored: this desk syncs with it until the app closes. ' +
        'To keep syncing after a restart, set VERDICT_TEAM_PASSWORD before starting the app, or start a keyring ' +
        '(such as GNOME Keyring) and sign in again.';
}

/** The server's host (and database) from its address, without user or options. */
export function serverName(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, '');
    return db ? `${u.host}/${db}` : u.host;
  } catch {
    return url;
  }
}

/** "Inès changed the tagline" — for a notice over a form field being edited. */
export function editNotice(
  author: string,
  fields: readonly string[],
  fieldLabel: (field: string) => string,
  nameOf: (login: string) => string,
): string {
  return `${nameOf(author)} changed ${fieldList(fields.map(fieldLabel))}`;
}

/** "dek", "dek and tagline", "dek, tagline and 2 other fields". */
function fieldList(labels: readonly string[]): string {
  const unique = [...new Set(labels)];
  if (unique.length <= 2) return unique.join(' and ');
  return `${unique.slice(0, 2).join(', ')} and ${plural(unique.length - 2, 'other field')}`;
}

/** The desk's roles, and the team's own: its admin. */
const TEAM_ROLES: Record<string, string> = { ...ROLE_LABELS, admin: 'Admin' };

/** A team role as people read it ("publisher" → "Publisher"). */
export function roleLabel(role: string): string {
  return TEAM_ROLES[role] ?? role;
}

/** The roles a member may be given, in the order the form offers them. */
export const TEAM_ROLE_NAMES = ['editor', 'reviewer', 'publisher', 'admin'] as const;

/**
 * What one revision did, in a sentence: "Inès changed dek and tagline" (or "Changed dek"
 * when nobody is named: revisions kept before authors were recorded, imports, the sample).
 */
export function revisionSummary(
  author: string | null,
  fields: readonly string[],
  fieldLabel: (field: string) => string,
  nameOf: (login: string) => string,
): string {
  const who = author ? nameOf(author) : null;
  if (fields.length === 0) return who ? `Saved by ${who}` : 'Saved';
  const what = fieldList(fields.map(fieldLabel));
  return who ? `${who} changed ${what}` : `Changed ${what}`;
}
