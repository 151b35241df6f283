// Comments on the words, the UI's side: the selection to comment on (UTF-16 offsets, as
// <textarea>/<input> selections count them and the core keeps them), @mention
// autocomplete, and the field's text cut into marked and plain runs for its highlight.
import type { CommentThread } from './bindings';

/** A selection in a field, in UTF-16 code units of its text. */
export interface FieldSelection {
  field: string;
  start: number;
  end: number;
}

/**
 * The selected range of a text control, or null when nothing is selected. The control's own
 * offsets are UTF-16 code units: the core's anchors use the same, so they go as they are.
 */
export function selectionIn(el: HTMLTextAreaElement | HTMLInputElement, field: string): FieldSelection | null {
  const start = el.selectionStart ?? 0;
  const end = el.selectionEnd ?? 0;
  return end > start ? { field, start, end } : null;
}

/** The login being typed after an `@` just before `caret`, or null (an e-mail is none). */
export function mentionQuery(text: string, caret: number): { from: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|[^\p{L}\p{N}])@([a-z0-9-]*)$/u.exec(before);
  if (!m) return null;
  const query = m[2] ?? '';
  return { from: caret - query.length - 1, query };
}

/** The members whose login or name starts with `query`, at most `limit`. */
export function mentionCandidates<T extends { slug: string; name: string }>(members: T[], query: string, limit = 6): T[] {
  const q = query.toLowerCase();
  return members
    .filter((m) => m.slug.startsWith(q) || m.name.toLowerCase().startsWith(q) || m.name.toLowerCase().includes(` ${q}`))
    .slice(0, limit);
}

/** `text` with the mention being typed at `caret` completed to `@login `, and the new caret. */
export function completeMention(text: string, caret: number, login: string): { text: string; caret: number } {
  const q = mentionQuery(text, caret);
  if (!q) return { text, caret };
  const inserted = `@${login} `;
  return { text: text.slice(0, q.from) + inserted + text.slice(caret), caret: q.from + inserted.length };
}

/** A run of a field's text: marked by the threads whose words it is, or plain. */
export interface Run {
  text: string;
  threads: string[];
}

/**
 * The text cut where open anchors on `field` begin and end, for a highlight drawn behind the
 * field. Anchors on deleted text, resolved threads and other fields are left out; offsets are
 * UTF-16 units, as JavaScript strings index.
 */
export function highlightRuns(text: string, threads: CommentThread[], field: string): Run[] {
  const live = threads.filter(
    (t) => t.target.field === field && t.resolved_at === null && !t.anchor.deleted && t.anchor.end <= text.length,
  );
  const cuts = new Set<number>([0, text.length]);
  for (const t of live) {
    cuts.add(t.anchor.start);
    cuts.add(t.anchor.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (to <= from) continue;
    const over = live.filter((t) => t.anchor.start <= from && t.anchor.end >= to).map((t) => t.id);
    runs.push({ text: text.slice(from, to), threads: over });
  }
  return runs;
}

/** Threads open first (oldest first), then resolved ones. */
export function threadOrder(threads: CommentThread[]): CommentThread[] {
  return [...threads].sort((a, b) => Number(a.resolved_at !== null) - Number(b.resolved_at !== null));
}

/** Whether a key press is the "Comment" shortcut: Ctrl+Alt+M (⌘⌥M on a Mac). */
export function isCommentShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.altKey && (e.key === 'm' || e.key === 'M' || e.code === 'KeyM');
}
