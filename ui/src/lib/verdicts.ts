// A verdict as its form words it: status names, the note under the status, word counts.
import type { Call, VerdictStatus } from './types';

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
