import { describe, expect, it, vi } from 'vitest';
import { choose, key, settle, typeFocused as type } from './test/dom';
import { flushSync } from 'svelte';
import { AUTOSAVE_DELAY_MS } from './lib/editor';
import { session } from './lib/session.svelte';
import type { Reviewer, VerdictDraft } from './lib/types';
import { HAIKU, PROFILES, SCOUT, installReviewerDesk, sampleReviewers, verdict } from './test/fakeReviewers';
import type { ReviewerDeskOptions } from './test/fakeReviewers';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { invokeMock } from './test/appSetup';
import { reviewersSuite } from './test/reviewersSuite';

const t = reviewersSuite();
const { byTestId, byLabel, must, button, tab, calls, open } = t;

describe('reviewers screen: tabs', () => {
  it('opens on the panel for an editor and on the verdicts for a reviewer', async () => {
    await open('erin');
    expect(tab('Panel').getAttribute('aria-selected')).toBe('true');
    expect(must('reviewers-panel-panel').hidden).toBe(false);
    expect(byTestId('reviewer-row-dx')).not.toBeNull();
    t.unmountScreen();

    await open('dana');
    expect(tab('Verdicts').getAttribute('aria-selected')).toBe('true');
    expect(must('reviewers-panel-panel').hidden).toBe(true);
    // Fixed to the profile's own reviewer.
    const reviewer = byLabel<HTMLSelectElement>('Reviewer');
    expect(reviewer.value).toBe('dx');
    expect(reviewer.disabled).toBe(true);
  });

  it('shows a highlighted reviewer (a search hit) on the panel, even to a reviewer', async () => {
    session.setProfiles(PROFILES);
    session.choose('dana');
    const desk = installReviewerDesk(invokeMock);
    t.mountScreen(desk.summaries(), 'skeptic', () => {});
    flushSync();
    await settle();
    expect(tab('Panel').getAttribute('aria-selected')).toBe('true');
    expect(must('reviewer-skeptic').classList.contains('highlight')).toBe(true);
    expect(document.activeElement).toBe(must('reviewer-row-skeptic'));
    must('reviewer-row-skeptic').click();
    await settle();
    expect(calls('get_reviewer')).toEqual([{ slug: 'skeptic' }]);
    expect(must('reviewer-editor')).not.toBeNull();
  });

  it('moves between tabs with the arrow keys, Home and End', async () => {
    await open('erin');
    tab('Panel').focus();
    key('ArrowRight');
    expect(document.activeElement).toBe(tab('Coverage'));
    expect(tab('Coverage').getAttribute('aria-selected')).toBe('true');
    expect(tab('Coverage').tabIndex).toBe(0);
    expect(tab('Panel').tabIndex).toBe(-1);
    key('End');
    expect(document.activeElement).toBe(tab('Verdicts'));
    key('ArrowRight');
    expect(document.activeElement).toBe(tab('Panel'));
    key('ArrowLeft');
    expect(tab('Verdicts').getAttribute('aria-selected')).toBe('true');
    expect(must('reviewers-panel-verdicts').getAttribute('aria-labelledby')).toBe(tab('Verdicts').id);
  });
});

