import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, leaveTauri, newTarget, queries, settle } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import type { CommentThread, NewComment } from './lib/bindings';
import { actAs } from './test/fakeTools';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import CommentsPanel from './lib/components/comments/CommentsPanel.svelte';
import { commentCountsStore } from './lib/commentCounts.svelte';
import { commentMarks } from './lib/commentMarks.svelte';

const SLUG = 'a-vs-b';
const INTRO = 'Ünïcode 😀 intro: the primitive here is sound.';

let panel: ReturnType<typeof mount> | null = null;
/** When the form was asked to save before a comment: the number of commands called then. */
let saved: number[] = [];
let target: HTMLElement;
const { byTestId } = queries(() => target);
const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);

/** A fake core keeping threads: add, reply, resolve and reopen answer as the core does. */
function fakeCore(threads: CommentThread[]) {
  invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown>) => {
    const find = (id: unknown) => threads.find((t) => t.id === id)!;
    switch (cmd) {
      case 'page_comments':
        return structuredClone(threads);
      case 'add_comment': {
        const c = args['comment'] as NewComment;
        const t: CommentThread = {
          id: `t${threads.length + 1}`,
          target: c.target,
          anchor: { start: c.start, end: c.end, quote: INTRO.slice(c.start, c.end), deleted: false },
          resolved_at: null,
          resolved_by: null,
          comments: [{ id: 'c1', author: String(args['profile']), body: c.body, mentions: [], created_at: 'now', pending: true, refused: null }],
        };
        threads.push(t);
        return structuredClone(t);
      }
      case 'reply_comment': {
        const t = find(args['thread']);
        t.comments.push({ id: `r${t.comments.length}`, author: String(args['profile']), body: String(args['body']), mentions: [], created_at: 'now', pending: true, refused: null });
        return structuredClone(t);
      }
      case 'resolve_comment': {
        const t = find(args['thread']);
        t.resolved_at = args['resolved'] ? 'now' : null;
        t.resolved_by = args['resolved'] ? String(args['profile']) : null;
        return structuredClone(t);
      }
      default:
        throw { code: 'unknown_command', message: `unknown command ${cmd}` };
    }
  });
}

function open(saves = true) {
  const field = document.createElement('textarea');
  field.dataset['testid'] = 'field-intro';
  field.value = INTRO;
  target.append(field);
  panel = mount(CommentsPanel, {
    target,
    props: {
      kind: 'comparison',
      entityKey: SLUG,
      page: SLUG,
      fields: { dek: 'Dek', intro: 'Intro' },
      texts: { dek: '', intro: INTRO },
      testids: { dek: 'field-dek', intro: 'field-intro' },
      beforeComment: async () => {
        saved.push(invokeMock.mock.calls.length);
        return saves;
      },
    },
  });
  flushSync();
  return field;
}

function type(el: HTMLTextAreaElement, value: string) {
  el.value = value;
  el.setSelectionRange(value.length, value.length);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  saved = [];
  actAs('edie');
  target = newTarget();
});
afterEach(() => {
  if (panel) unmount(panel);
  panel = null;
  target.remove();
  leaveTauri();
});

