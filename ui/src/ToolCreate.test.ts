// The Tools screen, continued: a new tool, refused saves, leaving, history, and the form's helpers.
import { describe, expect, it, vi } from 'vitest';
import { key, settle, typeFocused as type } from './test/dom';
import { flushSync } from 'svelte';
import type { RevisionView, Tool } from './lib/types';
import { AUTOSAVE_DELAY_MS } from './lib/editor';
import { HAIKU, installTools, sampleTool, toolHtml } from './test/fakeTools';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { invokeMock } from './test/appSetup';

import { formatAmount, parseAmount } from './lib/tools';
import { localToday } from './lib/dates';
import { slugify } from './lib/format';
import { invalidAt } from './test/errors';
import { toolsSuite } from './test/toolsSuite';

const t = toolsSuite();
const { byTestId, byLabel, calls, saves, frame, saveState, showScreen, openTool } = t;

describe('tools screen', () => {
  it('creates a new tool: the slug follows the name, saved only when asked', async () => {
    vi.useFakeTimers();
    installTools(invokeMock);
    showScreen();
    byTestId<HTMLButtonElement>('tool-new')!.click();
    flushSync();
    await settle();
    const name = byLabel<HTMLInputElement>('Name');
    expect(document.activeElement).toBe(name);
    expect(byTestId('tool-history-toggle')).toBeNull();
    expect(saveState()).toBe('Not created yet');
    // Nothing typed yet: no hints to nag about.
    expect(t.target.querySelector('.field-problem')).toBeNull();

    type(name, 'Llama 4 Scout (Quantized)!');
    const slug = byLabel<HTMLInputElement>('Slug');
    expect(slug.readOnly).toBe(false);
    expect(slug.value).toBe('llama-4-scout-quantized');
    // That slug is taken.
    await settle();
    expect(byTestId('problem-slug')).toBeNull();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(0);
    byTestId<HTMLButtonElement>('tool-create')!.click();
    await settle();
    expect(saves()).toHaveLength(0);
    expect(byTestId('problem-slug')?.textContent).toContain(
      'Not saved yet because the slug "llama-4-scout-quantized" is already used by Llama 4 Scout Quantized',
    );
    expect(document.activeElement).toBe(slug);

    type(slug, 'scout-q');
    type(name, 'Scout Q');
    expect(slug.value).toBe('scout-q');
    const vendor = byLabel<HTMLInputElement>('Vendor');
    type(vendor, 'Meta');
    key('s', { ctrlKey: true });
    await settle();
    expect(document.activeElement).toBe(vendor);
    expect(saves()).toHaveLength(1);
    expect(saves()[0]).toEqual({
      profile: 'edie',
      tool: {
        slug: 'scout-q',
        name: 'Scout Q',
        vendor: 'Meta',
        category: '',
        tagline: '',
        description: '',
        entry_price: { kind: 'free' },
        license: '',
        links: { homepage: null, weights: null, docs: null },
        release_date: null,
        pricing_checked_on: null,
      },
    });
    expect(t.onchanged).toHaveBeenCalledTimes(1);
    // Created: the slug is fixed, History is offered, and changes now save on their own.
    expect(slug.readOnly).toBe(true);
    expect(byTestId('tool-history-toggle')).not.toBeNull();
    expect(saveState()).toBe('Saved');
    type(byLabel<HTMLInputElement>('Tagline'), 'Quantized');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toHaveLength(2);
    expect((saves()[1]?.['tool'] as Tool).slug).toBe('scout-q');
  });

  it('shows a save the core refuses as invalid under its field', async () => {
    installTools(invokeMock, {
      save: (_, t) => {
        throw invalidAt('slug', `a tool with the slug "${t.slug}" already exists; choose another slug`);
      },
    });
    showScreen();
    byTestId<HTMLButtonElement>('tool-new')!.click();
    await settle();
    type(byLabel<HTMLInputElement>('Name'), 'Gemma 3');
    byTestId<HTMLButtonElement>('tool-create')!.click();
    await settle();
    expect(saves()).toHaveLength(1);
    expect(byTestId('problem-slug')?.textContent?.trim()).toBe(
      'Not saved yet because a tool with the slug "gemma-3" already exists; choose another slug',
    );
    expect(byLabel('Slug').getAttribute('aria-invalid')).toBe('true');
    // Under the field, not in a banner.
    expect(byTestId('error-banner')).toBeNull();
    expect(document.activeElement).toBe(byLabel('Slug'));

    type(byLabel<HTMLInputElement>('Slug'), 'gemma-3-27b');
    expect(byTestId('problem-slug')).toBeNull();
  });

  it('startNew opens an empty form and beforeLeave creates a valid new tool', async () => {
    installTools(invokeMock);
    showScreen();
    expect(t.screen!.beforeLeave()).toBeNull();
    t.screen!.startNew();
    flushSync();
    await settle();
    expect(byLabel<HTMLInputElement>('Name').value).toBe('');
    expect(t.screen!.beforeLeave()).toBeNull();

    type(byLabel<HTMLInputElement>('Name'), 'Gemma 3');
    await settle();
    const leaving = t.screen!.beforeLeave();
    expect(leaving).not.toBeNull();
    expect(await leaving).toBe(true);
    expect(saves().map((a) => (a['tool'] as Tool).slug)).toEqual(['gemma-3']);
    expect(t.screen!.beforeLeave()).toBeNull();
  });

  it('beforeLeave refuses a draft with problems until the user leaves without saving', async () => {
    await openTool({ preview: (d) => (d.name.trim() === '' ? { problems: [{ field: 'name', message: 'must not be empty' }] } : {}) });
    type(byLabel<HTMLInputElement>('Name'), ' ');
    await settle();
    const leaving = t.screen!.beforeLeave();
    expect(await leaving).toBe(false);
    flushSync();
    expect(saves()).toHaveLength(0);
    expect(document.activeElement).toBe(byLabel('Name'));
    expect(byTestId('problem-name')?.textContent?.trim()).toBe('Not saved yet because the name must not be empty');
    byTestId<HTMLButtonElement>('tool-leave-without-saving')!.click();
    await settle();
    expect(byTestId('tools-table')).not.toBeNull();
    expect(saves()).toHaveLength(0);
  });

  it('opens the history and reloads the form after a restore', async () => {
    const older: Tool = { ...sampleTool(), tagline: 'The old tagline' };
    let stored = sampleTool();
    const history: RevisionView[] = [
      {
        number: 2,
        saved_at: '2025-04-12T09:30:00Z',
        author: null,
        changes: [
          {
            field: 'tagline',
            before: 'The old tagline',
            after: stored.tagline,
            parts: [
              { kind: 'removed', text: 'The old tagline' },
              { kind: 'added', text: stored.tagline },
            ],
          },
        ],
      },
      { number: 1, saved_at: '2025-04-01T08:00:00Z', author: null, changes: [] },
    ];
    const backend = await openTool({
      history: { [`tool/${HAIKU}`]: history },
      restore: () => {
        stored = older;
        backend.stored.set(HAIKU, structuredClone(older));
      },
    });
    const toggle = byTestId<HTMLButtonElement>('tool-history-toggle')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    toggle.click();
    flushSync();
    await settle();
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(byTestId('page-preview')).toBeNull();
    expect(calls('history')).toEqual([{ entity: 'tool', key: HAIKU }]);
    expect(byTestId('history-panel')?.querySelector('del')?.textContent).toBe('The old tagline');

    byTestId<HTMLButtonElement>('restore-1')!.click();
    await settle();
    expect(calls('restore_revision')).toEqual([{ profile: 'edie', entity: 'tool', key: HAIKU, number: 1 }]);
    expect(byLabel<HTMLInputElement>('Tagline').value).toBe('The old tagline');
    expect(saveState()).toBe('Saved');
    expect(t.onchanged).toHaveBeenCalled();
    expect(stored.tagline).toBe('The old tagline');

    toggle.click();
    flushSync();
    await settle();
    expect(frame()?.getAttribute('srcdoc')).toBe(toolHtml(older));
  });
});

describe('tool form helpers', () => {
  it('slugify matches the core', () => {
    expect(slugify('  Llama 4 Scout (Quantized)! ')).toBe('llama-4-scout-quantized');
    expect(slugify('Ça va')).toBe('a-va');
    expect(slugify('---')).toBe('');
  });

  it('parses decimal money into whole cents', () => {
    expect(parseAmount('20')).toBe(2000);
    expect(parseAmount('19.99')).toBe(1999);
    expect(parseAmount('0.1')).toBe(10);
    expect(parseAmount('4,5')).toBe(450);
    expect(parseAmount(' 20. ')).toBe(2000);
    expect(parseAmount('')).toBe(0);
    for (const bad of ['abc', '1.999', '-5', '.', '1e3', '20 USD']) expect(parseAmount(bad)).toBeNull();
    expect(formatAmount(2000)).toBe('20');
    expect(formatAmount(1999)).toBe('19.99');
    expect(formatAmount(2050)).toBe('20.50');
  });

  it('dates today on the local calendar', () => {
    expect(localToday(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});
