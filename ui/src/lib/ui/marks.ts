// A text cut into plain and marked runs, for a highlight drawn behind a text control (see
// TextArea's `marks`). Offsets are UTF-16 code units, as JavaScript strings and a control's
// selection count them.

/** A range of a text to mark, in UTF-16 code units (`end` excluded). */
export interface MarkRange {
  start: number;
  end: number;
}

/** A run of the text: `depth` is how many ranges cover it (0: plain). */
export interface Segment {
  text: string;
  depth: number;
}

const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** `at` moved off the middle of a surrogate pair (towards `outward`: -1 back, +1 on). */
function onBoundary(text: string, at: number, outward: -1 | 1): number {
  if (at > 0 && at < text.length && isLow(text.charCodeAt(at))) return at + outward;
  return at;
}

/**
 * `text` cut where the ranges begin and end, each run with the number of ranges over it.
 * Ranges past the text are clipped, empty ones dropped, and one that splits a character in two
 * (a surrogate pair) grows to cover it. Two ranges that touch stay two runs; overlapping ones
 * give the shared words a depth of 2. The runs joined are `text`.
 */
export function markSegments(text: string, ranges: readonly MarkRange[]): Segment[] {
  const clipped: MarkRange[] = [];
  for (const r of ranges) {
    const start = onBoundary(text, Math.max(0, Math.min(r.start, text.length)), -1);
    const end = onBoundary(text, Math.max(0, Math.min(r.end, text.length)), 1);
    if (end > start) clipped.push({ start, end });
  }
  const cuts = new Set<number>([0, text.length]);
  for (const r of clipped) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    const depth = clipped.filter((r) => r.start <= from && r.end >= to).length;
    const last = out.at(-1);
    // Plain runs next to each other are one run; marked ones keep their own edges.
    if (depth === 0 && last && last.depth === 0) last.text += text.slice(from, to);
    else out.push({ text: text.slice(from, to), depth });
  }
  if (out.length === 0) out.push({ text, depth: 0 });
  return out;
}
