import { describe, expect, it, vi } from 'vitest';
import { bodyOf, button, choose, key, nextFrame, settle, shownBody, typeFocused as type } from './test/dom';
import { flushSync } from 'svelte';
import type { Check, DraftPreview } from './lib/types';
import { sampleComparison, sampleOverview } from './test/fixtures';
import { draftHtml } from './test/fakeBackend';
import { AUTOSAVE_DELAY_MS } from './lib/editor';
import { HAIKU, SCOUT, SLUG, editorSuite } from './test/editorSuite';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
// The core's events reach the app (desk-changed after a save, from the fake backend).
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));

import { invalid } from './test/errors';

const t = editorSuite();
const { byTestId, byLabel, calls, drafts, saves, frame, workAs, openEditor } = t;

describe('comparison editor', () => {
  it('loads the comparison into labelled fields, with slug and status read-only', async () => {
    await openEditor();
    expect(calls('get_comparison')).toEqual([{ slug: SLUG }]);

    const title = byLabel<HTMLInputElement>('Title');
    expect(title).toBe(byTestId('field-title'));
    expect(title.value).toBe(sampleComparison().title);
    const dek = byLabel<HTMLTextAreaElement>('Dek');
    expect(dek).toBe(byTestId('field-dek'));
    expect(dek.tagName).toBe('TEXTAREA');
    expect(dek.rows).toBe(2);
    expect(dek.value).toBe(sampleComparison().dek);
    const intro = byLabel<HTMLTextAreaElement>('Intro');
    expect(intro).toBe(byTestId('field-intro'));
    expect(intro.value).toBe(sampleComparison().intro);

    const tools = [...(byTestId('tool-list')?.querySelectorAll('li') ?? [])];
    expect(tools.map((li) => li.dataset['slug'])).toEqual([HAIKU, SCOUT]);
    expect(tools[0]?.textContent).toContain('Claude Haiku Open Weights');
    const panel = [...(byTestId('panel-list')?.querySelectorAll('li') ?? [])];
    expect(panel.map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringContaining('Dana Xu Developer experience'),
      expect.stringContaining('Sam Keller Skeptic'),
    ]);
    // Every chosen tool and reviewer is taken, so the pickers offer nothing more.
    expect(byLabel<HTMLSelectElement>('Add tool').disabled).toBe(true);
    expect(byLabel<HTMLSelectElement>('Add reviewer').disabled).toBe(true);

    expect(byTestId('comparison-slug')?.textContent).toBe(SLUG);
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('in_review');
    expect(t.target.querySelector('input[name="slug"], input[name="status"]')).toBeNull();
    expect(byTestId('save-state')?.textContent).toBe('Saved');
  });

  it('previews every change of the title in the same frame', async () => {
    await openEditor();
    const iframe = frame();
    expect(iframe?.getAttribute('srcdoc')).toBe(draftHtml(sampleComparison()));
    await nextFrame();
    expect(shownBody(iframe)).toBe(bodyOf(draftHtml(sampleComparison())));
    const shownDocument = iframe?.contentDocument;

    type(byLabel<HTMLInputElement>('Title'), 'Haiku vs Scout');
    await settle();
    await nextFrame();
    expect(drafts().at(-1)).toEqual({ ...sampleComparison(), title: 'Haiku vs Scout' });
    expect(frame()).toBe(iframe);
    // Patched into the shown document, not loaded again.
    expect(shownBody(iframe)).toBe(bodyOf(draftHtml({ ...sampleComparison(), title: 'Haiku vs Scout' })));
    expect(iframe?.contentDocument).toBe(shownDocument);
    expect(iframe?.getAttribute('srcdoc')).toBe(draftHtml(sampleComparison()));
    expect(byLabel<HTMLInputElement>('Title').value).toBe('Haiku vs Scout');
    expect(byTestId('save-state')?.textContent).toBe('Unsaved changes');
    // Nothing was saved by previewing.
    expect(saves()).toHaveLength(0);
  });

  it('coalesces previews: while one renders, only the newest draft is sent next', async () => {
    const pending: Array<(p: DraftPreview) => void> = [];
    await openEditor({
      draft: (d) => {
        if (d.title === sampleComparison().title) return { html: draftHtml(d), checks: [] };
        return new Promise<DraftPreview>((resolve) => pending.push(resolve));
      },
    });
    const title = byLabel<HTMLInputElement>('Title');
    type(title, 'H');
    type(title, 'Ha');
    type(title, 'Hai');
    await settle();
    expect(drafts().map((d) => d.title)).toEqual([sampleComparison().title, 'H']);

    pending.shift()?.({ html: '<h1>H</h1>', checks: [] });
    await settle();
    expect(drafts().map((d) => d.title)).toEqual([sampleComparison().title, 'H', 'Hai']);
    pending.shift()?.({ html: '<h1>Hai</h1>', checks: [] });
    await settle();
    await nextFrame();
    expect(shownBody(frame())).toBe('<h1>Hai</h1>');
    expect(drafts()).toHaveLength(3);
  });

  it('lists blockers before warnings, and says when the page is ready', async () => {
    const checks: Check[] = [
      { severity: 'warning', code: 'pricing_stale', field: 'tool:llama-4-scout-quantized.pricing_checked_on', message: 'Pricing of Llama 4 Scout Quantized was last checked 120 days ago.' },
      { severity: 'blocker', code: 'missing_verdict', field: 'verdict:skeptic/claude-haiku-open-weights', message: 'Sam Keller has no verdict on Claude Haiku Open Weights.' },
      { severity: 'warning', code: 'empty_field', field: 'intro', message: 'The page has no intro.' },
      { severity: 'blocker', code: 'empty_field', field: 'dek', message: 'The page has no dek.' },
    ];
    await openEditor({ draft: (d) => ({ html: draftHtml(d), checks: d.title ? checks : [] }) });

    const panel = byTestId('checks');
    const items = [...(panel?.querySelectorAll('li') ?? [])];
    expect(items.map((li) => li.dataset['severity'])).toEqual(['blocker', 'blocker', 'warning', 'warning']);
    expect(items.map((li) => li.querySelector('.check-message')?.textContent)).toEqual([
      'Sam Keller has no verdict on Claude Haiku Open Weights.',
      'The page has no dek.',
      'Pricing of Llama 4 Scout Quantized was last checked 120 days ago.',
      'The page has no intro.',
    ]);
    expect(items[0]?.textContent).toContain('Blocker:');
    expect(items[2]?.textContent).toContain('Warning:');
    expect(panel?.textContent).not.toContain('Ready to publish');
    // The header sums them up and leads to the list.
    const summary = byTestId('checks-summary')!;
    expect(summary.textContent?.trim()).toBe('2 blockers');
    summary.click();
    expect(document.activeElement).toBe(panel);

    // A check on a form field leads to that field.
    button(items[1]!, 'Go to Dek').click();
    expect(document.activeElement).toBe(byLabel('Dek'));

    type(byLabel<HTMLInputElement>('Title'), '');
    await settle();
    expect(panel?.querySelectorAll('li')).toHaveLength(0);
    // An editor is told there are no problems; 'Ready to publish' is for whoever can publish.
    expect(panel?.textContent).toContain('No problems found: a publisher can publish it.');
    expect(summary.textContent?.trim()).toBe('No problems');
    await workAs('publisher');
    expect(panel?.textContent).toContain('Ready to publish: no problems found.');
    expect(summary.textContent?.trim()).toBe('Ready to publish');
  });

  it('autosaves 800 ms after the last change, and at once on Ctrl+S', async () => {
    vi.useFakeTimers();
    await openEditor();
    const title = byLabel<HTMLInputElement>('Title');

    type(title, 'Haiku vs Scout');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 300);
    type(title, 'Haiku vs Scout!');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    expect(saves()).toHaveLength(0);
    expect(byTestId('save-state')?.textContent).toBe('Unsaved changes');

    await vi.advanceTimersByTimeAsync(100);
    await settle();
    expect(saves()).toEqual([{ ...sampleComparison(), title: 'Haiku vs Scout!' }]);
    expect(byTestId('save-state')?.textContent).toBe('Saved');
    // The list data is refreshed after the save (the saved page's row alone), without
    // disturbing the editor.
    expect(calls('desk_overview')).toHaveLength(1);
    expect(calls('desk_rows')).toEqual([{ changes: [{ kind: 'comparison', key: SLUG, what: 'saved' }] }]);
    expect(byLabel<HTMLInputElement>('Title')).toBe(title);
    expect(document.activeElement).toBe(title);

    type(byLabel<HTMLTextAreaElement>('Dek'), 'A shorter dek.');
    const event = key('s', { ctrlKey: true });
    expect(event.defaultPrevented).toBe(true);
    expect(byTestId('save-state')?.textContent).toBe('Saving…');
    await settle();
    expect(saves()).toHaveLength(2);
    expect(saves()[1]?.dek).toBe('A shorter dek.');
    expect(byTestId('save-state')?.textContent).toBe('Saved');

    // The countdown that was running is cancelled: no second save of the same draft.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(2);

    // Cmd+S on macOS too.
    type(byLabel<HTMLTextAreaElement>('Intro'), 'New intro');
    expect(key('s', { metaKey: true }).defaultPrevented).toBe(true);
    await settle();
    expect(saves()).toHaveLength(3);
  });

  it('never replaces what the user typed with the save response', async () => {
    vi.useFakeTimers();
    await openEditor({
      // The core answers with the stored value, which may differ in workflow fields.
      save: (c) => ({ ...c, title: 'Something else', status: 'approved' }),
    });
    const title = byLabel<HTMLInputElement>('Title');
    type(title, 'Mine');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toHaveLength(1);
    expect(title.value).toBe('Mine');
    expect(byTestId('save-state')?.textContent).toBe('Saved');
    // The workflow state shown is the stored one.
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('approved');
  });

  it('shows an invalid save under the field, keeps the text, and retries only after a change', async () => {
    vi.useFakeTimers();
    await openEditor({
      save: (c) => {
        if (c.title.trim() === '' || c.tools.length < 2) {
          const problems = [
            c.title.trim() === '' ? { field: 'title', message: 'must not be empty' } : null,
            c.tools.length < 2 ? { field: 'tools', message: 'a comparison needs at least two tools' } : null,
          ].filter((p) => p !== null);
          throw invalid(...problems);
        }
        return c;
      },
    });
    const title = byLabel<HTMLInputElement>('Title');
    type(title, '   ');
    const haiku = byTestId('tool-item-claude-haiku-open-weights')!;
    button(haiku, 'Remove').click();
    flushSync();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toHaveLength(1);

    const error = byTestId('field-title-error');
    expect(error?.textContent?.trim()).toBe('must not be empty');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(title.getAttribute('aria-describedby')?.split(' ')).toContain(error?.id);
    expect(title.value).toBe('   ');
    expect(byTestId('field-tools-error')?.textContent).toContain('a comparison needs at least two tools');
    expect(byLabel('Add tool').getAttribute('aria-invalid')).toBe('true');
    expect(byLabel('Dek').hasAttribute('aria-invalid')).toBe(false);
    expect(byTestId('save-state')?.textContent).toBe(
      'Not saved: title: must not be empty; tools: a comparison needs at least two tools',
    );

    // No retry of the same draft...
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    expect(saves()).toHaveLength(1);

    // ...until it changes.
    type(title, 'Haiku vs Scout');
    choose(byLabel<HTMLSelectElement>('Add tool'), HAIKU);
    expect(byTestId('save-state')?.textContent).toBe('Unsaved changes');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toHaveLength(2);
    expect(saves()[1]).toMatchObject({ title: 'Haiku vs Scout', tools: [SCOUT, HAIKU] });
    expect(byTestId('field-title-error')).toBeNull();
    expect(title.hasAttribute('aria-invalid')).toBe(false);
    expect(byTestId('save-state')?.textContent).toBe('Saved');
  });

  it('reorders, removes and adds tools and reviewers, previewing the new order', async () => {
    const overview = sampleOverview();
    overview.tools.push({ slug: 'gpt-oss', name: 'GPT OSS', vendor: 'OpenAI', category: 'Developer Tools', tagline: '', entry: 'Free', pricing_checked_on: null });
    overview.reviewers.push({ slug: 'strategist', name: 'Riya Shah', persona: 'Strategist', verdict_count: 0 });
    await openEditor({ overview });

    const tools = byTestId('tool-list')!;
    const down = button(tools.querySelector(`[data-slug="${HAIKU}"]`)!, 'Move down');
    expect(button(tools.querySelector(`[data-slug="${HAIKU}"]`)!, 'Move up').disabled).toBe(true);
    down.focus();
    down.click();
    await settle();
    expect(drafts().at(-1)?.tools).toEqual([SCOUT, HAIKU]);
    expect([...tools.querySelectorAll('li')].map((li) => li.dataset['slug'])).toEqual([SCOUT, HAIKU]);
    await nextFrame();
    expect(shownBody(frame())).toContain(`${SCOUT} vs ${HAIKU}`);
    // The keyboard stays with the tool that moved (now last, so "Move up").
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move up');
    expect(document.activeElement?.closest('li')?.dataset['slug']).toBe(HAIKU);

    const addTool = byLabel<HTMLSelectElement>('Add tool');
    expect([...addTool.options].map((o) => o.value)).toEqual(['', 'gpt-oss']);
    choose(addTool, 'gpt-oss');
    await settle();
    expect(drafts().at(-1)?.tools).toEqual([SCOUT, HAIKU, 'gpt-oss']);
    expect(addTool.value).toBe('');
    button(tools.querySelector('[data-slug="gpt-oss"]')!, 'Move up').click();
    await settle();
    expect(drafts().at(-1)?.tools).toEqual([SCOUT, 'gpt-oss', HAIKU]);
    button(tools.querySelector(`[data-slug="${SCOUT}"]`)!, 'Remove').click();
    await settle();
    expect(drafts().at(-1)?.tools).toEqual(['gpt-oss', HAIKU]);
    expect([...addTool.options].map((o) => o.value)).toEqual(['', SCOUT]);

    const addReviewer = byLabel<HTMLSelectElement>('Add reviewer');
    expect([...addReviewer.options].map((o) => o.textContent)).toEqual(['Choose a reviewer…', 'Riya Shah — Strategist']);
    choose(addReviewer, 'strategist');
    await settle();
    const panel = byTestId('panel-list')!;
    button(panel.querySelector('[data-slug="strategist"]')!, 'Move up').click();
    await settle();
    expect(drafts().at(-1)?.panel).toEqual(['dx', 'strategist', 'skeptic']);
    expect(panel.querySelector('[data-slug="strategist"]')?.textContent).toContain('Strategist');
  });

  it('flushes a pending save before going back, then shows the refreshed list', async () => {
    vi.useFakeTimers();
    let storedTitle = sampleComparison().title;
    await openEditor({
      overview: () => {
        const o = sampleOverview();
        o.comparisons[0]!.title = storedTitle;
        return o;
      },
      save: (c) => {
        storedTitle = c.title;
        return c;
      },
    });
    type(byLabel<HTMLInputElement>('Title'), 'Haiku vs Scout');

    byTestId('back-button')?.click();
    flushSync();
    // Saved first; the editor stays open until the core has confirmed the save.
    expect(saves()).toEqual([{ ...sampleComparison(), title: 'Haiku vs Scout' }]);
    expect(byTestId('comparison-detail')).not.toBeNull();
    await settle();
    expect(byTestId('comparison-detail')).toBeNull();
    expect(byTestId(`comparison-row-${SLUG}`)?.textContent).toContain('Haiku vs Scout');
    expect(document.activeElement).toBe(byTestId(`comparison-row-${SLUG}`));

    // The autosave that was counting down does not fire afterwards.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(1);
  });

  it('flushes on Escape, from inside a field too, and when switching screens', async () => {
    await openEditor();
    const dek = byLabel<HTMLTextAreaElement>('Dek');
    type(dek, 'Changed dek');
    dek.focus();

    // The header's "Esc" badge holds in a field as well: save, then back to the list.
    const event = key('Escape');
    expect(event.defaultPrevented).toBe(true);
    expect(saves()).toHaveLength(1);
    expect(byTestId('comparison-detail')).not.toBeNull();
    await settle();
    expect(saves().map((c) => c.dek)).toEqual(['Changed dek']);
    expect(byTestId('comparison-detail')).toBeNull();

    byTestId(`comparison-row-${SLUG}`)?.click();
    flushSync();
    await settle();
    type(byLabel<HTMLTextAreaElement>('Dek'), 'Changed again');
    (t.target.querySelector('#detail-title') as HTMLElement).focus();
    key('Escape');
    expect(saves()).toHaveLength(2);
    await settle();
    expect(saves().map((c) => c.dek)).toEqual(['Changed dek', 'Changed again']);
    expect(byTestId('comparison-detail')).toBeNull();

    byTestId(`comparison-row-${SLUG}`)?.click();
    flushSync();
    await settle();
    type(byLabel<HTMLInputElement>('Title'), 'Switching');
    byTestId('nav-tools')?.click();
    flushSync();
    expect(byTestId('comparison-detail')).not.toBeNull();
    await settle();
    expect(saves().map((c) => c.title)).toEqual([sampleComparison().title, sampleComparison().title, 'Switching']);
    expect(byTestId('nav-tools')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('comparison-detail')).toBeNull();
  });

  it('stays open when the draft cannot be saved, until the user chooses to leave without saving', async () => {
    await openEditor({
      save: () => {
        throw invalid({ field: 'title', message: 'must not be empty' });
      },
    });
    const title = byLabel<HTMLInputElement>('Title');
    type(title, '');
    byTestId('back-button')?.click();
    await settle();
    expect(saves()).toHaveLength(1);
    expect(byTestId('comparison-detail')).not.toBeNull();
    expect(byTestId('field-title-error')?.textContent).toContain('must not be empty');
    expect(document.activeElement).toBe(title);

    byTestId('leave-without-saving')?.click();
    await settle();
    expect(byTestId('comparison-detail')).toBeNull();
    expect(saves()).toHaveLength(1);
  });

  it('keeps the draft while search results cover the editor', async () => {
    vi.useFakeTimers();
    await openEditor();
    const title = byLabel<HTMLInputElement>('Title');
    type(title, 'Half-typed');

    const search = byTestId<HTMLInputElement>('search-input')!;
    type(search, 'scout');
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(byTestId('search-results')).not.toBeNull();

    key('Escape');
    await settle();
    expect(byTestId('search-results')).toBeNull();
    expect(byLabel<HTMLInputElement>('Title')).toBe(title);
    expect(title.value).toBe('Half-typed');
  });
});
