import { describe, expect, it } from 'vitest';
import type { CommentThread } from './bindings';
import { completeMention, highlightRuns, isCommentShortcut, mentionCandidates, mentionQuery, selectionIn, threadOrder } from './comments';

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

  it('cuts a field into marked and plain runs by its open, live anchors', () => {
    const text = 'Small, fast, and the weights are open.';
    const runs = highlightRuns(
      text,
      [
        thread('a', 'intro', 7, 11),
        thread('b', 'intro', 9, 16),
        thread('c', 'intro', 0, 5, { resolved_at: '2026-01-01T00:00:00Z' }),
        thread('d', 'intro', 0, 5, { anchor: { start: 0, end: 5, quote: 'Small', deleted: true } }),
        thread('e', 'dek', 0, 5),
      ],
      'intro',
    );
    expect(runs.map((r) => r.text).join('')).toBe(text);
    expect(runs.filter((r) => r.threads.length > 0).map((r) => [r.text, r.threads])).toEqual([
      ['fa', ['a']],
      ['st', ['a', 'b']],
      [', and', ['b']],
    ]);
  });

  it('puts open threads first and knows the shortcut', () => {
    const order = threadOrder([thread('x', 'dek', 0, 1, { resolved_at: 'now' }), thread('y', 'dek', 0, 1)]);
    expect(order.map((t) => t.id)).toEqual(['y', 'x']);
    expect(isCommentShortcut(new KeyboardEvent('keydown', { key: 'm', ctrlKey: true, altKey: true }))).toBe(true);
    expect(isCommentShortcut(new KeyboardEvent('keydown', { key: 'm', ctrlKey: true }))).toBe(false);
  });
});
