// Presence in the UI (issue 31): the avatars show who else has a page open (the typing one
// marked, the rest counted), a field's mark says who is typing in it, the core's events move
// them, and the tracker tells the core where this desk is: the page, the field in focus, typing
// until the member pauses, and nothing once the form closes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { enterTauri, leaveTauri, newTarget, settle } from '../../../test/dom';
import type { Presence } from '../../bindings';
import { presence, startPresence, TYPING_IDLE_MS, initials } from '../../presence.svelte';

const invokeMock = vi.hoisted(() => vi.fn());
const listeners = vi.hoisted(() => new Map<string, (e: { payload: unknown }) => void>());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));
vi.mock('@tauri-apps/api/event', () => ({
  listen: vi.fn(async (name: string, handler: (e: { payload: unknown }) => void) => {
    listeners.set(name, handler);
    return () => listeners.delete(name);
  }),
}));

import PresenceAvatars from './PresenceAvatars.svelte';
import PresenceFieldMark from './PresenceFieldMark.svelte';
import PresenceTracker from './PresenceTracker.svelte';

const PAGE = 'claude-code-vs-cursor';

function at(login: string, name: string, over: Partial<Presence> = {}): Presence {
  return { login, name, kind: 'comparison', key: PAGE, field: null, typing: false, ...over };
}

let target: HTMLElement;
let views: ReturnType<typeof mount>[] = [];

function show<P extends Record<string, any>>(component: Component<P>, props: P) {
  const view = mount(component, { target, props });
  views.push(view);
  flushSync();
  return view;
}

const avatars = () => [...target.querySelectorAll<HTMLElement>('[data-testid="presence-avatar"]')];

beforeEach(() => {
  enterTauri();
  target = newTarget();
  invokeMock.mockReset();
  invokeMock.mockImplementation(async () => null);
  presence.take([]);
  presence.here = null;
});

afterEach(() => {
  for (const v of views) unmount(v);
  views = [];
  target.remove();
  leaveTauri();
  vi.useRealTimers();
});

describe('the avatars of a page', () => {
  it('show the others on this page only, the typing one first and marked, the rest counted', () => {
    presence.take([
      at('omar', 'Omar Haddad', { field: 'intro', typing: false }),
      at('sam', 'Sam', { field: 'intro', typing: true }),
      at('devon', 'Devon Dx'),
      at('lee', 'Lee'),
      at('ines', 'Inès', { key: 'another-page' }),
      at('omar', 'Omar Haddad', { kind: 'tool', key: PAGE }),
    ]);
    show(PresenceAvatars, { kind: 'comparison', key: PAGE, max: 3, label: (f: string) => f[0]!.toUpperCase() + f.slice(1) });
    const shown = avatars();
    expect(shown.map((a) => a.dataset.login)).toEqual(['sam', 'devon', 'lee']);
    expect(shown.map((a) => a.textContent)).toEqual(['S', 'DD', 'L']);
    expect(shown[0]!.classList.contains('typing')).toBe(true);
    expect(shown[0]!.title).toBe('Sam is typing in Intro');
    expect(shown[1]!.title).toBe('Devon Dx has this open');
    expect(target.querySelector('[data-testid="presence-more"]')?.textContent).toBe('+1');
    const group = target.querySelector('[data-testid="presence-avatars"]')!;
    expect(group.getAttribute('aria-label')).toContain('Omar Haddad is in Intro');
    expect(group.getAttribute('aria-label')).not.toContain('Inès');
  });

  it('show nothing when nobody else is there', () => {
    presence.take([at('ines', 'Inès', { key: 'another-page' })]);
    show(PresenceAvatars, { kind: 'comparison', key: PAGE });
    expect(target.querySelector('[data-testid="presence-avatars"]')).toBeNull();
  });

  it('follow the core: the first read, then each presence event', async () => {
    invokeMock.mockImplementation(async (cmd: string) => (cmd === 'team_presence' ? [at('omar', 'Omar')] : null));
    const stop = startPresence();
    show(PresenceAvatars, { kind: 'comparison', key: PAGE });
    await settle();
    expect(avatars().map((a) => a.dataset.login)).toEqual(['omar']);
    listeners.get('team-presence')!({ payload: [at('omar', 'Omar'), at('sam', 'Sam')] });
    flushSync();
    expect(avatars().map((a) => a.dataset.login)).toEqual(['omar', 'sam']);
    // Omar's desk went quiet: the core's next word no longer has him.
    listeners.get('team-presence')!({ payload: [at('sam', 'Sam')] });
    flushSync();
    expect(avatars().map((a) => a.dataset.login)).toEqual(['sam']);
    stop();
    expect(listeners.has('team-presence')).toBe(false);
  });
});

