// Comments on the words, drawn in the field itself (issue 31): the quote's backdrop marks the
// words of an open thread, behind the very textarea the words are typed in, and the mark
// follows the words as the quote is edited. The backdrop is decoration (aria-hidden); the
// panel's thread list is the accessible record.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { enterTauri, leaveTauri, newTarget, queries, settle, type } from './test/dom';
import type { CommentThread } from './lib/bindings';
import { actAs } from './test/fakeTools';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import CommentsPanel from './lib/components/comments/CommentsPanel.svelte';
import VerdictFields from './lib/components/verdict/VerdictFields.svelte';
import TextInput from './lib/ui/TextInput.svelte';
import { EntityForm } from './lib/forms/entityForm.svelte';
import type { FormDraft } from './lib/verdicts';

const KEY = 'sam/haiku';
const QUOTE = 'Ünïcode 😀 first: <b>fast</b> & the primitive is sound.';

function onQuote(id: string, words: string, extra: Partial<CommentThread> = {}): CommentThread {
  const start = QUOTE.indexOf(words);
  return {
    id,
    target: { kind: 'verdict', key: KEY, field: 'quote' },
    anchor: { start, end: start + words.length, quote: words, deleted: false },
    resolved_at: null,
    resolved_by: null,
    comments: [{ id: `${id}-1`, author: 'edie', body: 'Which one?', mentions: [], created_at: 'now', pending: false, refused: null }],
    ...extra,
  };
}

let target: HTMLElement;
let views: ReturnType<typeof mount>[] = [];
const { byTestId } = queries(() => target);

/** The quote's form and the comments panel beside it, as the verdict form lays them out. */
function open(threads: CommentThread[]) {
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'entity_comments') return structuredClone(threads);
    throw { code: 'unknown_command', message: `unknown command ${cmd}` };
  });
  const form = new EntityForm<FormDraft>({ save: async () => null });
  form.adopt({ reviewer: 'sam', tool: 'haiku', call: 'ship', quote: QUOTE });
  views.push(mount(VerdictFields, { target, props: { form, editable: true, problems: { call: [], quote: [], return_comment: [], other: [] } } }));
  views.push(
    mount(CommentsPanel, {
      target,
      props: {
        kind: 'verdict',
        entityKey: KEY,
        fields: { quote: 'Quote' },
        // A getter: the panel reads the form's text as it is now, as the verdict form passes it.
        get texts() {
          return { quote: form.draft!.quote };
        },
        testids: { quote: 'verdict-quote' },
      },
    }),
  );
  flushSync();
  return form;
}

const backdrop = () => byTestId('text-marks')!;
const marks = () => [...backdrop().querySelectorAll('mark')].map((m) => m.textContent);

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  actAs('edie');
  target = newTarget();
});
afterEach(() => {
  for (const v of views) unmount(v);
  views = [];
  target.remove();
  leaveTauri();
});

describe('a comment highlighted in its field', () => {
  it('marks the open thread’s words behind the textarea, as text, hidden from assistive tech', async () => {
    open([onQuote('t1', '<b>fast</b>'), onQuote('t2', 'sound', { resolved_at: 'now' })]);
    await settle();
    const quote = byTestId<HTMLTextAreaElement>('verdict-quote')!;
    // Behind the field the user types in, in the same wrapper; the field itself is unchanged.
    expect(backdrop().nextElementSibling).toBe(quote);
    expect(backdrop().getAttribute('aria-hidden')).toBe('true');
    expect(quote.value).toBe(QUOTE);
    // The words as text: markup in the quote is never markup in the backdrop.
    expect(marks()).toEqual(['<b>fast</b>']);
    expect(backdrop().querySelector('b')).toBeNull();
    expect(backdrop().textContent?.trimEnd()).toBe(QUOTE);
    // The accessible record is the panel's thread list.
    expect(byTestId('comment-thread')?.querySelector('blockquote')?.textContent).toBe('<b>fast</b>');
  });

  it('follows the words as the quote is edited, and drops the mark when they are deleted', async () => {
    open([onQuote('t1', 'primitive')]);
    await settle();
    const quote = byTestId<HTMLTextAreaElement>('verdict-quote')!;
    expect(marks()).toEqual(['primitive']);
    type(quote, `Honestly: ${QUOTE}`);
    expect(marks()).toEqual(['primitive']);
    expect(backdrop().textContent).toContain('Honestly: Ünïcode');
    type(quote, quote.value.replace('primitive', 'prim-itive'));
    expect(marks()).toEqual(['prim-itive']);
    type(quote, quote.value.replace('the prim-itive ', ''));
    expect(marks()).toEqual([]);
    // Nothing to mark: the backdrop keeps no copy of the text.
    expect(backdrop().textContent?.trim()).toBe('');
  });

  it('scrolls with the textarea', async () => {
    open([onQuote('t1', 'primitive')]);
    await settle();
    const quote = byTestId<HTMLTextAreaElement>('verdict-quote')!;
    // jsdom lays nothing out: the textarea says where it is scrolled to, the backdrop records.
    Object.defineProperty(quote, 'scrollTop', { configurable: true, get: () => 40 });
    let scrolled = 0;
    Object.defineProperty(backdrop(), 'scrollTop', { configurable: true, get: () => scrolled, set: (v: number) => (scrolled = v) });
    quote.dispatchEvent(new Event('scroll'));
    expect(scrolled).toBe(40);
  });

  it('lays itself under the field again when a font loads late', async () => {
    // jsdom has no font loading: a stand-in for `document.fonts` that can say one finished.
    const fonts = new EventTarget();
    Object.defineProperty(document, 'fonts', { configurable: true, value: fonts });
    try {
      open([onQuote('t1', 'primitive')]);
      await settle();
      const quote = byTestId<HTMLTextAreaElement>('verdict-quote')!;
      expect(backdrop().style.top).toBe('0px');
      // The font moved the field down (the text above it wrapped anew) without resizing it.
      Object.defineProperty(quote, 'offsetTop', { configurable: true, get: () => 120 });
      fonts.dispatchEvent(new Event('loadingdone'));
      expect(backdrop().style.top).toBe('120px');
    } finally {
      delete (document as { fonts?: unknown }).fonts;
    }
  });

  it('draws one-line fields (a title, a tagline) the same way, the field kept as the first mark comes', () => {
    let marks = $state<{ start: number; end: number }[]>([]);
    views.push(
      mount(TextInput, {
        target,
        props: {
          value: 'Haiku vs Scout: <i>which</i> one?',
          'data-testid': 'field-title',
          get marks() {
            return marks;
          },
        },
      }),
    );
    flushSync();
    const input = byTestId<HTMLInputElement>('field-title')!;
    input.focus();
    expect(marks.length).toBe(0);
    expect(backdrop().querySelector('mark')).toBeNull();
    const start = input.value.indexOf('<i>');
    marks = [{ start, end: start + '<i>which</i>'.length }];
    flushSync();
    expect(byTestId('field-title')).toBe(input);
    expect(document.activeElement).toBe(input);
    expect([...backdrop().querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['<i>which</i>']);
  });
});
