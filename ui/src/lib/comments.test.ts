import { describe, expect, it } from 'vitest';
import type { CommentThread } from './bindings';
import { anchorRange, completeMention, editBetween, isCommentShortcut, mapRange, mentionCandidates, mentionQuery, selectionIn, threadOrder } from './comments';

function thread(id: string, field: string, start: number, end: number, extra: Partial<CommentThread> = {}): CommentThread {
  return {
    id,
    target: { kind: 'comparison', key: 'a-vs-b', field },
    anchor: { start, end, quote: '', deleted: false },
    resolved_at: null,
    resolved_by: null,
    comments: [],
    ...extra,
  };
}

describe('comments helpers', () => {
  it('reads a selection in UTF-16 units, as the core anchors count them', () => {
    const el = document.createElement('textarea');
    el.value = '😀 The primitive here';
    document.body.append(el);
    el.setSelectionRange(3, 16);
    expect(selectionIn(el, 'intro')).toEqual({ field: 'intro', start: 3, end: 16 });
    expect(el.value.slice(3, 16)).toBe('The primitive');
    el.setSelectionRange(4, 4);
    expect(selectionIn(el, 'intro')).toBeNull();
    el.remove();
  });

  it('finds the mention being typed and completes it', () => {
    expect(mentionQuery('Ask @sa', 7)).toEqual({ from: 4, query: 'sa' });
    expect(mentionQuery('mail x@sa', 9)).toBeNull();
    expect(mentionQuery('@', 1)).toEqual({ from: 0, query: '' });
    expect(completeMention('Ask @sa now', 7, 'sam')).toEqual({ text: 'Ask @sam  now', caret: 9 });
    const members = [
      { slug: 'sam', name: 'Sam Skeptic' },
      { slug: 'ines', name: 'Inès Editor' },
      { slug: 'pat', name: 'Pat Sampson' },
    ];
    expect(mentionCandidates(members, 'sa').map((m) => m.slug)).toEqual(['sam', 'pat']);
    expect(mentionCandidates(members, 'in').map((m) => m.slug)).toEqual(['ines']);
  });

  it('finds the one edit between two texts, never inside a character', () => {
    expect(editBetween('the cat', 'the cat')).toBeNull();
    expect(editBetween('the cat', 'the big cat')).toEqual({ at: 4, removed: 0, inserted: 4 });
    expect(editBetween('the big cat', 'the cat')).toEqual({ at: 4, removed: 4, inserted: 0 });
    expect(editBetween('a cat', 'a dog')).toEqual({ at: 2, removed: 3, inserted: 3 });
    // Two emoji sharing their first unit: the edit takes both units of the one that changed.
    expect(editBetween('x😀y', 'x😁y')).toEqual({ at: 1, removed: 2, inserted: 2 });
    expect(editBetween('😀', '')).toEqual({ at: 0, removed: 2, inserted: 0 });
  });

  it('maps a range through an edit as the core maps an anchor', () => {
    const r = { start: 4, end: 7 }; // "cat" in "the cat is"
    // Before it: moves; after it: stays.
    expect(mapRange(r, { at: 0, removed: 0, inserted: 2 })).toEqual({ start: 6, end: 9 });
    expect(mapRange(r, { at: 8, removed: 2, inserted: 0 })).toEqual(r);
    // Typed at its edges: not its words.
    expect(mapRange(r, { at: 4, removed: 0, inserted: 3 })).toEqual({ start: 7, end: 10 });
    expect(mapRange(r, { at: 7, removed: 0, inserted: 3 })).toEqual(r);
    // Typed between its words: joins it.
    expect(mapRange(r, { at: 5, removed: 0, inserted: 2 })).toEqual({ start: 4, end: 9 });
    // Part of its words cut: the rest stay marked; all of them cut: gone.
    expect(mapRange(r, { at: 2, removed: 3, inserted: 0 })).toEqual({ start: 2, end: 4 });
    expect(mapRange(r, { at: 6, removed: 3, inserted: 1 })).toEqual({ start: 4, end: 6 });
    expect(mapRange(r, { at: 3, removed: 5, inserted: 1 })).toBeNull();
    expect(mapRange(r, null)).toEqual(r);
  });

  it('places an anchor by its words when the text moved on since it was read', () => {
    const anchor = { start: 4, end: 7, quote: 'cat', deleted: false };
    expect(anchorRange('the cat', anchor)).toEqual({ start: 4, end: 7 });
    expect(anchorRange('a cat, the cat', anchor)).toEqual({ start: 2, end: 5 });
    expect(anchorRange('oh the big cat, a cat', anchor)).toEqual({ start: 11, end: 14 });
    expect(anchorRange('the dog', anchor)).toBeNull();
    expect(anchorRange('the cat', { ...anchor, deleted: true })).toBeNull();
  });

  it('puts open threads first and knows the shortcut', () => {
    const order = threadOrder([thread('x', 'dek', 0, 1, { resolved_at: 'now' }), thread('y', 'dek', 0, 1)]);
    expect(order.map((t) => t.id)).toEqual(['y', 'x']);
    expect(isCommentShortcut(new KeyboardEvent('keydown', { key: 'm', ctrlKey: true, altKey: true }))).toBe(true);
    expect(isCommentShortcut(new KeyboardEvent('keydown', { key: 'm', ctrlKey: true }))).toBe(false);
  });
});
