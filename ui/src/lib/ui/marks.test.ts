import { describe, expect, it } from 'vitest';
import { markSegments } from './marks';

const marked = (text: string, ranges: { start: number; end: number }[]) =>
  markSegments(text, ranges).map((s) => [s.text, s.depth] as const);

describe('a text cut for its marks', () => {
  it('marks the ranges and keeps the rest plain, the runs joined being the text', () => {
    const text = 'Small, fast, and open.';
    const segments = markSegments(text, [{ start: 7, end: 11 }]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(marked(text, [{ start: 7, end: 11 }])).toEqual([
      ['Small, ', 0],
      ['fast', 1],
      [', and open.', 0],
    ]);
  });

  it('gives words under two ranges a depth of two (overlapping ranges)', () => {
    expect(marked('abcdefgh', [{ start: 1, end: 5 }, { start: 3, end: 7 }])).toEqual([
      ['a', 0],
      ['bc', 1],
      ['de', 2],
      ['fg', 1],
      ['h', 0],
    ]);
    // One range inside another, and the same range twice.
    expect(marked('abcdef', [{ start: 0, end: 6 }, { start: 2, end: 4 }, { start: 2, end: 4 }])).toEqual([
      ['ab', 1],
      ['cd', 3],
      ['ef', 1],
    ]);
  });

  it('keeps two ranges that touch as two runs, in any order', () => {
    expect(marked('abcdef', [{ start: 3, end: 5 }, { start: 1, end: 3 }])).toEqual([
      ['a', 0],
      ['bc', 1],
      ['de', 1],
      ['f', 0],
    ]);
  });

  it('clips ranges past the text and drops empty or inverted ones (words deleted since)', () => {
    expect(marked('abc', [{ start: 2, end: 9 }, { start: 7, end: 9 }, { start: 1, end: 1 }, { start: 2, end: 1 }])).toEqual([
      ['ab', 0],
      ['c', 1],
    ]);
    expect(marked('', [{ start: 0, end: 3 }])).toEqual([['', 0]]);
    expect(marked('plain', [])).toEqual([['plain', 0]]);
  });

  it('counts UTF-16 units and never splits a character in two', () => {
    const text = 'Ünïcode 😀 ok';
    const emoji = text.indexOf('😀');
    // The emoji is two units: a range on it is two long.
    expect(marked(text, [{ start: emoji, end: emoji + 2 }])).toEqual([
      ['Ünïcode ', 0],
      ['😀', 1],
      [' ok', 0],
    ]);
    // A range ending or starting inside the pair grows to cover the whole character.
    expect(marked(text, [{ start: emoji + 1, end: emoji + 3 }])).toEqual([
      ['Ünïcode ', 0],
      ['😀 ', 1],
      ['ok', 0],
    ]);
    expect(marked(text, [{ start: 0, end: emoji + 1 }])).toEqual([
      ['Ünïcode 😀', 1],
      [' ok', 0],
    ]);
  });
});
