import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bodyOf, button, choose, enterTauri, key, leaveTauri, newTarget, nextFrame, queries, settle, shownBody, typeFocused as type } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import type { Check, Comparison, ComparisonStatus, DraftPreview, PageAction } from './lib/types';
import { sampleComparison, sampleOverview, sampleProfiles } from './test/fixtures';
import { draftHtml, installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import { installWorkflow } from './test/fakeWorkflow';
import type { FakeWorkflowOptions } from './test/fakeWorkflow';
import { AUTOSAVE_DELAY_MS } from './lib/editor';
import { session } from './lib/session.svelte';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));
// The core's events reach the app (desk-changed after a save, from the fake backend).
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

import App from './App.svelte';
import ComparisonEditor from './lib/components/ComparisonEditor.svelte';
import { resetComparisonFilters } from './lib/comparisonFilters.svelte';
import { invalid } from './test/errors';


const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';
const HAIKU = 'claude-haiku-open-weights';
const SCOUT = 'llama-4-scout-quantized';

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const { byTestId, byLabel } = queries(() => target);








const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);
const drafts = () => calls('preview_draft').map((a) => a['draft'] as Comparison);
const saves = () => calls('save_comparison').map((a) => a['comparison'] as Comparison);
const frame = () => byTestId<HTMLIFrameElement>('page-preview');

async function openEditor(options: FakeBackendOptions = {}, workflow: Partial<FakeWorkflowOptions> = {}) {
  const backend = installBackend(invokeMock, options);
  installWorkflow(invokeMock, { stored: backend.stored, profiles: sampleProfiles(), ...workflow });
  app = mount(App, { target });
  flushSync();
  await settle();
  byTestId(`comparison-row-${SLUG}`)?.click();
  flushSync();
  await settle();
  expect(byTestId('field-title')).not.toBeNull();
  return backend;
}

beforeEach(() => {
  // The chosen profile is remembered on the machine; every test starts from none.
  localStorage.clear();
  session.setProfiles([]);
  resetComparisonFilters();
  enterTauri();
  invokeMock.mockReset();
  target = newTarget();
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  leaveTauri();
  vi.useRealTimers();
});

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
    expect(target.querySelector('input[name="slug"], input[name="status"]')).toBeNull();
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
    (target.querySelector('#detail-title') as HTMLElement).focus();
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

// ---- Workflow, roles and history -------------------------------------------------------------

const pageActions = () => calls('page_action') as Array<{ profile: string; slug: string; action: PageAction }>;
const bar = () => byTestId('workflow-bar')!;
const withStatus = (status: ComparisonStatus, extra: Partial<Comparison> = {}): FakeBackendOptions => ({
  comparisons: [{ ...sampleComparison(), status, ...extra }],
});

/** Works as `slug` from now on, the way the role switcher does, once the core has said what they may do. */
async function workAs(slug: string) {
  session.setProfiles(sampleProfiles());
  session.choose(slug);
  flushSync();
  await settle();
}

