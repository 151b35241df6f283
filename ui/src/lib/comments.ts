// Comments on the words, the UI's side: the selection to comment on (UTF-16 offsets, as
// <textarea>/<input> selections count them and the core keeps them), @mention
// autocomplete, and where an anchor's words are in the field's text as it is being edited
// (drawn there as a highlight: lib/commentMarks.svelte.ts, lib/ui/TextArea.svelte).
import type { Anchor, CommentThread } from './bindings';
import type { MarkRange } from './ui/marks';

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

/** One contiguous edit of a text: `removed` units at `at` replaced by `inserted` units. */
export interface TextEdit {
  at: number;
  removed: number;
  inserted: number;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The edit that turns `before` into `after`, as the words both keep at their start and end
 * tell it (null when they are the same). One keystroke, paste or cut is exactly one such edit;
 * the edit never splits a surrogate pair.
 */
export function editBetween(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  const most = Math.min(before.length, after.length);
  let head = 0;
  while (head < most && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  if (head > 0 && head < most && isLowSurrogate(before.charCodeAt(head))) head--;
  let tail = 0;
  while (tail < most - head && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  if (tail > 0 && isLowSurrogate(before.charCodeAt(before.length - tail))) tail--;
  return { at: head, removed: before.length - head - tail, inserted: after.length - head - tail };
}

/**
 * A range after `edit`, as the core maps an anchor: it follows its words; words typed between
 * them join it, words typed at its edges do not. Null once all of its words are gone.
 */
export function mapRange(range: MarkRange, edit: TextEdit | null): MarkRange | null {
  if (!edit) return range;
  const { at, removed, inserted } = edit;
  const oldEnd = at + removed;
  const delta = inserted - removed;
  const start = range.start < at ? range.start : range.start >= oldEnd ? range.start + delta : at + inserted;
  const end = range.end <= at ? range.end : range.end >= oldEnd ? range.end + delta : at;
  return end > start ? { start, end } : null;
}

/**
 * Where an anchor's words are in `text`: at its offsets when its words are there, else the
 * place of the same words nearest them (the text moved on since the anchor was read); null
 * when the anchor is on deleted text or its words are not in `text`.
 */
export function anchorRange(text: string, anchor: Anchor): MarkRange | null {
  if (anchor.deleted || anchor.quote === '') return null;
  if (text.slice(anchor.start, anchor.end) === anchor.quote) return { start: anchor.start, end: anchor.end };
  let best: number | null = null;
  for (let at = text.indexOf(anchor.quote); at >= 0; at = text.indexOf(anchor.quote, at + 1)) {
    if (best === null || Math.abs(at - anchor.start) < Math.abs(best - anchor.start)) best = at;
  }
  return best === null ? null : { start: best, end: best + anchor.quote.length };
}

/** Threads open first (oldest first), then resolved ones. */
export function threadOrder(threads: CommentThread[]): CommentThread[] {
  return [...threads].sort((a, b) => Number(a.resolved_at !== null) - Number(b.resolved_at !== null));
}

/** Whether a key press is the "Comment" shortcut: Ctrl+Alt+M (⌘⌥M on a Mac). */
export function isCommentShortcut(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.altKey && (e.key === 'm' || e.key === 'M' || e.code === 'KeyM');
}
