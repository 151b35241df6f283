import { describe, expect, it, vi } from 'vitest';
import { bodyOf, button, choose, key, nextFrame, settle, shownBody, typeFocused as type } from './test/dom';
import { flushSync } from 'svelte';
import type { Tool, ToolPreview } from './lib/types';
import { AUTOSAVE_DELAY_MS } from './lib/editor';
import { HAIKU, SCOUT, actAs, installTools, sampleTool, toolHtml } from './test/fakeTools';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { invokeMock } from './test/appSetup';

import { localToday } from './lib/dates';
import { toolsSuite } from './test/toolsSuite';

const t = toolsSuite();
const { byTestId, byLabel, calls, drafts, saves, frame, saveState, showScreen, openTool } = t;

describe('tools screen', () => {
  it('opens a tool from its row by click or keyboard, and goes back with Escape', async () => {
    installTools(invokeMock);
    showScreen();
    expect(byTestId('tools-table')).not.toBeNull();
    const open = byTestId<HTMLButtonElement>(`tool-open-${HAIKU}`)!;
    expect(open.tagName).toBe('BUTTON');
    expect(open.textContent).toBe('Claude Haiku Open Weights');

    // Enter on the name's button arrives as its click.
    open.focus();
    open.click();
    flushSync();
    await settle();
    expect(byTestId('tools-table')).toBeNull();
    expect(calls('get_tool')).toEqual([{ slug: HAIKU }]);
    expect(document.activeElement?.id).toBe('tool-editor-title');
    expect(document.activeElement?.textContent?.trim()).toBe('Claude Haiku Open Weights');

    // Escape goes back to the list, to the row that was open: from a field too (the header's
    // "Esc" badge promises it).
    byLabel<HTMLInputElement>('Vendor').focus();
    expect(key('Escape').defaultPrevented).toBe(true);
    await settle();
    expect(byTestId('tool-editor')).toBeNull();
    expect(document.activeElement).toBe(byTestId(`tool-open-${HAIKU}`));
    byTestId<HTMLButtonElement>(`tool-open-${HAIKU}`)!.click();
    flushSync();
    await settle();
    byTestId<HTMLButtonElement>('tool-history-toggle')!.focus();
    expect(key('Escape').defaultPrevented).toBe(true);
    await settle();
    expect(byTestId('tool-editor')).toBeNull();
    expect(document.activeElement).toBe(byTestId(`tool-open-${HAIKU}`));

    // A focused row (as a search hit leaves it) opens with Enter too.
    const row = byTestId(`tool-row-${HAIKU}`)!;
    row.focus();
    key('Enter');
    await settle();
    expect(byTestId('tool-editor')).not.toBeNull();
    button(t.target, 'Back to tools').click();
    await settle();
    expect(byTestId('tools-table')).not.toBeNull();
  });

  it('marks and focuses a highlighted tool, beside the New tool button', async () => {
    installTools(invokeMock);
    showScreen(SCOUT);
    const row = byTestId(`tool-row-${SCOUT}`)!;
    expect(row.classList.contains('highlight')).toBe(true);
    expect(byTestId(`tool-row-${HAIKU}`)?.classList.contains('highlight')).toBe(false);
    expect(document.activeElement).toBe(byTestId(`tool-open-${SCOUT}`));
    expect(byTestId('tool-new')?.textContent).toContain('New tool');
  });

  it('loads every field of the tool into labelled inputs', async () => {
    await openTool({
      tools: [
        {
          ...sampleTool(),
          entry_price: { kind: 'amount', amount_cents: 1999, currency: 'CHF', period: 'year' },
          links: { homepage: 'https://example.com/haiku', weights: 'https://hf.co/haiku', docs: null },
        },
      ],
    });
    const tool = sampleTool();
    expect(byLabel<HTMLInputElement>('Name').value).toBe(tool.name);
    const slug = byLabel<HTMLInputElement>('Slug');
    expect(slug.value).toBe(HAIKU);
    expect(slug.readOnly).toBe(true);
    expect(byLabel<HTMLInputElement>('Vendor').value).toBe('Anthropic');
    expect(byLabel<HTMLInputElement>('Category').value).toBe('Developer Tools');
    expect(byLabel<HTMLInputElement>('Tagline').value).toBe(tool.tagline);
    const description = byLabel<HTMLTextAreaElement>('Description');
    expect(description.tagName).toBe('TEXTAREA');
    expect(description.value).toBe(tool.description);
    expect(byLabel<HTMLSelectElement>('Kind').value).toBe('amount');
    expect(byLabel<HTMLInputElement>('Amount').value).toBe('19.99');
    expect(byLabel<HTMLSelectElement>('Currency').value).toBe('other');
    expect(byLabel<HTMLInputElement>('Currency code').value).toBe('CHF');
    expect(byLabel<HTMLSelectElement>('Period').value).toBe('year');
    expect(byLabel<HTMLInputElement>('License').value).toBe('Research only');
    expect(byLabel<HTMLInputElement>('Homepage').value).toBe('https://example.com/haiku');
    expect(byLabel<HTMLInputElement>('Weights').value).toBe('https://hf.co/haiku');
    expect(byLabel<HTMLInputElement>('Docs').value).toBe('');
    const release = byLabel<HTMLInputElement>('Release date');
    expect(release.type).toBe('date');
    expect(release.value).toBe('2025-03-01');
    expect(byLabel<HTMLInputElement>('Pricing checked on').value).toBe('2025-04-01');
    expect(saveState()).toBe('Saved');
    // Every input, select and textarea of the form has a label pointing at it.
    const unlabelled = [...t.target.querySelectorAll('form input, form select, form textarea')].filter(
      (el) => !t.target.querySelector(`label[for="${el.id}"]`),
    );
    expect(unlabelled).toEqual([]);
  });

  it('previews every change of the tagline in the same frame', async () => {
    await openTool();
    const iframe = frame();
    expect(iframe?.getAttribute('srcdoc')).toBe(toolHtml(sampleTool()));
    await nextFrame();
    const shownDocument = iframe?.contentDocument;

    type(byLabel<HTMLInputElement>('Tagline'), 'Open weights, small footprint');
    await settle();
    await nextFrame();
    const changed = { ...sampleTool(), tagline: 'Open weights, small footprint' };
    expect(drafts().at(-1)).toEqual(changed);
    expect(frame()).toBe(iframe);
    // Patched into the shown document, not loaded again.
    expect(shownBody(iframe)).toBe(bodyOf(toolHtml(changed)));
    expect(iframe?.contentDocument).toBe(shownDocument);
    expect(iframe?.getAttribute('srcdoc')).toBe(toolHtml(sampleTool()));
    expect(saveState()).toBe('Unsaved changes');
    expect(saves()).toHaveLength(0);
  });

  it('coalesces previews: while one renders, only the newest draft is sent next', async () => {
    const pending: Array<(p: Partial<ToolPreview>) => void> = [];
    await openTool({
      preview: (d) => (d.tagline === sampleTool().tagline ? {} : new Promise((resolve) => pending.push(resolve))),
    });
    const tagline = byLabel<HTMLInputElement>('Tagline');
    type(tagline, 'O');
    type(tagline, 'Op');
    type(tagline, 'Ope');
    await settle();
    expect(drafts().map((d) => d.tagline)).toEqual([sampleTool().tagline, 'O']);
    pending.shift()?.({ html: '<p>O</p>' });
    await settle();
    expect(drafts().map((d) => d.tagline)).toEqual([sampleTool().tagline, 'O', 'Ope']);
    pending.shift()?.({ html: '<p>Ope</p>' });
    await settle();
    await nextFrame();
    expect(shownBody(frame())).toBe('<p>Ope</p>');
  });

  it('sends an Amount price of "20" a month in USD as 2000 cents', async () => {
    vi.useFakeTimers();
    await openTool();
    choose(byLabel<HTMLSelectElement>('Kind'), 'amount');
    type(byLabel<HTMLInputElement>('Amount'), '20');
    choose(byLabel<HTMLSelectElement>('Currency'), 'USD');
    choose(byLabel<HTMLSelectElement>('Period'), 'month');
    await settle();
    const price = { kind: 'amount', amount_cents: 2000, currency: 'USD', period: 'month' };
    expect(drafts().at(-1)?.entry_price).toEqual(price);

    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toEqual([{ profile: 'edie', tool: { ...sampleTool(), entry_price: price } }]);

    // Cents, another currency typed as a code, and back to free.
    type(byLabel<HTMLInputElement>('Amount'), '19.9');
    choose(byLabel<HTMLSelectElement>('Currency'), 'other');
    await settle();
    expect(document.activeElement).toBe(byLabel('Currency code'));
    type(byLabel<HTMLInputElement>('Currency code'), 'chf');
    await settle();
    expect(drafts().at(-1)?.entry_price).toEqual({ kind: 'amount', amount_cents: 1990, currency: 'CHF', period: 'month' });
    choose(byLabel<HTMLSelectElement>('Kind'), 'free');
    await settle();
    expect(drafts().at(-1)?.entry_price).toEqual({ kind: 'free' });
    // Switching back brings the amount back.
    choose(byLabel<HTMLSelectElement>('Kind'), 'amount');
    expect(byLabel<HTMLInputElement>('Amount').value).toBe('19.90');
  });

  it('keeps an amount that is not a number out of the draft and says why', async () => {
    vi.useFakeTimers();
    await openTool();
    choose(byLabel<HTMLSelectElement>('Kind'), 'amount');
    type(byLabel<HTMLInputElement>('Amount'), '20');
    type(byLabel<HTMLInputElement>('Amount'), '20 dollars');
    await settle();
    expect(drafts().at(-1)?.entry_price).toMatchObject({ amount_cents: 2000 });
    expect(byTestId('problem-amount')?.textContent).toContain('Not saved yet because the amount is not an amount such as 20 or 19.99');
    expect(byLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(0);
  });

  it('autosaves as the profile 800 ms after the last change, and at once on Ctrl+S', async () => {
    vi.useFakeTimers();
    const backend = await openTool();
    const tagline = byLabel<HTMLInputElement>('Tagline');
    type(tagline, 'Small');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 300);
    type(tagline, 'Small and open');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    expect(saves()).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(saves()).toEqual([{ profile: 'edie', tool: { ...sampleTool(), tagline: 'Small and open' } }]);
    expect(backend.stored.get(HAIKU)?.tagline).toBe('Small and open');
    expect(saveState()).toBe('Saved');
    expect(t.onchanged).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(tagline);

    type(byLabel<HTMLInputElement>('Homepage'), '');
    const event = key('s', { ctrlKey: true });
    expect(event.defaultPrevented).toBe(true);
    await settle();
    expect(saves()).toHaveLength(2);
    expect((saves()[1]?.['tool'] as Tool).links.homepage).toBeNull();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(2);

    // The "Today" button fills in this machine's date.
    byTestId<HTMLButtonElement>('tool-checked-today')!.click();
    flushSync();
    expect(byLabel<HTMLInputElement>('Pricing checked on').value).toBe(localToday());
  });

  it('shows a problem from the preview under its field and does not save', async () => {
    vi.useFakeTimers();
    await openTool({
      preview: (d) =>
        d.links.homepage === 'example dot com'
          ? { problems: [{ field: 'links.homepage', message: 'is not a valid web address (relative URL without a base)' }] }
          : {},
    });
    const homepage = byLabel<HTMLInputElement>('Homepage');
    type(homepage, 'example dot com');
    await settle();
    const problem = byTestId('problem-homepage');
    expect(problem?.textContent?.trim()).toBe(
      'Not saved yet because the homepage link is not a valid web address (relative URL without a base)',
    );
    expect(homepage.getAttribute('aria-invalid')).toBe('true');
    expect(homepage.getAttribute('aria-describedby')).toBe(problem?.id);
    expect(byLabel('Docs').hasAttribute('aria-invalid')).toBe(false);

    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    await settle();
    expect(saves()).toHaveLength(0);
    expect(saveState()).toBe('Not saved yet: 1 problem');
    expect(homepage.value).toBe('example dot com');

    // Ctrl+S does not send it either: it leads to the problem.
    byTestId<HTMLButtonElement>('tool-history-toggle')!.focus();
    key('s', { ctrlKey: true });
    await settle();
    expect(saves()).toHaveLength(0);
    expect(document.activeElement).toBe(homepage);

    type(homepage, 'https://example.com');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(byTestId('problem-homepage')).toBeNull();
    expect(saves()).toHaveLength(1);
    expect(saveState()).toBe('Saved');
  });

  it('shows a forbidden save in a banner and keeps the draft', async () => {
    vi.useFakeTimers();
    await openTool({
      save: () => {
        throw { code: 'forbidden', message: 'Edie Stone may not edit tools (needs the editor role).' };
      },
    });
    const tagline = byLabel<HTMLInputElement>('Tagline');
    type(tagline, 'Mine');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toHaveLength(1);
    const banner = byTestId('error-banner');
    expect(banner?.dataset['code']).toBe('forbidden');
    expect(banner?.textContent).toContain('Edie Stone may not edit tools (needs the editor role).');
    expect(tagline.value).toBe('Mine');
    expect(saveState()).toBe('Not saved: Edie Stone may not edit tools (needs the editor role).');
    expect(t.onchanged).not.toHaveBeenCalled();

    // Not resent unchanged...
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    expect(saves()).toHaveLength(1);
    // ...and leaving does not drop it: the editor stays, offering to leave without saving.
    button(t.target, 'Back to tools').click();
    await settle();
    expect(byTestId('tool-editor')).not.toBeNull();
    byTestId<HTMLButtonElement>('tool-leave-without-saving')!.click();
    await settle();
    expect(byTestId('tool-editor')).toBeNull();
    expect(saves()).toHaveLength(1);
  });

  it('lists the pages that show the tool, marking the published ones that go stale', async () => {
    await openTool({
      pages: [
        { slug: 'haiku-vs-scout', title: 'Haiku vs Scout', status: 'published', goes_stale: true },
        { slug: 'small-models', title: 'Small models', status: 'draft', goes_stale: false },
      ],
    });
    const list = byTestId('tool-pages')!;
    expect(list.querySelector('h2')?.textContent).toBe('Pages that show this tool');
    const published = byTestId(`tool-page-haiku-vs-scout`)!;
    expect(published.textContent).toContain('Haiku vs Scout');
    expect(published.querySelector('[data-testid="status-badge"]')?.getAttribute('data-status')).toBe('published');
    expect(published.querySelector('[data-testid="goes-stale"]')?.textContent).toBe('goes stale when you save');
    const draft = byTestId(`tool-page-small-models`)!;
    expect(draft.querySelector('[data-testid="status-badge"]')?.getAttribute('data-status')).toBe('draft');
    expect(draft.querySelector('[data-testid="goes-stale"]')).toBeNull();
  });

  it('is read-only for a profile that is not an editor', async () => {
    vi.useFakeTimers();
    actAs('dana');
    await openTool();
    expect(byTestId('tool-readonly-note')?.textContent?.trim()).toBe(
      'Only editors change tool entries — switch profile in the sidebar.',
    );
    for (const label of ['Name', 'Tagline', 'Description', 'Kind', 'Homepage', 'Pricing checked on']) {
      expect(byLabel(label).matches(':disabled')).toBe(true);
    }
    expect(byTestId<HTMLButtonElement>('tool-checked-today')!.matches(':disabled')).toBe(true);
    // The page still previews, and History still opens (without Restore).
    expect(frame()?.getAttribute('srcdoc')).toBe(toolHtml(sampleTool()));
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(0);
  });
});