describe('comparison workflow', () => {
  it('lets an editor submit a draft, and explains the publisher steps it cannot take', async () => {
    await openEditor(withStatus('draft'));
    await workAs('editor');
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('draft');
    const submit = button(bar(), 'Submit for review');
    expect(submit.disabled).toBe(false);
    const rows = calls('desk_rows').length;

    submit.click();
    await settle();
    expect(pageActions()).toEqual([{ profile: 'editor', slug: SLUG, action: { action: 'submit_for_review' } }]);
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('in_review');
    // The list behind the editor is refreshed to show the new state: the page's row.
    expect(calls('desk_rows').length).toBe(rows + 1);
    expect(calls('desk_overview')).toHaveLength(1);

    // In review: approving is a publisher's step, shown but out of reach, and why.
    const approve = button(bar(), 'Approve');
    expect(approve.disabled).toBe(true);
    expect(approve.title).toBe('Publishers approve pages — switch profile in the sidebar');
    const hint = document.getElementById(approve.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe('Publishers approve pages — switch profile in the sidebar.');
    expect(hint?.closest('[data-testid="workflow-bar"]')).toBe(bar());
    expect(button(bar(), 'Return to draft').disabled).toBe(false);
    expect(target.querySelector('[data-testid="action-publish"]')).toBeNull();
  });

  it('lets a publisher approve, sending the action with the profile', async () => {
    const backend = await openEditor(withStatus('in_review'));
    await workAs('publisher');
    expect(button(bar(), 'Return to draft').disabled).toBe(true);
    expect(bar().textContent).toContain('Editors return pages to draft — switch profile in the sidebar.');

    button(bar(), 'Approve').click();
    await settle();
    expect(pageActions()).toEqual([{ profile: 'publisher', slug: SLUG, action: { action: 'approve' } }]);
    expect(backend.stored.get(SLUG)?.status).toBe('approved');
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('approved');
    expect(bar().querySelector('[role="status"]')?.textContent).toBe('Approved.');
    // The next steps of an approved page.
    expect(button(bar(), 'Publish').disabled).toBe(false);
    expect(button(bar(), 'Schedule…').disabled).toBe(false);
    // Focus stays in the bar, not on a button a second Enter would press.
    expect(document.activeElement).toBe(bar());
  });

  it('schedules at a labelled local time, sent as UTC; tomorrow 09:00 unless changed', async () => {
    await openEditor(withStatus('approved'));
    await workAs('publisher');
    const open = button(bar(), 'Schedule…');
    open.click();
    await settle();
    expect(open.getAttribute('aria-expanded')).toBe('true');

    const at = byLabel<HTMLInputElement>('Publish at');
    expect(at.type).toBe('datetime-local');
    expect(document.activeElement).toBe(at);
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(9, 0, 0, 0);
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(at.value).toBe(
      `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`,
    );

    // A time in the past is caught before asking the core.
    type(at, '2001-02-03T04:05');
    button(bar(), 'Schedule').click();
    await settle();
    expect(pageActions()).toHaveLength(0);
    expect(byTestId('schedule-error')?.textContent).toBe('Choose a time in the future.');
    expect(at.getAttribute('aria-invalid')).toBe('true');

    type(at, '2031-06-15T14:30');
    button(bar(), 'Schedule').click();
    await settle();
    const expected = new Date(2031, 5, 15, 14, 30).toISOString().replace('.000Z', 'Z');
    expect(pageActions()).toEqual([{ profile: 'publisher', slug: SLUG, action: { action: 'schedule', at: expected } }]);
    expect(pageActions()[0]?.action).toMatchObject({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/) });
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('scheduled');
    expect(byTestId('scheduled-for')?.textContent).toContain('2031');
    expect(byTestId('schedule-at')).toBeNull();
    // A scheduled page can be moved or published at once.
    expect(button(bar(), 'Reschedule…').disabled).toBe(false);
    expect(button(bar(), 'Publish now').disabled).toBe(false);
  });

  it('shows a refusal from the core in the error banner and keeps the state', async () => {
    await openEditor(withStatus('in_review'), {
      pageAction: () => {
        throw { code: 'wrong_state', message: 'cannot approve a draft: a page is approved from review' };
      },
    });
    await workAs('publisher');
    button(bar(), 'Approve').click();
    await settle();
    const banner = byTestId('error-banner');
    expect(banner?.getAttribute('data-code')).toBe('wrong_state');
    expect(banner?.textContent).toContain('cannot approve a draft: a page is approved from review');
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('in_review');
    expect(button(bar(), 'Approve').disabled).toBe(false);

    button(banner!, 'Dismiss error').click();
    flushSync();
    expect(byTestId('error-banner')).toBeNull();
  });

  it('asks before publishing a page with blockers, naming them', async () => {
    const blockers: Check[] = [
      { severity: 'blocker', code: 'missing_verdict', field: 'verdict:skeptic/claude-haiku-open-weights', message: 'Sam Keller has no verdict on Claude Haiku Open Weights.' },
      { severity: 'warning', code: 'empty_field', field: 'intro', message: 'The page has no intro.' },
      { severity: 'blocker', code: 'empty_field', field: 'dek', message: 'The page has no dek.' },
    ];
    // A desk with a target: Publish sends the page there (without one it asks about that first).
    await openEditor({
      ...withStatus('approved'),
      overview: { ...sampleOverview(), targets: ['site'] },
      draft: (d) => ({ html: draftHtml(d), checks: blockers }),
    });
    await workAs('publisher');

    button(bar(), 'Publish').click();
    await settle();
    expect(pageActions()).toHaveLength(0);
    const confirm = byTestId('workflow-confirm')!;
    expect(confirm.getAttribute('role')).toBe('alertdialog');
    expect(confirm.querySelector('#wf-confirm-title')?.textContent?.trim()).toBe('2 blockers:');
    expect([...confirm.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Sam Keller has no verdict on Claude Haiku Open Weights.',
      'The page has no dek.',
    ]);
    expect(confirm.querySelector('#wf-confirm-question')?.textContent).toBe('Publish anyway?');
    expect(confirm.textContent).not.toContain('no intro');
    // The safe answer has the focus; Escape says no without leaving the editor.
    expect(document.activeElement).toBe(button(confirm, 'Cancel'));
    key('Escape');
    await settle();
    expect(byTestId('workflow-confirm')).toBeNull();
    expect(byTestId('comparison-detail')).not.toBeNull();
    expect(pageActions()).toHaveLength(0);

    button(bar(), 'Publish').click();
    await settle();
    button(byTestId('workflow-confirm')!, 'Publish anyway').click();
    await settle();
    expect(pageActions().map((a) => a.action)).toEqual([{ action: 'publish' }]);
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('published');
    expect(button(bar(), 'Unpublish').disabled).toBe(false);
  });

  it('approves without asking when the page has no blockers', async () => {
    await openEditor({
      ...withStatus('in_review'),
      draft: (d) => ({ html: draftHtml(d), checks: [{ severity: 'warning', code: 'x', field: 'intro', message: 'Short intro.' }] }),
    });
    await workAs('publisher');
    button(bar(), 'Approve').click();
    await settle();
    expect(byTestId('workflow-confirm')).toBeNull();
    expect(pageActions().map((a) => a.action)).toEqual([{ action: 'approve' }]);
  });

  it('saves the pending change before a step, and takes no step when it cannot be saved', async () => {
    vi.useFakeTimers();
    let refuse = false;
    await openEditor({
      ...withStatus('draft'),
      save: (c) => {
        if (refuse) throw invalid({ field: 'title', message: 'must not be empty' });
        return { ...c, status: 'draft' };
      },
    });
    await workAs('editor');
    type(byLabel<HTMLInputElement>('Title'), 'Typed just now');
    button(bar(), 'Submit for review').click();
    await settle();
    const order = invokeMock.mock.calls.map(([c]) => c).filter((c) => c === 'save_comparison' || c === 'page_action');
    expect(order).toEqual(['save_comparison', 'page_action']);
    expect(saves()[0]?.title).toBe('Typed just now');
    expect(byTestId('status-badge')?.getAttribute('data-status')).toBe('in_review');

    refuse = true;
    type(byLabel<HTMLInputElement>('Title'), '');
    button(bar(), 'Return to draft').click();
    await settle();
    expect(pageActions()).toHaveLength(1);
    expect(byTestId('error-banner')?.textContent).toContain('Nothing was done: the form has changes that could not be saved');
    expect(byTestId('field-title-error')?.textContent).toContain('must not be empty');
    // The autosave countdown was taken over by that save; it does not fire again.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(saves()).toHaveLength(2);
  });

  it('shows a stale published page as such, honestly', async () => {
    installBackend(invokeMock, withStatus('published', { published_at: '2025-04-01T10:00:00Z' }));
    session.setProfiles(sampleProfiles());
    session.choose('publisher');
    app = mount(ComparisonEditor, {
      target,
      props: { slug: SLUG, stale: true, tools: sampleOverview().tools, reviewers: sampleOverview().reviewers, onback: () => {} },
    });
    await settle();
    const stale = byTestId('stale-badge');
    expect(stale?.textContent?.trim()).toBe('Stale — changed since published');
    expect(byTestId('stale-hint')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'Send the changes from the Publishing screen (Ctrl+5): Publish there updates every target that holds it.',
    );
    // The core refuses to publish a published page, so no such button is offered.
    expect(target.querySelector('[data-testid="action-publish"]')).toBeNull();
    expect(button(bar(), 'Unpublish').disabled).toBe(false);
  });

  it('is read-only for a reviewer, with a note, and every step out of reach', async () => {
    await openEditor(withStatus('draft'));
    await workAs('dx');
    const note = byTestId('readonly-note');
    expect(note?.textContent).toContain('Dana Xu is not an editor');
    expect(note?.textContent).toContain('switch profile in the sidebar');
    expect(byLabel<HTMLInputElement>('Title').readOnly).toBe(true);
    expect(byLabel<HTMLTextAreaElement>('Dek').readOnly).toBe(true);
    expect(byLabel<HTMLTextAreaElement>('Intro').readOnly).toBe(true);
    expect(byLabel<HTMLSelectElement>('Add tool').disabled).toBe(true);
    const haiku = byTestId(`tool-item-${HAIKU}`)!;
    expect(['Move up', 'Move down', 'Remove'].map((n) => button(haiku, n).disabled)).toEqual([true, true, true]);
    const submit = button(bar(), 'Submit for review');
    expect(submit.disabled).toBe(true);
    expect(bar().textContent).toContain('Editors submit pages for review — switch profile in the sidebar.');

    // Back to an editor: the form opens up again.
    await workAs('editor');
    expect(byTestId('readonly-note')).toBeNull();
    expect(byLabel<HTMLInputElement>('Title').readOnly).toBe(false);
    expect(button(bar(), 'Submit for review').disabled).toBe(false);
  });

  it('keeps the draft and shows why when the core refuses the save for the profile', async () => {
    vi.useFakeTimers();
    await openEditor({
      save: () => {
        throw { code: 'forbidden', message: 'Publisher (publisher) may not edit comparisons: that needs the editor role' };
      },
    });
    const title = byLabel<HTMLInputElement>('Title');
    type(title, 'Mine, unsaved');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(saves()).toHaveLength(1);
    expect(title.value).toBe('Mine, unsaved');
    const banner = byTestId('error-banner');
    expect(banner?.getAttribute('data-code')).toBe('forbidden');
    expect(banner?.textContent).toContain('Not saved (your text is still in the form)');
    expect(banner?.textContent).toContain('may not edit comparisons: that needs the editor role');
    expect(byTestId('save-state')?.textContent).toContain('Not saved');

    // Retry sends it again.
    button(banner!, 'Retry').click();
    await settle();
    expect(saves()).toHaveLength(2);
  });

  it('explains the two-tool minimum as tools are removed', async () => {
    await openEditor();
    expect(byTestId('tools-hint')?.textContent).toContain('A comparison needs at least two tools');
    const addTool = byLabel<HTMLSelectElement>('Add tool');
    expect(addTool.getAttribute('aria-describedby')?.split(' ')).toContain('ed-tools-hint');
    button(byTestId(`tool-item-${HAIKU}`)!, 'Remove').click();
    await settle();
    expect(byTestId('tools-hint')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'Add one more tool: a comparison needs at least two, and the page cannot be saved with fewer.',
    );
  });

  it('shows the history and loads a restored revision into the form', async () => {
    const older = { ...sampleComparison(), title: 'An older title' };
    const revisions = new Map([
      [
        SLUG,
        [
          { number: 2, saved_at: '2025-04-12T09:30:00Z', author: null, changes: [], value: sampleComparison() },
          {
            number: 1,
            saved_at: '2025-04-10T09:30:00Z',
            author: null,
            changes: [{ field: 'title', before: null, after: 'An older title', parts: [{ kind: 'added' as const, text: 'An older title' }] }],
            value: older,
          },
        ],
      ],
    ]);
    await openEditor({}, { revisions });
    await workAs('editor');
    const history = byTestId('history-button')!;
    expect(history.getAttribute('aria-expanded')).toBe('false');
    history.click();
    await settle();
    expect(history.getAttribute('aria-expanded')).toBe('true');
    expect(calls('history')).toEqual([{ entity: 'comparison', key: SLUG }]);
    const loads = calls('get_comparison').length;

    byTestId<HTMLButtonElement>('restore-1')!.click();
    await settle();
    expect(calls('restore_revision')).toEqual([{ profile: 'editor', entity: 'comparison', key: SLUG, number: 1 }]);
    expect(calls('get_comparison').length).toBe(loads + 1);
    expect(byLabel<HTMLInputElement>('Title').value).toBe('An older title');
    expect(byTestId('save-state')?.textContent).toBe('Saved');
    // The restored page is what is stored: nothing to save again.
    await settle();
    expect(saves()).toHaveLength(0);
  });
});
