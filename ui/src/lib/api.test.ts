import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import {
  NO_BACKEND,
  deskOverview,
  getComparison,
  hasBackend,
  previewDraft,
  saveComparison,
  search,
  toApiError,
} from './api';
import { sampleComparison, sampleOverview } from '../test/fixtures';

type TauriWindow = Window & { __TAURI_INTERNALS__?: unknown };

describe('toApiError', () => {
  it('keeps an ApiError from the core', () => {
    expect(toApiError({ code: 'validation', message: 'Title is required', field: 'title' })).toEqual({
      code: 'validation',
      message: 'Title is required',
      field: 'title',
      problems: [],
    });
  });
  it('keeps the core\'s problems, one per field', () => {
    const problems = [
      { field: 'title', message: 'must not be empty' },
      { field: 'tools[1]', message: '"x" is listed twice' },
    ];
    expect(toApiError({ code: 'invalid', message: 'title: must not be empty; tools[1]: "x" is listed twice', field: 'title', problems })).toEqual({
      code: 'invalid',
      message: 'title: must not be empty; tools[1]: "x" is listed twice',
      field: 'title',
      problems,
    });
    expect(toApiError(JSON.stringify({ code: 'invalid', message: 'm', problems: [{ field: 'dek', message: 'too long' }] })).problems).toEqual([
      { field: 'dek', message: 'too long' },
    ]);
  });
  it('keeps the details of a refusal, tagged by kind, and drops malformed ones', () => {
    const details = { kind: 'pair_taken', slug: 'a-vs-b', title: 'A vs B' };
    const message = 'these tools already have a comparison page: "a-vs-b"';
    const problems = [{ field: 'tools', message }];
    expect(toApiError({ code: 'pair_taken', message, field: 'tools', problems, details })).toEqual({
      code: 'pair_taken',
      message,
      field: 'tools',
      problems,
      details,
    });
    expect(toApiError({ code: 'pair_taken', message, details: 'a-vs-b' })).not.toHaveProperty('details');
    expect(toApiError({ code: 'invalid', message })).not.toHaveProperty('details');
  });

  it('fills in missing parts of an error-like object', () => {
    expect(toApiError({ message: 'Disk full' })).toEqual({ code: 'error', message: 'Disk full', field: null, problems: [] });
    expect(toApiError({ code: 'io' })).toEqual({ code: 'io', message: 'Something went wrong.', field: null, problems: [] });
  });
  it('uses a plain string as the message', () => {
    expect(toApiError('database is locked')).toEqual({ code: 'error', message: 'database is locked', field: null, problems: [] });
  });
  it('parses a JSON-encoded ApiError string', () => {
    expect(toApiError('{"code":"not_found","message":"No such comparison"}')).toEqual({
      code: 'not_found',
      message: 'No such comparison',
      field: null,
      problems: [],
    });
  });
  it('uses the message of an Error', () => {
    expect(toApiError(new Error('boom'))).toEqual({ code: 'error', message: 'boom', field: null, problems: [] });
    expect(toApiError(new TypeError('bad'))).toEqual({ code: 'error', message: 'bad', field: null, problems: [] });
  });
  it('never returns an empty message', () => {
    for (const weird of [undefined, null, 42, '', '   ', {}, { message: '' }]) {
      const err = toApiError(weird);
      expect(err.message.length).toBeGreaterThan(0);
      expect(err.code.length).toBeGreaterThan(0);
    }
  });
});

describe('commands', () => {
  beforeEach(() => {
    (window as TauriWindow).__TAURI_INTERNALS__ = {};
    invokeMock.mockReset();
  });
  afterEach(() => {
    delete (window as TauriWindow).__TAURI_INTERNALS__;
  });

  it('deskOverview invokes desk_overview and returns its result', async () => {
    const overview = sampleOverview();
    invokeMock.mockResolvedValueOnce(overview);
    await expect(deskOverview()).resolves.toBe(overview);
    expect(invokeMock).toHaveBeenCalledWith('desk_overview', undefined);
  });

  it('search passes the query as an argument', async () => {
    invokeMock.mockResolvedValueOnce([]);
    await expect(search('haiku')).resolves.toEqual([]);
    expect(invokeMock).toHaveBeenCalledWith('search', { query: 'haiku' });
  });

  it('a rejected command is normalised to an ApiError', async () => {
    invokeMock.mockRejectedValueOnce('{"code":"not_found","message":"No comparison haiku-vs-scout"}');
    await expect(getComparison('haiku-vs-scout')).rejects.toEqual({
      code: 'not_found',
      message: 'No comparison haiku-vs-scout',
      field: null,
      problems: [],
    });
    invokeMock.mockRejectedValueOnce(new Error('render failed'));
    await expect(getComparison('haiku-vs-scout')).rejects.toEqual({ code: 'error', message: 'render failed', field: null, problems: [] });
  });

  it('getComparison, saveComparison and previewDraft pass their argument under the name the core expects', async () => {
    const c = sampleComparison();
    invokeMock.mockResolvedValueOnce(c);
    await expect(getComparison(c.slug)).resolves.toBe(c);
    expect(invokeMock).toHaveBeenLastCalledWith('get_comparison', { slug: c.slug });

    invokeMock.mockResolvedValueOnce(c);
    await expect(saveComparison('editor', c)).resolves.toBe(c);
    expect(invokeMock).toHaveBeenLastCalledWith('save_comparison', { profile: 'editor', comparison: c });

    const preview = { html: '<h1>x</h1>', checks: [] };
    invokeMock.mockResolvedValueOnce(preview);
    await expect(previewDraft(c)).resolves.toBe(preview);
    expect(invokeMock).toHaveBeenLastCalledWith('preview_draft', { draft: c });
  });

  it('saveComparison keeps the field and problems of an invalid save', async () => {
    const problems = [{ field: 'title', message: 'must not be empty' }];
    invokeMock.mockRejectedValueOnce({ code: 'invalid', message: 'title: must not be empty', field: 'title', problems });
    await expect(saveComparison('editor', sampleComparison())).rejects.toEqual({
      code: 'invalid',
      message: 'title: must not be empty',
      field: 'title',
      problems,
    });
  });

  it('rejects with the ApiError the core sent', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'db', message: 'database is locked', field: null, problems: [] });
    await expect(deskOverview()).rejects.toEqual({ code: 'db', message: 'database is locked', field: null, problems: [] });
  });

  it('normalises a string rejection', async () => {
    invokeMock.mockRejectedValueOnce('command search not found');
    await expect(search('x')).rejects.toEqual({ code: 'error', message: 'command search not found', field: null, problems: [] });
  });

  it('normalises an Error rejection', async () => {
    invokeMock.mockRejectedValueOnce(new Error('IPC failed'));
    await expect(search('x')).rejects.toEqual({ code: 'error', message: 'IPC failed', field: null, problems: [] });
  });

  it('fails clearly outside the desktop app without calling invoke', async () => {
    delete (window as TauriWindow).__TAURI_INTERNALS__;
    expect(hasBackend()).toBe(false);
    await expect(deskOverview()).rejects.toEqual(NO_BACKEND);
    expect(invokeMock).not.toHaveBeenCalled();
  });
});
