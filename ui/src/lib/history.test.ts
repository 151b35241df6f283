import { describe, expect, it } from 'vitest';
import { groupRevisions } from './history';
import type { RevisionView } from './types';

const rev = (number: number, at: string, author: string | null, fields: string[]): RevisionView => ({
  number,
  saved_at: at,
  author,
  changes: fields.map((field) => ({ field, before: 'a', after: 'b', parts: [] })),
});

describe('history runs', () => {
  it('makes one entry of a run of saves by one person, and a new one for another person or a pause', () => {
    const runs = groupRevisions([
      rev(6, '2026-12-02T10:51:00Z', 'ines', ['title']),
      rev(5, '2026-12-02T10:47:00Z', 'ines', ['dek']),
      rev(4, '2026-12-02T10:42:00Z', 'ines', ['dek']),
      rev(3, '2026-12-02T10:40:00Z', 'omar', ['tagline']),
      rev(2, '2026-12-02T08:00:00Z', 'omar', ['intro']),
      rev(1, '2026-12-02T07:59:00Z', 'omar', ['title', 'dek']),
    ]);
    expect(runs.map((r) => [r.author, r.revisions.map((x) => x.number), r.fields])).toEqual([
      ['ines', [6, 5, 4], ['title', 'dek']],
      ['omar', [3], ['tagline']],
      ['omar', [2], ['intro']],
      ['omar', [1], ['title', 'dek']],
    ]);
  });
});