describe('coverage matrix', () => {
  it('marks a needed verdict nobody wrote as Missing and counts the missing ones', async () => {
    await open('erin', { verdicts: [verdict('dx', HAIKU, { status: 'accepted' })] });
    tab('Coverage').click();
    await settle();
    expect(calls('coverage')).toHaveLength(1);

    expect(must('coverage-missing').textContent?.trim()).toBe('1 verdict missing');
    const missing = must('coverage-cell-dx-' + SCOUT);
    expect(missing.textContent?.trim()).toBe('Missing');
    expect(missing.dataset['state']).toBe('missing');
    expect(missing.title).toBe('Needed by: Haiku vs Scout');

    const written = must('coverage-cell-dx-' + HAIKU);
    expect(written.textContent?.replace(/\s+/g, ' ').trim()).toBe('Ship accepted');
    // Not on any panel: quiet, not missing.
    const quiet = must('coverage-cell-skeptic-' + HAIKU);
    expect(quiet.textContent?.trim()).toBe('—');
    expect(quiet.dataset['state']).toBe('none');
    expect(quiet.title).toBe('No comparison needs this verdict.');

    const table = must('coverage-table');
    expect([...table.querySelectorAll('thead th')].map((th) => th.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    expect([...table.querySelectorAll('tbody th')].map((th) => th.getAttribute('scope'))).toEqual(['row', 'row']);

    // Shown again: loaded again.
    tab('Panel').click();
    await settle();
    tab('Coverage').click();
    await settle();
    expect(calls('coverage')).toHaveLength(2);
  });

  it('opens the verdict form on the reviewer and tool of a clicked cell', async () => {
    await open('erin');
    tab('Coverage').click();
    await settle();
    must('coverage-cell-dx-' + SCOUT).click();
    await settle();

    expect(tab('Verdicts').getAttribute('aria-selected')).toBe('true');
    expect(calls('get_verdict')).toEqual([{ reviewer: 'dx', tool: SCOUT }]);
    expect(byLabel<HTMLSelectElement>('Reviewer').value).toBe('dx');
    expect(byLabel<HTMLSelectElement>('Tool').value).toBe(SCOUT);
    expect(must('verdict-status').dataset['status']).toBe('none');
    expect(must('verdict-readonly').textContent?.trim()).toBe('Only Dana Xu writes this verdict.');
    // The reviewer's lens beside the quote.
    expect(must('verdict-persona').textContent).toBe('Developer experience');
    expect(must('verdict-rubric').querySelectorAll('li')).toHaveLength(2);

    // A second cell, with the form already open.
    tab('Coverage').click();
    await settle();
    must('coverage-cell-skeptic-' + HAIKU).click();
    await settle();
    expect(calls('get_verdict').at(-1)).toEqual({ reviewer: 'skeptic', tool: HAIKU });
    expect(byLabel<HTMLSelectElement>('Reviewer').value).toBe('skeptic');
    expect(document.activeElement?.id).toBe('verdict-form-title');
  });
});

describe('verdict form', () => {
  it('autosaves a reviewer’s quote as a draft written as their profile, with a live word count', async () => {
    vi.useFakeTimers();
    await open('dana', { verdicts: [verdict('dx', HAIKU, { quote: 'Fast.' })] });
    choose(byLabel<HTMLSelectElement>('Tool'), HAIKU);
    await settle();
    expect(must('verdict-word-count').textContent).toBe('1 word');
    expect(byLabel<HTMLInputElement>('Ship').checked).toBe(true);

    const quote = byLabel<HTMLTextAreaElement>('Quote');
    type(quote, 'Fast to set up, and the **errors** say what to fix.');
    expect(must('verdict-word-count').textContent).toBe('11 words');
    expect(must('verdict-save-state').textContent).toBe('Unsaved changes');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 100);
    expect(calls('save_verdict')).toHaveLength(0);

    byLabel<HTMLInputElement>('Skip').click();
    flushSync();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    const expected: VerdictDraft = { reviewer: 'dx', tool: HAIKU, call: 'skip', quote: 'Fast to set up, and the **errors** say what to fix.' };
    expect(calls('save_verdict')).toEqual([{ profile: 'dana', verdict: expected }]);
    expect(must('verdict-save-state').textContent).toBe('Saved');
    expect(t.changed).toBe(1);
    expect(document.activeElement).toBe(quote);
  });

  it('waits for a call before saving a new verdict', async () => {
    vi.useFakeTimers();
    await open('dana');
    choose(byLabel<HTMLSelectElement>('Tool'), SCOUT);
    await settle();
    expect(must('verdict-status').dataset['status']).toBe('none');
    type(byLabel<HTMLTextAreaElement>('Quote'), 'Runs on my laptop.');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(calls('save_verdict')).toHaveLength(0);
    expect(must('verdict-save-state').textContent).toBe('Choose Ship or Skip to save the draft');

    byLabel<HTMLInputElement>('Ship').click();
    flushSync();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(calls('save_verdict')).toEqual([
      { profile: 'dana', verdict: { reviewer: 'dx', tool: SCOUT, call: 'ship', quote: 'Runs on my laptop.' } },
    ]);
    expect(must('verdict-status').dataset['status']).toBe('draft');
  });

  it('submits for review after saving, and then locks the verdict', async () => {
    vi.useFakeTimers();
    await open('dana', { verdicts: [verdict('dx', HAIKU, { quote: '' })] });
    choose(byLabel<HTMLSelectElement>('Tool'), HAIKU);
    await settle();

    // No quote: explained under the field, nothing sent.
    must('verdict-submit').click();
    await settle();
    expect(calls('verdict_action')).toHaveLength(0);
    expect(must('verdict-quote-error').textContent).toContain('Write the quote before submitting');
    expect(document.activeElement).toBe(byLabel('Quote'));

    type(byLabel<HTMLTextAreaElement>('Quote'), 'Good enough to ship.');
    must('verdict-submit').click();
    await settle();
    expect(calls('save_verdict')).toEqual([
      { profile: 'dana', verdict: { reviewer: 'dx', tool: HAIKU, call: 'ship', quote: 'Good enough to ship.' } },
    ]);
    expect(calls('verdict_action')).toEqual([{ profile: 'dana', reviewer: 'dx', tool: HAIKU, action: { action: 'submit' } }]);
    // The save went first.
    const order = invokeMock.mock.calls.map(([c]) => c).filter((c) => c === 'save_verdict' || c === 'verdict_action');
    expect(order).toEqual(['save_verdict', 'verdict_action']);

    expect(must('verdict-status').dataset['status']).toBe('submitted');
    expect(must('verdict-locked').textContent).toContain('read only until an editor accepts it or returns it');
    expect(byLabel<HTMLTextAreaElement>('Quote').readOnly).toBe(true);
    expect(byLabel<HTMLInputElement>('Ship').disabled).toBe(true);
    expect(byTestId('verdict-submit')).toBeNull();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(calls('save_verdict')).toHaveLength(1);
  });

  it('shows a returned verdict’s comment to its reviewer, who may revise it', async () => {
    await open('dana', {
      verdicts: [verdict('dx', HAIKU, { status: 'returned', return_comment: 'Say which GPU you tested on.' })],
    });
    choose(byLabel<HTMLSelectElement>('Tool'), HAIKU);
    await settle();
    expect(must('verdict-status').dataset['status']).toBe('returned');
    expect(must('verdict-return-comment').textContent).toContain('Say which GPU you tested on.');
    expect(byLabel<HTMLTextAreaElement>('Quote').readOnly).toBe(false);
    expect(byTestId('verdict-submit')).not.toBeNull();
  });

  it('lets an editor return a submitted verdict only with a comment', async () => {
    await open('erin', { verdicts: [verdict('dx', HAIKU, { status: 'submitted' })] });
    tab('Verdicts').click();
    flushSync();
    choose(byLabel<HTMLSelectElement>('Reviewer'), 'dx');
    await settle();
    choose(byLabel<HTMLSelectElement>('Tool'), HAIKU);
    await settle();
    expect(byLabel<HTMLTextAreaElement>('Quote').readOnly).toBe(true);
    expect(must('verdict-readonly').textContent?.trim()).toBe('Only Dana Xu writes this verdict.');

    must('verdict-return-open').click();
    await settle();
    const comment = byLabel<HTMLTextAreaElement>('Why it goes back');
    expect(document.activeElement).toBe(comment);

    button('Return to reviewer').click();
    await settle();
    expect(calls('verdict_action')).toHaveLength(0);
    expect(must('verdict-return_comment-error').textContent).toContain('Say why the verdict goes back');

    type(comment, 'Name the GPU.');
    button('Return to reviewer').click();
    await settle();
    expect(calls('verdict_action')).toEqual([
      { profile: 'erin', reviewer: 'dx', tool: HAIKU, action: { action: 'return', comment: 'Name the GPU.' } },
    ]);
    expect(must('verdict-status').dataset['status']).toBe('returned');
    expect(must('verdict-return-comment').textContent).toContain('Name the GPU.');
    expect(byTestId('verdict-review')).toBeNull();
    expect(t.changed).toBe(1);
  });

  it('lets an editor accept a submitted verdict', async () => {
    await open('erin', { verdicts: [verdict('dx', HAIKU, { status: 'submitted' })] });
    tab('Coverage').click();
    await settle();
    must('coverage-cell-dx-' + HAIKU).click();
    await settle();
    button('Accept').click();
    await settle();
    expect(calls('verdict_action')).toEqual([{ profile: 'erin', reviewer: 'dx', tool: HAIKU, action: { action: 'accept' } }]);
    expect(must('verdict-status').dataset['status']).toBe('accepted');
  });

  it('lets an editor reopen an accepted verdict with a comment, without an Accept button', async () => {
    await open('erin', { verdicts: [verdict('dx', HAIKU, { status: 'accepted' })] });
    tab('Coverage').click();
    await settle();
    must('coverage-cell-dx-' + HAIKU).click();
    await settle();
    expect(byTestId('verdict-accept')).toBeNull();
    button('Return…').click();
    await settle();
    type(byLabel<HTMLTextAreaElement>('Why it goes back'), 'Pricing changed; look again.');
    button('Return to reviewer').click();
    await settle();
    expect(calls('verdict_action')).toEqual([
      { profile: 'erin', reviewer: 'dx', tool: HAIKU, action: { action: 'return', comment: 'Pricing changed; look again.' } },
    ]);
    expect(must('verdict-status').dataset['status']).toBe('returned');
  });

  it('shows a forbidden refusal from the core', async () => {
    const message = 'Erin Editor (editor) may not accept verdicts: that needs the editor role';
    await open('erin', {
      verdicts: [verdict('dx', HAIKU, { status: 'submitted' })],
      override: {
        verdict_action: () => {
          throw { code: 'forbidden', message };
        },
      },
    });
    tab('Coverage').click();
    await settle();
    must('coverage-cell-dx-' + HAIKU).click();
    await settle();
    button('Accept').click();
    await settle();
    const banner = must('error-banner');
    expect(banner.dataset['code']).toBe('forbidden');
    expect(banner.textContent).toContain(message);
    expect(must('verdict-status').dataset['status']).toBe('submitted');
  });

  it('shows a wrong_state refusal of a save and the verdict’s new state', async () => {
    vi.useFakeTimers();
    const desk = await open('dana', { verdicts: [verdict('dx', HAIKU)] });
    choose(byLabel<HTMLSelectElement>('Tool'), HAIKU);
    await settle();
    // Meanwhile the verdict was submitted from elsewhere.
    desk.verdicts[0]!.status = 'submitted';
    type(byLabel<HTMLTextAreaElement>('Quote'), 'Changed my mind.');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(must('error-banner').dataset['code']).toBe('wrong_state');
    expect(must('verdict-status').dataset['status']).toBe('submitted');
    expect(byLabel<HTMLTextAreaElement>('Quote').readOnly).toBe(true);
  });

  it('saves the open draft before the app leaves the screen', async () => {
    vi.useFakeTimers();
    await open('dana', { verdicts: [verdict('dx', HAIKU)] });
    choose(byLabel<HTMLSelectElement>('Tool'), HAIKU);
    await settle();
    expect(t.screen!.beforeLeave()).toBeNull();
    type(byLabel<HTMLTextAreaElement>('Quote'), 'Before leaving.');
    const pending = t.screen!.beforeLeave();
    expect(pending).not.toBeNull();
    await expect(pending).resolves.toBe(true);
    expect(calls('save_verdict')).toHaveLength(1);
    expect(t.screen!.beforeLeave()).toBeNull();
  });
});

describe('reviewer editor', () => {
  async function openDx(profile = 'erin', options: ReviewerDeskOptions = {}) {
    const desk = await open(profile, options);
    must('reviewer-row-dx').click();
    await settle();
    expect(calls('get_reviewer')).toEqual([{ slug: 'dx' }]);
    return desk;
  }

  it('saves rubric questions added, moved and removed, in their new order', async () => {
    vi.useFakeTimers();
    await openDx();
    expect(byLabel<HTMLInputElement>('Rubric question 1').value).toBe('How long until the first useful result?');

    must('rubric-add').click();
    await settle();
    const third = byLabel<HTMLInputElement>('Rubric question 3');
    expect(document.activeElement).toBe(third);
    // An empty question would be refused: autosave waits for it.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(calls('save_reviewer')).toHaveLength(0);
    expect(must('reviewer-save-state').textContent).toBe('Unsaved: rubric question 3 is empty');

    type(third, 'Would I pay for it?');
    button('Move question 3 up').click();
    await settle();
    expect(document.activeElement?.id).toBe('rv-rubric-1-up');
    button('Remove question 1').click();
    await settle();
    expect(byLabel<HTMLInputElement>('Rubric question 1').value).toBe('Would I pay for it?');

    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    const expected: Reviewer = { ...sampleReviewers()[0]!, rubric: ['Would I pay for it?', 'Are the errors helpful?'] };
    expect(calls('save_reviewer')).toEqual([{ profile: 'erin', reviewer: expected }]);
    expect(must('reviewer-save-state').textContent).toBe('Saved');
    expect(t.changed).toBe(1);
  });

  it('shows the core’s field problems under their fields', async () => {
    vi.useFakeTimers();
    await openDx();
    type(byLabel<HTMLInputElement>('Persona'), '  ');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(must('reviewer-persona-error').textContent).toContain('must not be empty');
    expect(byLabel('Persona').getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('reviewer-name-error')).toBeNull();
  });

  it('is read only, with the reason, for a profile that is not an editor', async () => {
    await openDx('pat');
    expect(byLabel<HTMLInputElement>('Name').readOnly).toBe(true);
    expect(byLabel<HTMLTextAreaElement>('Bio').readOnly).toBe(true);
    expect(must('reviewer-readonly').textContent).toContain('Only editors change reviewers');
    expect(byTestId('rubric-add')).toBeNull();
    expect(byTestId('reviewer-new')).toBeNull();
  });

  it('creates a new reviewer on purpose, with a slug from the name', async () => {
    vi.useFakeTimers();
    const desk = await open('erin');
    t.screen!.startNew();
    await settle();
    type(byLabel<HTMLInputElement>('Name'), 'Ada Lovelace');
    expect(byLabel<HTMLInputElement>('Slug').value).toBe('ada-lovelace');
    type(byLabel<HTMLInputElement>('Persona'), 'Researcher');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    // Never created while typing.
    expect([...calls('save_reviewer'), ...calls('create_reviewer')]).toHaveLength(0);

    // A slug already taken is caught before anything is sent.
    type(byLabel<HTMLInputElement>('Slug'), 'dx');
    button('Create reviewer').click();
    await settle();
    expect([...calls('save_reviewer'), ...calls('create_reviewer')]).toHaveLength(0);
    expect(must('reviewer-slug-error').textContent).toContain('already');

    type(byLabel<HTMLInputElement>('Slug'), 'ada');
    button('Create reviewer').click();
    await settle();
    // Created, not saved: a slug taken meanwhile is refused instead of overwritten.
    expect(calls('create_reviewer')).toEqual([
      { profile: 'erin', reviewer: { slug: 'ada', name: 'Ada Lovelace', persona: 'Researcher', bio: '', rubric: [] } },
    ]);
    expect(desk.reviewers.has('ada')).toBe(true);
    expect(must('reviewer-slug').textContent).toBe('ada');
    expect(() => byLabel('Slug')).toThrow();

    // From now on it saves on its own.
    type(byLabel<HTMLTextAreaElement>('Bio'), 'Wrote the first program.');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    await settle();
    expect(calls('save_reviewer')).toHaveLength(1);
  });

  it('saves on Ctrl+S and before going back to the list', async () => {
    vi.useFakeTimers();
    await openDx();
    type(byLabel<HTMLInputElement>('Name'), 'Dana X.');
    expect(key('s', { ctrlKey: true }).defaultPrevented).toBe(true);
    await settle();
    expect(calls('save_reviewer')).toHaveLength(1);

    type(byLabel<HTMLInputElement>('Name'), 'Dana Xu');
    must('reviewer-back').click();
    await settle();
    expect(calls('save_reviewer')).toHaveLength(2);
    expect(byTestId('reviewer-editor')).toBeNull();
    expect(document.activeElement).toBe(byTestId('reviewer-row-dx'));
  });
});
