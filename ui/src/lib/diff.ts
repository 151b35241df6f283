// Revisions as people read them: field paths in words, long unchanged runs shortened.
// Unit-tested in HistoryPanel.test.ts.
import type { DiffPart } from './types';

/**
 * A stored field path as people read it: "entry_price.amount_cents" →
 * "entry price › amount cents", "rubric[2]" → "rubric 3" (positions count from one).
 */
export function fieldLabel(field: string): string {
  const label = field
    .split('.')
    .map((segment) =>
      segment
        .replace(/\[(\d+)\]/g, (_, i: string) => ` ${Number(i) + 1}`)
        .replace(/_+/g, ' ')
        .trim(),
    )
    .filter((segment) => segment.length > 0)
    .join(' › ');
  return label || field;
}

/** Unchanged runs longer than this many words are shortened around the change. */
const LONG_RUN_WORDS = 24;
/** Words of context kept on each side of a change in a shortened run. */
const CONTEXT_WORDS = 8;

export interface ShownPart extends DiffPart {
  /** Words were left out of this unchanged run (shown as "…"). */
  shortened: boolean;
}

/**
 * The parts of a word diff with long unchanged runs shortened to the words next to a
 * change, so an edit in a long description stays findable. Changed text is kept whole.
 */
export function shortenParts(parts: readonly DiffPart[]): ShownPart[] {
  return parts.map((part, i) => {
    const changeBefore = i > 0;
    const changeAfter = i < parts.length - 1;
    const words = part.kind === 'same' ? (part.text.match(/\s*\S+\s*/g) ?? []) : [];
    if (words.length <= LONG_RUN_WORDS || !(changeBefore || changeAfter)) return { ...part, shortened: false };
    const head = words.slice(0, CONTEXT_WORDS).join('');
    const tail = words.slice(-CONTEXT_WORDS).join('');
    const text =
      changeBefore && changeAfter
        ? `${head.trimEnd()} … ${tail.trimStart()}`
        : changeBefore
          ? `${head.trimEnd()} …`
          : `… ${tail.trimStart()}`;
    return { kind: 'same', text, shortened: true };
  });
}
