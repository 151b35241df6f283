import { describe, expect, it } from 'vitest';
import { fieldMessages, groupProblems, problemsOf } from './problems';
import type { ApiError } from '../types';

const invalid = (problems: ApiError['problems'], field: string | null = problems[0]?.field ?? null): ApiError => ({
  code: 'invalid',
  message: problems.map((p) => `${p.field}: ${p.message}`).join('; '),
  field,
  problems,
});

describe('problemsOf', () => {
  it('takes one problem per entry of the core list, with its section', () => {
    expect(
      problemsOf(invalid([
        { field: 'title', message: 'must not be empty' },
        { field: 'tools', message: 'a comparison needs at least two tools' },
      ])),
    ).toEqual([
      { field: 'title', section: 'title', index: null, message: 'must not be empty' },
      { field: 'tools', section: 'tools', index: null, message: 'a comparison needs at least two tools' },
    ]);
  });
  it('keeps list positions and messages with colons or semicolons in them', () => {
    expect(
      problemsOf(invalid([
        { field: 'tools[1]', message: '"x" is listed twice' },
        { field: 'panel[0]', message: 'not a slug: use a-z; 0-9' },
      ])),
    ).toEqual([
      { field: 'tools[1]', section: 'tools', index: 1, message: '"x" is listed twice' },
      { field: 'panel[0]', section: 'panel', index: 0, message: 'not a slug: use a-z; 0-9' },
    ]);
  });
  it('makes an invalid error with only a field that field\'s problem', () => {
    expect(problemsOf({ code: 'invalid', message: 'Must not be empty.', field: 'dek', problems: [] })).toEqual([
      { field: 'dek', section: 'dek', index: null, message: 'Must not be empty.' },
    ]);
  });
  it('reports fields outside the form with no section', () => {
    expect(problemsOf(invalid([{ field: 'scheduled_for', message: 'a scheduled comparison needs a publish time' }]))).toEqual([
      { field: 'scheduled_for', section: null, index: null, message: 'a scheduled comparison needs a publish time' },
    ]);
  });
  it('has none for errors that are not invalid input', () => {
    expect(problemsOf(null)).toEqual([]);
    expect(problemsOf({ code: 'forbidden', message: 'no', field: null, problems: [{ field: 'x', message: 'y' }] })).toEqual([]);
  });
});

describe('groupProblems', () => {
  it('puts each problem under its key and the rest under other', () => {
    const by = groupProblems(problemsOf(invalid([{ field: 'name', message: 'a' }, { field: 'zz', message: 'b' }])), ['name', 'slug'] as const, (f) =>
      f === 'name' || f === 'slug' ? f : 'other',
    );
    expect(by.name.map((p) => p.message)).toEqual(['a']);
    expect(by.slug).toEqual([]);
    expect(by.other.map((p) => p.message)).toEqual(['b']);
  });
});

describe('fieldMessages', () => {
  it('joins the problems of each field, stripping a prefix, and names the path of the rest', () => {
    const err = invalid([
      { field: 'site.theme', message: 'no theme "x"' },
      { field: 'tools[2].slug', message: 'must not be empty' },
    ]);
    expect(fieldMessages(err, ['theme', 'name'] as const, { prefix: 'site.' })).toEqual({
      theme: 'no theme "x"',
      other: 'tools[2].slug: must not be empty',
    });
  });
  it('puts a field that is not shown, and any other error, under other', () => {
    expect(fieldMessages(invalid([{ field: 'user', message: 'needed' }]), ['user'] as const, { shown: () => false })).toEqual({
      other: 'user: needed',
    });
    expect(fieldMessages({ code: 'forbidden', message: 'Not yours', field: null, problems: [] }, ['user'] as const)).toEqual({
      other: 'Not yours',
    });
  });
});