describe('comments panel', () => {
  it('comments on the selected words (UTF-16 offsets), with the shortcut, and highlights them', async () => {
    fakeCore([]);
    const field = open();
    await settle();
    expect(calls('page_comments')).toEqual([{ slug: SLUG }]);
    // Nothing selected: says what to do.
    byTestId('comment-start')!.click();
    flushSync();
    expect(byTestId('comments-error')?.textContent).toContain('Select some words');
    const start = INTRO.indexOf('primitive');
    field.focus();
    field.setSelectionRange(start, start + 'primitive'.length);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'm', ctrlKey: true, altKey: true }));
    flushSync();
    expect(byTestId('comment-compose')?.querySelector('blockquote')?.textContent).toBe('primitive');
    type(byTestId('comment-body') as HTMLTextAreaElement, 'Which one?');
    byTestId('comment-send')!.click();
    await settle();
    expect(calls('add_comment')).toEqual([
      { profile: 'edie', comment: { target: { kind: 'comparison', key: SLUG, field: 'intro' }, start, end: start + 9, body: 'Which one?' } },
    ]);
    // JavaScript offsets are UTF-16 units: the emoji before counts two.
    expect([...INTRO.slice(0, start)].length).toBe(start - 1);
    // The form saved first: the offsets are into the text the core holds.
    expect(saved).toHaveLength(1);
    expect(invokeMock.mock.calls.findIndex(([c]) => c === 'add_comment')).toBe(saved[0]);
    expect(byTestId('comments-open')?.textContent).toBe('1');
    // The field highlights the new thread's words (drawn by the field: CommentHighlight.test.ts).
    expect(commentMarks.ranges('comparison', SLUG, 'intro', INTRO)).toEqual([{ start, end: start + 9 }]);
  });

  it('replies with @mention autocomplete, resolves and reopens', async () => {
    fakeCore([
      {
        id: 't1',
        target: { kind: 'comparison', key: SLUG, field: 'intro' },
        anchor: { start: 0, end: 7, quote: 'Ünïcode', deleted: true },
        resolved_at: null,
        resolved_by: null,
        comments: [{ id: 'c1', author: 'edie', body: 'Why?', mentions: [], created_at: 'now', pending: false, refused: null }],
      },
    ]);
    open();
    await settle();
    expect(byTestId('comment-deleted')?.textContent).toBe('on deleted text');
    const box = byTestId('comment-reply-body') as HTMLTextAreaElement;
    type(box, 'Because @');
    const options = [...(byTestId('mention-list')?.querySelectorAll('button') ?? [])];
    expect(options.length).toBeGreaterThan(0);
    const first = options[0]!;
    const login = first.querySelector('.login')!.textContent!.slice(1);
    first.click();
    flushSync();
    expect(box.value).toBe(`Because @${login} `);
    byTestId('comment-reply')!.click();
    await settle();
    expect(calls('reply_comment')).toEqual([{ profile: 'edie', thread: 't1', body: `Because @${login} ` }]);
    byTestId('comment-resolve')!.click();
    await settle();
    expect(calls('resolve_comment')).toEqual([{ profile: 'edie', thread: 't1', resolved: true }]);
    expect(byTestId('comments-open')?.textContent).toBe('0');
    expect(byTestId('comment-thread')).toBeNull();
    (target.querySelector('.toggle input') as HTMLInputElement).click();
    flushSync();
    byTestId('comment-reopen')!.click();
    await settle();
    expect(calls('resolve_comment')[1]).toEqual({ profile: 'edie', thread: 't1', resolved: false });
    expect(byTestId('comments-open')?.textContent).toBe('1');
  });

  it('reads its threads again when the core says comments changed (a sync took a reply)', async () => {
    const threads: CommentThread[] = [];
    fakeCore(threads);
    open();
    await settle();
    expect(calls('page_comments')).toHaveLength(1);
    threads.push({
      id: 't9',
      target: { kind: 'tool', key: 'haiku', field: 'description' },
      anchor: { start: 0, end: 4, quote: 'Fast', deleted: false },
      resolved_at: null,
      resolved_by: null,
      comments: [{ id: 'c9', author: 'dana', body: 'From the team', mentions: [], created_at: 'now', pending: false, refused: null }],
    });
    commentCountsStore.take({ generation: 3, origin: 'team', changes: [{ kind: 'comment', key: 'tool:haiku', what: 'saved' }] });
    await settle();
    expect(calls('page_comments')).toHaveLength(2);
    expect(byTestId('comments-open')?.textContent).toBe('1');
    expect(target.textContent).toContain('From the team');
  });

  it('adds nothing while the form cannot save: the words would be other words', async () => {
    fakeCore([]);
    const field = open(false);
    await settle();
    const start = INTRO.indexOf('primitive');
    field.focus();
    field.setSelectionRange(start, start + 'primitive'.length);
    byTestId('comment-start')!.click();
    flushSync();
    type(byTestId('comment-body') as HTMLTextAreaElement, 'Which one?');
    byTestId('comment-send')!.click();
    await settle();
    expect(saved).toHaveLength(1);
    expect(calls('add_comment')).toEqual([]);
    expect(byTestId('comments-error')?.textContent).toContain('Save the form first');
    expect(byTestId('comment-compose')).not.toBeNull();
  });
});
