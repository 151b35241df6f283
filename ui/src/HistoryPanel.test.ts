import { beforeEach, describe, expect, it, vi } from 'vitest';
import { queries, settle } from './test/dom';
import { flushSync } from 'svelte';
import type { RevisionView } from './lib/types';
import { HAIKU, actAs, installTools } from './test/fakeTools';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import HistoryPanel from './lib/components/HistoryPanel.svelte';
import { fieldLabel, shortenParts } from './lib/diff';


const fresh = freshDesk();
const { byTestId } = queries(() => fresh.target);

const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);


/** Three saves of the sample tool, newest first: a tagline edit, a price change, the first save. */
function revisions(): RevisionView[] {
  return [
    {
      number: 3,
      saved_at: '2025-04-12T09:30:00Z',
      author: null,
      changes: [
        {
          field: 'tagline',
          before: 'Fast small model',
          after: 'Fast open model',
          parts: [
            { kind: 'same', text: 'Fast ' },
            { kind: 'removed', text: 'small' },
            { kind: 'added', text: 'open' },
            { kind: 'same', text: ' model' },
          ],
        },
      ],
    },
    {
      number: 2,
      saved_at: '2025-04-10T15:00:00Z',
      author: null,
      changes: [
        {
          field: 'entry_price.amount_cents',
          before: '1000',
          after: '2000',
          parts: [
            { kind: 'removed', text: '1000' },
            { kind: 'added', text: '2000' },
          ],
        },
        { field: 'rubric[2]', before: null, after: 'Would you bet on it?', parts: [{ kind: 'added', text: 'Would you bet on it?' }] },
      ],
    },
    {
      number: 1,
      saved_at: '2025-04-01T08:00:00Z',
      author: null,
      changes: [{ field: 'name', before: null, after: 'Haiku', parts: [{ kind: 'added', text: 'Haiku' }] }],
    },
  ];
}

function open(props: { canRestore?: boolean; onrestored?: () => void } = {}) {
  fresh.mount(HistoryPanel, {
    entity: 'tool',
    entityKey: HAIKU,
    canRestore: props.canRestore ?? true,
    onrestored: props.onrestored ?? (() => {}),
  });
  flushSync();
}

beforeEach(() => {
  actAs('edie');
});

