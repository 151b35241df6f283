// The comparison editor's workflow bar, roles and history.
import { describe, expect, it, vi } from 'vitest';
import { button, key, settle, typeFocused as type } from './test/dom';
import { flushSync, mount } from 'svelte';
import type { Check } from './lib/types';
import { sampleComparison, sampleOverview, sampleProfiles } from './test/fixtures';
import { draftHtml, installBackend } from './test/fakeBackend';
import { AUTOSAVE_DELAY_MS } from './lib/editor';
import { session } from './lib/session.svelte';
import { HAIKU, SLUG, editorSuite } from './test/editorSuite';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
// The core's events reach the app (desk-changed after a save, from the fake backend).
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { invokeMock } from './test/appSetup';

import ComparisonEditor from './lib/components/ComparisonEditor.svelte';
import { invalid } from './test/errors';

const t = editorSuite();
const { byTestId, byLabel, calls, saves, pageActions, bar, withStatus, workAs, openEditor } = t;

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
    expect(t.target.querySelector('[data-testid="action-publish"]')).toBeNull();
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
    t.track(
      mount(ComparisonEditor, {
        target: t.target,
        props: { slug: SLUG, stale: true, tools: sampleOverview().tools, reviewers: sampleOverview().reviewers, onback: () => {} },
      }),
    );
    await settle();
    const stale = byTestId('stale-badge');
    expect(stale?.textContent?.trim()).toBe('Stale — changed since published');
    expect(byTestId('stale-hint')?.textContent?.replace(/\s+/g, ' ')).toContain(
      'Send the changes from the Publishing screen (Ctrl+5): Publish there updates every target that holds it.',
    );
    // The core refuses to publish a published page, so no such button is offered.
    expect(t.target.querySelector('[data-testid="action-publish"]')).toBeNull();
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
