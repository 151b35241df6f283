// A verdict as its form words it: status names, the note under the status, word counts, the
// problems under each field and the save indicator.
import type { Call, VerdictStatus } from './types';
import type { SaveKind } from './ui/SaveStatus.svelte';

export const STATUS_LABEL: Record<VerdictStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Returned',
};

/** Words of a quote; Markdown markers ("-", "##", ">") are not words. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** What the status means for the person looking: its writer (`own`) or an editor reviewing it. */
export function statusNote(s: VerdictStatus | null, own: boolean, reviewing: boolean): string {
  switch (s) {
    case null:
      return own ? 'Not written yet. Choose a call and write the quote; it is kept as a draft.' : 'Not written yet.';
    case 'draft':
      return own ? 'Saved as a draft. Submit it when it is ready for an editor.' : 'The reviewer is still writing it.';
    case 'submitted':
      if (reviewing) return 'Waiting for your review: accept it, or return it with a comment.';
      return own ? 'Locked while an editor reviews it.' : 'Waiting for an editor’s review.';
    case 'accepted':
      return 'Accepted by an editor.';
    case 'returned':
      return own ? 'An editor returned it. Revise it and submit it again.' : 'Returned to the reviewer.';
  }
}

/** What the form edits: a VerdictDraft whose call may not be chosen yet. */
export interface FormDraft {
  reviewer: string;
  tool: string;
  call: Call | null;
  quote: string;
}

/** The verdict form's fields that show their own problems; the rest go under "other". */
export type VerdictField = 'call' | 'quote' | 'return_comment';
export const VERDICT_FIELDS: readonly VerdictField[] = ['call', 'quote', 'return_comment'];

/**
 * The problems to show under each field of the verdict form: one found before anything was
 * sent, then the core's (`lists`), placed by the field they name (`call`, `quote[0]`…).
 */
export function verdictProblems(
  local: { field: VerdictField; message: string } | null,
  lists: readonly (readonly { field: string; message: string }[])[],
): Record<VerdictField | 'other', string[]> {
  const by: Record<VerdictField | 'other', string[]> = { call: [], quote: [], return_comment: [], other: [] };
  if (local) by[local.field].push(local.message);
  for (const list of lists) {
    for (const p of list) {
      const base = /^[a-z_]+/.exec(p.field)?.[0] ?? '';
      const field = (VERDICT_FIELDS as readonly string[]).includes(base) ? (base as VerdictField) : 'other';
      by[field].push(field === 'other' && p.field ? `${p.field}: ${p.message}` : p.message);
    }
  }
  return by;
}

/** The verdict form's save indicator: nothing while it cannot be changed, else where it stands. */
export function verdictSaveState(f: {
  json: string | null;
  editable: boolean;
  saving: boolean;
  saveError: { message: string } | null;
  failedJson: string | null;
  savedJson: string | null;
  hasCall: boolean;
  stored: boolean;
}): { kind: SaveKind; text: string } {
  if (f.json === null || !f.editable) return { kind: 'idle', text: '' };
  if (f.saving) return { kind: 'saving', text: 'Saving…' };
  if (f.saveError && f.json === f.failedJson) return { kind: 'error', text: `Not saved: ${f.saveError.message}` };
  if (f.json !== f.savedJson) {
    return f.hasCall ? { kind: 'dirty', text: 'Unsaved changes' } : { kind: 'dirty', text: 'Choose Ship or Skip to save the draft' };
  }
  return f.stored ? { kind: 'saved', text: 'Saved' } : { kind: 'idle', text: '' };
}
