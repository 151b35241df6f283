import { describe, expect, it } from 'vitest';
import type { CommentThread } from './bindings';
import { commentMarks } from './commentMarks.svelte';

function thread(id: string, field: string, text: string, words: string, extra: Partial<CommentThread> = {}): CommentThread {
  const start = text.indexOf(words);
  return {
    id,
    target: { kind: 'comparison', key: 'a-vs-b', field },
    anchor: { start, end: start + words.length, quote: words, deleted: false },
    resolved_at: null,
    resolved_by: null,
    comments: [],
    ...extra,
  };
}

const words = (text: string, ranges: { start: number; end: number }[]) => ranges.map((r) => text.slice(r.start, r.end));
/** The marks of the intro holding `text`, as the words they cover. */
const intro = (text: string) => words(text, commentMarks.ranges('comparison', 'a-vs-b', 'intro', text));

describe('comment marks in a field being edited', () => {
  const TEXT = 'Ünïcode 😀 intro: the primitive here is sound, the weights open.';

  it('marks the open threads of the field only', () => {
    commentMarks.take(
      'comparison',
      'a-vs-b',
      [
        thread('a', 'intro', TEXT, 'primitive'),
        thread('b', 'intro', TEXT, 'weights', { resolved_at: 'now' }),
        thread('c', 'intro', TEXT, 'sound', { anchor: { start: 0, end: 3, quote: 'gone words', deleted: true } }),
        thread('d', 'dek', TEXT, 'here'),
        { ...thread('e', 'intro', TEXT, 'open'), target: { kind: 'tool', key: 'haiku', field: 'intro' } },
      ],
      { intro: TEXT, dek: TEXT },
    );
    expect(intro(TEXT)).toEqual(['primitive']);
    expect(words(TEXT, commentMarks.ranges('comparison', 'a-vs-b', 'dek', TEXT))).toEqual(['here']);
    expect(commentMarks.ranges('tool', 'haiku', 'intro', TEXT)).toEqual([]);
    commentMarks.forget('comparison', 'a-vs-b');
    expect(intro(TEXT)).toEqual([]);
  });

  it('follows the words keystroke by keystroke, joining what is typed between them', () => {
    commentMarks.take('comparison', 'a-vs-b', [thread('a', 'intro', TEXT, 'primitive'), thread('b', 'intro', TEXT, 'weights')], { intro: TEXT });
    let text = TEXT;
    // Typed before both, one key at a time, then between the words of one.
    for (const ch of 'Now: ') {
      text = ch + text;
      expect(intro(text)).toEqual(['primitive', 'weights']);
    }
    text = text.replace('primitive', 'primi-tive');
    expect(intro(text)).toEqual(['primi-tive', 'weights']);
    // An edit near the end and one near the start, one after the other: both marks stay.
    text = text.replace('open.', 'open!');
    text = text.replace('Now:', 'Today:');
    expect(intro(text)).toEqual(['primi-tive', 'weights']);
    // The words of one deleted: its mark goes; the other stays.
    text = text.replace('the weights ', '');
    expect(intro(text)).toEqual(['primi-tive']);
    commentMarks.forget('comparison', 'a-vs-b');
  });

  it('keeps where a thread was followed when the threads are read again, and places moved ones anew', () => {
    const a = thread('a', 'intro', TEXT, 'primitive');
    commentMarks.take('comparison', 'a-vs-b', [a], { intro: TEXT });
    const edited = `the primitive: ${TEXT}`;
    expect(intro(edited)).toEqual(['primitive']);
    expect(commentMarks.ranges('comparison', 'a-vs-b', 'intro', edited)[0]!.start).toBe(TEXT.indexOf('primitive') + 15);
    // A reply read again: the same anchor (the core has not saved the edit yet) keeps its place,
    // not the first "primitive" now in the text.
    commentMarks.take('comparison', 'a-vs-b', [a, thread('n', 'intro', edited, 'sound')], { intro: edited });
    expect(commentMarks.ranges('comparison', 'a-vs-b', 'intro', edited).map((r) => r.start)).toEqual([
      TEXT.indexOf('primitive') + 15,
      edited.indexOf('sound'),
    ]);
    // The core moved the anchor (the edit saved): placed at its new offsets.
    commentMarks.take('comparison', 'a-vs-b', [thread('a', 'intro', edited, 'the primitive')], { intro: edited });
    expect(intro(edited)).toEqual(['the primitive']);
    commentMarks.forget('comparison', 'a-vs-b');
  });
});