describe('a field edited elsewhere', () => {
  it('is marked with who is typing in it, and only that field', () => {
    presence.take([at('omar', 'Omar', { field: 'intro', typing: true }), at('sam', 'Sam', { field: 'dek' })]);
    show(PresenceFieldMark, { kind: 'comparison', key: PAGE, field: 'intro' });
    show(PresenceFieldMark, { kind: 'comparison', key: PAGE, field: 'dek' });
    show(PresenceFieldMark, { kind: 'comparison', key: PAGE, field: 'title' });
    expect(target.querySelector('[data-testid="presence-field-intro"]')?.textContent).toContain('Omar is typing here');
    expect(target.querySelector('[data-testid="presence-field-dek"]')?.textContent).toContain('Sam is in this field');
    expect(target.querySelector('[data-testid="presence-field-title"]')).toBeNull();
  });
});

describe('the tracker', () => {
  const told = () => invokeMock.mock.calls.filter(([cmd]) => cmd === 'team_set_presence').map(([, args]) => args.place);

  it('tells the page, the field in focus, typing until a pause, and leaving', () => {
    vi.useFakeTimers();
    target.innerHTML = '<input data-testid="field-title"><textarea data-testid="field-intro"></textarea>';
    const view = show(PresenceTracker, { kind: 'comparison', key: PAGE });
    const intro = target.querySelector('textarea')!;
    const title = target.querySelector('input')!;
    intro.focus();
    intro.value = 'a';
    intro.dispatchEvent(new Event('input', { bubbles: true }));
    intro.value = 'ab';
    intro.dispatchEvent(new Event('input', { bubbles: true }));
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    expect(told().at(-1)).toEqual({ kind: 'comparison', key: PAGE, field: 'intro', typing: true });
    vi.advanceTimersByTime(1);
    title.focus();
    unmount(view);
    views = views.filter((v) => v !== view);
    expect(told()).toEqual([
      { kind: 'comparison', key: PAGE, field: null, typing: false },
      { kind: 'comparison', key: PAGE, field: 'intro', typing: false },
      { kind: 'comparison', key: PAGE, field: 'intro', typing: true },
      { kind: 'comparison', key: PAGE, field: 'intro', typing: false },
      { kind: 'comparison', key: PAGE, field: 'title', typing: false },
      null,
    ]);
  });
});

describe('the tracker names a field', () => {
  const told = () => invokeMock.mock.calls.filter(([cmd]) => cmd === 'team_set_presence').map(([, args]) => args.place?.field);

  it('by the forms\' testids, a list given, or data-presence-field; other controls are no field', () => {
    target.innerHTML = [
      '<input data-testid="tool-field-tagline">',
      '<textarea data-testid="verdict-quote"></textarea>',
      '<div data-presence-field="tools"><input data-testid="tool-picker"></div>',
      '<button data-testid="field-intro-insert-image">Insert</button>',
      '<input data-testid="field-title-error">',
    ].join('');
    show(PresenceTracker, { kind: 'tool', key: 'cursor', testids: { quote: 'verdict-quote' } });
    for (const el of target.querySelectorAll<HTMLElement>('input, textarea, button')) el.focus();
    expect(told()).toEqual([null, 'tagline', 'quote', 'tools', null]);
  });
});

describe('initials', () => {
  it('take the first letters of the first two words', () => {
    expect([initials('Omar Haddad'), initials('INES'), initials('  lee  ann smith'), initials('')]).toEqual([
      'OH',
      'I',
      'LA',
      '?',
    ]);
  });
});