describe('history panel', () => {
  it('lists revisions newest first with readable field names and word diffs', async () => {
    installTools(invokeMock, { history: { [`tool/${HAIKU}`]: revisions() } });
    open();
    expect(byTestId('history-loading')?.textContent).toContain('Loading the history');
    await settle();
    expect(calls('history')).toEqual([{ entity: 'tool', key: HAIKU }]);

    const items = [...fresh.target.querySelectorAll<HTMLElement>('[data-testid^="revision-"]')];
    expect(items.map((li) => li.dataset['testid'])).toEqual(['revision-3', 'revision-2', 'revision-1']);
    const title = items[0]!.querySelector('h3')!;
    expect(title.textContent).toMatch(/^\s*Revision 3 · .+/);
    const time = title.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe('2025-04-12T09:30:00Z');
    expect(time.textContent).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2025-04-12T09:30:00Z')),
    );

    const tagline = items[0]!.querySelector('[data-field="tagline"]')!;
    expect(tagline.querySelector('dt')?.textContent).toBe('tagline');
    expect([...tagline.querySelectorAll('del')].map((d) => d.textContent)).toEqual(['small']);
    expect([...tagline.querySelectorAll('ins')].map((d) => d.textContent)).toEqual(['open']);
    // The parts read as the sentence they make, in order, with their spaces.
    expect(tagline.querySelector('dd')?.textContent).toBe('Fast smallopen model');

    const fields = [...items[1]!.querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(fields).toEqual(['entry price › amount cents', 'rubric 3']);
    expect(items[1]!.querySelector('del')?.textContent).toBe('1000');
    expect(items[1]!.querySelector('ins')?.textContent).toBe('2000');

    // The first save adds every field: folded away, still there to read.
    const first = items[2]!.querySelector('details')!;
    expect(first.open).toBe(false);
    expect(first.querySelector('summary')?.textContent).toBe('First version: show its field');
    expect(first.querySelector('ins')?.textContent).toBe('Haiku');
  });

  it('restores an earlier revision as the profile, then reloads the history', async () => {
    let history = revisions();
    installTools(invokeMock, {
      history: () => structuredClone(history),
      restore: ({ number }) => {
        history = [{ number: 4, saved_at: '2025-04-13T10:00:00Z', author: null, changes: [] }, ...history];
        expect(number).toBe(2);
      },
    });
    const onrestored = vi.fn();
    open({ onrestored });
    await settle();

    // The newest revision is the current version: nothing to restore there.
    expect(byTestId('restore-3')).toBeNull();
    const restore = byTestId<HTMLButtonElement>('restore-2')!;
    expect(restore.textContent?.trim()).toBe('Restore this version');
    expect(restore.disabled).toBe(false);
    restore.click();
    flushSync();
    expect(restore.textContent?.trim()).toBe('Restoring…');
    expect(byTestId<HTMLButtonElement>('restore-1')?.disabled).toBe(true);
    await settle();

    expect(calls('restore_revision')).toEqual([{ profile: 'edie', entity: 'tool', key: HAIKU, number: 2 }]);
    expect(calls('history')).toHaveLength(2);
    expect(onrestored).toHaveBeenCalledTimes(1);
    expect(byTestId('revision-4')).not.toBeNull();
    expect(byTestId('restore-4')).toBeNull();
    expect(byTestId<HTMLButtonElement>('restore-3')?.disabled).toBe(false);
    expect(byTestId('history-notice')?.textContent).toBe('Revision 2 restored as revision 4.');
  });

  it('disables Restore without the role and says why', async () => {
    actAs('dana');
    installTools(invokeMock, { history: { [`tool/${HAIKU}`]: revisions() } });
    const onrestored = vi.fn();
    open({ canRestore: false, onrestored });
    await settle();

    const restore = byTestId<HTMLButtonElement>('restore-2')!;
    expect(restore.disabled).toBe(true);
    expect(restore.title).toContain('switch profile in the sidebar');
    expect(byTestId('history-restore-hint')?.textContent).toContain('switch profile in the sidebar');
    restore.click();
    await settle();
    expect(calls('restore_revision')).toHaveLength(0);
    expect(onrestored).not.toHaveBeenCalled();
  });

  it('shows a refused restore in an error banner and keeps the history', async () => {
    installTools(invokeMock, {
      history: { [`tool/${HAIKU}`]: revisions() },
      restore: () => {
        throw { code: 'forbidden', message: 'Edie Stone may not edit tools.' };
      },
    });
    const onrestored = vi.fn();
    open({ onrestored });
    await settle();
    byTestId<HTMLButtonElement>('restore-1')!.click();
    await settle();

    const banner = byTestId('error-banner');
    expect(banner?.dataset['code']).toBe('forbidden');
    expect(banner?.textContent).toContain('Edie Stone may not edit tools.');
    expect(onrestored).not.toHaveBeenCalled();
    expect(byTestId('revision-3')).not.toBeNull();
    expect(byTestId<HTMLButtonElement>('restore-1')?.disabled).toBe(false);
  });

  it('shows a failed load with Retry, and the empty history', async () => {
    invokeMock.mockRejectedValue({ code: 'db', message: 'The database is locked.' });
    open();
    await settle();
    expect(byTestId('error-banner')?.textContent).toContain('The database is locked.');

    installTools(invokeMock, {});
    const retry = [...byTestId('error-banner')!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Retry')!;
    retry.click();
    await settle();
    expect(byTestId('error-banner')).toBeNull();
    expect(byTestId('history-empty')?.textContent).toBe('No saved revisions yet.');
  });
});

describe('fieldLabel', () => {
  it('reads field paths as words, counting positions from one', () => {
    expect(fieldLabel('entry_price.amount_cents')).toBe('entry price › amount cents');
    expect(fieldLabel('rubric[2]')).toBe('rubric 3');
    expect(fieldLabel('links.homepage')).toBe('links › homepage');
    expect(fieldLabel('tools[0].name')).toBe('tools 1 › name');
    expect(fieldLabel('tagline')).toBe('tagline');
  });
});

describe('shortenParts', () => {
  const words = (from: number, count: number) => Array.from({ length: count }, (_, i) => `w${from + i}`).join(' ');

  it('keeps short runs and every changed word', () => {
    const parts = [
      { kind: 'same' as const, text: 'Fast ' },
      { kind: 'removed' as const, text: words(0, 40) },
      { kind: 'added' as const, text: 'open' },
    ];
    expect(shortenParts(parts).map((p) => p.text)).toEqual(parts.map((p) => p.text));
  });

  it('shortens long unchanged runs to the words next to a change', () => {
    const shown = shortenParts([
      { kind: 'same', text: `${words(0, 30)} ` },
      { kind: 'added', text: 'new' },
      { kind: 'same', text: ` ${words(100, 30)} ` },
      { kind: 'removed', text: 'old' },
      { kind: 'same', text: ` ${words(200, 30)}` },
    ]);
    expect(shown[0]).toEqual({ kind: 'same', text: `… ${words(22, 8)} `, shortened: true });
    expect(shown[1]).toEqual({ kind: 'added', text: 'new', shortened: false });
    expect(shown[2]?.text).toBe(` ${words(100, 8)} … ${words(122, 8)} `);
    expect(shown[4]?.text).toBe(` ${words(200, 8)} …`);
  });
});

describe('a long history', () => {
  /** 600 saves a day apart, newest first: each one an entry of its own. */
  const LONG: RevisionView[] = Array.from({ length: 600 }, (_, k) => {
    const number = 600 - k;
    return {
      number,
      saved_at: new Date(Date.UTC(2024, 0, 1) + number * 86_400_000).toISOString(),
      author: null,
      changes: [{ field: 'tagline', before: `T${number - 1}`, after: `T${number}`, parts: [{ kind: 'added', text: `T${number}` }] }],
    };
  });
  const runs = () => [...fresh.target.querySelectorAll<HTMLElement>('[data-testid^="history-run-"]')];

  it('renders only the entries in view, newest first, and says how many there are', async () => {
    installTools(invokeMock, { history: { [`tool/${HAIKU}`]: LONG } });
    open();
    await settle();
    expect(runs().length).toBeGreaterThanOrEqual(3);
    expect(runs().length).toBeLessThanOrEqual(16);
    expect(runs()[0]?.dataset['testid']).toBe('history-run-600');
    expect(runs()[0]?.getAttribute('aria-setsize')).toBe('600');
    expect(runs()[0]?.getAttribute('aria-posinset')).toBe('1');
    // The newest is current; the next one restores.
    expect(byTestId('revision-600')?.textContent).toContain('Current');
    expect(byTestId('restore-599')).not.toBeNull();
    const list = fresh.target.querySelector<HTMLElement>('ol.revisions')!;
    expect(parseFloat(list.style.paddingBottom)).toBeGreaterThan(500 * 100);
  });
});
