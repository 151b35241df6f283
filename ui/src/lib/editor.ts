// Pure helpers for the comparison editor: which section a field path belongs to,
// how checks are ordered, which keys mean "save". Unit-tested in editor.test.ts.
import type { Check } from './types';

/** Quiet time after the last change before the editor saves on its own. */
export const AUTOSAVE_DELAY_MS = 800;

/** The parts of the comparison form a problem can point at. */
export type FormSection = 'title' | 'dek' | 'intro' | 'tools' | 'panel';

const SECTIONS: readonly FormSection[] = ['title', 'dek', 'intro', 'tools', 'panel'];

/**
 * The form section a core field path belongs to: "title" → title,
 * "tools[1]" → tools, "panel" → panel; anything else (including fields of a
 * tool or verdict such as "tool:x.tagline") → null.
 */
export function sectionOf(field: string | null | undefined): FormSection | null {
  if (!field) return null;
  const base = /^([a-z_]+)(?=$|[[.])/.exec(field.trim())?.[1];
  return base && (SECTIONS as readonly string[]).includes(base) ? (base as FormSection) : null;
}

/** Blockers first, then warnings; the core's order is kept within each group. */
export function sortChecks(checks: readonly Check[]): Check[] {
  const rank = (c: Check) => (c.severity === 'blocker' ? 0 : 1);
  return checks
    .map((check, i) => ({ check, i }))
    .sort((a, b) => rank(a.check) - rank(b.check) || a.i - b.i)
    .map(({ check }) => check);
}

/** True for Ctrl+S (Windows/Linux) or Cmd+S (macOS). */
export function isSaveShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's';
}

const NON_TEXT_INPUTS = new Set(['button', 'checkbox', 'color', 'file', 'hidden', 'image', 'radio', 'range', 'reset', 'submit']);

/**
 * True when keys typed now go into a form field (text input, textarea, select
 * or an editable region), where Escape must not navigate away.
 */
export function isTextEntry(el: Element | null | undefined): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(el.type);
  return el instanceof HTMLElement && (el.isContentEditable || el.getAttribute('contenteditable') === 'true');
}

/** Where a check outside the comparison's own form is fixed: a verdict's form or a tool's. */
export type CheckPlace =
  | { kind: 'verdict'; reviewer: string; tool: string }
  | { kind: 'tool'; slug: string }
  | { kind: 'media'; hash: string };

/**
 * The place a check's field points at (`verdict:REVIEWER/TOOL`, `tool:SLUG.field`), so a
 * blocker such as "… has no verdict on …" links to the form that fixes it; null for the
 * comparison's own fields (those have their "Go to" link).
 */
export function placeOfCheck(field: string | null | undefined): CheckPlace | null {
  if (!field) return null;
  const verdict = /^verdict:([^/\s]+)\/(\S+)$/.exec(field.trim());
  if (verdict) return { kind: 'verdict', reviewer: verdict[1]!, tool: verdict[2]! };
  const tool = /^tool:([^.\s]+)(?:\.|$)/.exec(field.trim());
  if (tool) return { kind: 'tool', slug: tool[1]! };
  // An image's own text (its alt text): the core names it `media:HASH.alt`.
  const media = /^media:([0-9a-f]{64})(?:\.|$)/.exec(field.trim());
  if (media) return { kind: 'media', hash: media[1]! };
  return null;
}

/** What a check's link to its place says. */
export function checkPlaceLabel(place: CheckPlace): string {
  return { verdict: 'Open verdict', tool: 'Open tool', media: 'Open image' }[place.kind];
}
