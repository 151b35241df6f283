// The Publishing screen, continued: publishing and unpublishing, the queue, roles, the screen in
// the app, a big desk, and receipts.
import { describe, expect, it, vi } from 'vitest';
import { choose, key, settle } from './test/dom';
import { flushSync } from 'svelte';
import { sampleProfiles } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import type { Progress, PublishPlan, Receipt } from './lib/bindings';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { events, invokeMock } from './test/appSetup';

import { session } from './lib/session.svelte';
import { invalid } from './test/errors';
import { EMPTY_PLAN, pairs, sampleConflict, sampleReceipt, sampleView, summary } from './test/publishingFixtures';
import { publishingSuite } from './test/publishingSuite';

const t = publishingSuite();
const { byTestId, byLabel, button, installPublishing, emit, start } = t;

describe('Publishing: publish and unpublish', () => {
  it('publishes all changed pages to every target and sums up the plan', async () => {
    const backend = await start();
    button('publish-all').click();
    await settle();
    expect(backend.calls('publish_pages')).toEqual([{ profile: 'publisher', target: null, slugs: [] }]);
    expect(byTestId('publish-plan')?.textContent).toBe('3 queued to send, 12 unchanged');
  });

  it('publishes to the chosen target, and one page by name', async () => {
    const backend = await start({
      handlers: {
        publish_pages: (args) =>
          (args['slugs'] as string[]).length > 0
            ? { ...EMPTY_PLAN, published: ['epsilon-vs-phi'], queued: [['blog', 'epsilon-vs-phi']] }
            : EMPTY_PLAN,
      },
    });
    choose(byTestId<HTMLSelectElement>('publish-target')!, 'blog');
    button('publish-all').click();
    await settle();
    expect(byTestId('publish-plan')?.textContent).toBe('Nothing to send');

    button('publish-page-epsilon-vs-phi').click();
    await settle();
    expect(backend.calls('publish_pages')).toEqual([
      { profile: 'publisher', target: 'blog', slugs: [] },
      { profile: 'publisher', target: 'blog', slugs: ['epsilon-vs-phi'] },
    ]);
    expect(byTestId('publish-plan')?.textContent).toBe('1 queued to send, 0 unchanged');
    expect(byTestId('pages-notice')?.textContent).toBe('Published “Epsilon vs Phi”.');
    expect(t.onchanged).toHaveBeenCalled();
  });

  it('shows a refused publish in its section', async () => {
    await start({
      handlers: {
        publish_pages: () => {
          throw invalid({ field: 'pages[0]', message: '"draft-page" is a draft; it must be approved before it is published' });
        },
      },
    });
    button('publish-page-alpha-vs-beta').click();
    await settle();
    const banner = byTestId('publishing-pages')?.querySelector('[data-testid="error-banner"]');
    expect(banner?.textContent).toContain('it must be approved before it is published');
  });

  it('unpublishes a page after asking', async () => {
    const backend = await start();
    button('unpublish-alpha-vs-beta').click();
    await settle();
    expect(byTestId('unpublish-confirm')?.textContent).toContain('Unpublish “Alpha vs Beta”?');
    button('unpublish-confirm-yes').click();
    await settle();
    expect(backend.calls('unpublish_pages')).toEqual([{ profile: 'publisher', slugs: ['alpha-vs-beta'] }]);
    expect(byTestId('unpublish-confirm')).toBeNull();
    expect(byTestId('pages-notice')?.textContent).toContain('Removing it from 1 target');
    expect(t.onchanged).toHaveBeenCalled();
  });
});

describe('Publishing: the queue', () => {
  it('retries a failed job', async () => {
    const backend = await start();
    button('retry-4').click();
    await settle();
    expect(backend.calls('retry_job')).toEqual([{ profile: 'publisher', id: 4 }]);
    expect(backend.calls('publishing_view')).toHaveLength(2);
  });

  it('reviews a conflict field by field and overwrites with ours', async () => {
    const backend = await start();
    const review = button('review-7');
    review.click();
    await settle();
    expect(backend.calls('get_conflict')).toEqual([{ id: 7 }]);
    const dialog = byTestId('conflict-dialog')!;
    expect(dialog.textContent).toContain('Conflict: Alpha vs Beta');
    expect(byTestId('conflict-remote-url')?.textContent).toBe('https://blog.example.com/alpha-vs-beta');

    const before = [...dialog.querySelectorAll('[data-testid="conflict-before"]')];
    const after = [...dialog.querySelectorAll('[data-testid="conflict-after"]')];
    // Before is the target's copy, after is ours.
    expect(before[0]?.textContent).toBe('Alpha vs Beta (edited on WordPress)');
    expect(before[0]?.querySelector('del')?.textContent).toBe(' (edited on WordPress)');
    expect(after[0]?.textContent).toBe('Alpha vs Beta');
    expect(before[1]?.textContent).toBe('Old dek');
    expect(after[1]?.textContent).toBe('New dek');
    expect(after[1]?.querySelector('ins')?.textContent).toBe('New');
    expect(dialog.textContent).toContain('Sends our version to the target');
    expect(dialog.textContent).toContain('marks the page “kept theirs”');

    button('conflict-overwrite').click();
    await settle();
    expect(backend.calls('resolve_conflict')).toEqual([{ profile: 'publisher', id: 7, overwrite: true }]);
    expect(byTestId('conflict-dialog')).toBeNull();
    expect(byTestId('queue-notice')?.textContent).toContain('Sending our version of “Alpha vs Beta” on blog again.');
  });

  it('keeps theirs, and closes with Escape without deciding', async () => {
    const backend = await start();
    const review = button('review-7');
    review.click();
    await settle();
    expect(document.activeElement).toBe(button('conflict-close'));
    key('Escape');
    await settle();
    expect(byTestId('conflict-dialog')).toBeNull();
    expect(document.activeElement).toBe(review);
    expect(backend.calls('resolve_conflict')).toEqual([]);

    review.click();
    await settle();
    button('conflict-keep').click();
    await settle();
    expect(backend.calls('resolve_conflict')).toEqual([{ profile: 'publisher', id: 7, overwrite: false }]);
  });

  it('says plainly when the page was removed on the target', async () => {
    await start({ handlers: { get_conflict: () => ({ ...sampleConflict(), remote_url: null, changes: [], removed_on_target: true }) } });
    button('review-7').click();
    await settle();
    expect(byTestId('conflict-removed')?.textContent).toContain('The page was removed on the target');
    expect(byTestId('conflict-change')).toBeNull();
    expect(byTestId('conflict-dialog')?.textContent).toContain('Puts our version back on the target.');
  });

  it('drives the progress bar from the worker’s events', async () => {
    const backend = await start();
    expect(byTestId('publish-progress')).toBeNull();
    const progress: Progress = { done: 3, unchanged: 1, retries: 1, failed: 1, conflicts: 1, remaining: 4, notes: [] };
    emit('publish-progress', progress);
    const bar = byTestId<HTMLProgressElement>('publish-progress')!;
    expect(bar.max).toBe(10);
    expect(bar.value).toBe(6);
    expect(byTestId('progress-line')?.textContent).toBe('6 of 10 finished: 3 sent, 1 unchanged, 1 failed, 1 conflict, 1 retry · 4 waiting');

    emit('publish-settled', { ...progress, done: 7, remaining: 0 });
    await settle();
    expect(bar.value).toBe(10);
    expect(byTestId('progress-line')?.textContent).toContain('All 10 finished');
    // Settled: the view is read again at once, and the desk told.
    expect(backend.calls('publishing_view').length).toBeGreaterThanOrEqual(2);
    expect(t.onchanged).toHaveBeenCalled();
  });

  it('says each note of the run once, under the progress line', async () => {
    await start();
    const note = 'old-site: share cards are not sent to this server: the server does not list share-card among its features (page API v1 without optional features)';
    const progress: Progress = { done: 1, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 2, notes: [note] };
    emit('publish-progress', progress);
    emit('publish-progress', { ...progress, done: 2, remaining: 1 });
    emit('publish-settled', { ...progress, done: 3, remaining: 0 });
    await settle();
    const shown = [...t.target.querySelectorAll('[data-testid="progress-note"]')].map((n) => n.textContent);
    expect(shown).toEqual([note]);
    expect(byTestId('progress-line')?.textContent).toContain('All 3 finished');
  });

  it('warns before publishing with a placeholder base URL, beside the publish controls', async () => {
    const warning = 'The base URL is still the sample\'s placeholder (https://verdicts.example.com): …';
    await start({}, 'publisher', warning);
    const shown = byTestId('publish-warning');
    expect(shown?.textContent).toBe(warning);
    expect(shown?.closest('section')?.contains(byTestId('publish-all'))).toBe(true);
  });

  it('shows no bar for a run with nothing in it', async () => {
    await start();
    emit('publish-progress', { done: 0, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 0 });
    await settle();
    expect(byTestId('publish-progress')).toBeNull();
    expect(t.target.textContent).not.toContain('Nothing to send');
  });

  it('keeps the last run’s counts when the worker looked and found nothing to do', async () => {
    const backend = await start({ view: { ...sampleView(), jobs: [] } });
    const progress: Progress = { done: 2, unchanged: 1, retries: 0, failed: 0, conflicts: 0, remaining: 0, notes: [] };
    emit('publish-settled', progress);
    await settle();
    expect(t.onchanged).toHaveBeenCalledTimes(1);
    const reads = backend.calls('publishing_view').length;

    emit('publish-settled', { done: 0, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 0 });
    await settle();
    expect(byTestId('progress-line')?.textContent).toBe('All 3 finished: 2 sent, 1 unchanged');
    expect(t.onchanged).toHaveBeenCalledTimes(1);
    expect(backend.calls('publishing_view')).toHaveLength(reads);
  });

  it('keeps a run’s progress that arrives before the publish request answers', async () => {
    let answer: (plan: PublishPlan) => void = () => {};
    await start({
      handlers: { publish_pages: () => new Promise<PublishPlan>((resolve) => (answer = resolve)) },
    });
    button('publish-all').click();
    await settle();
    // The worker runs the queue as soon as it is written: its events come first.
    emit('publish-settled', { done: 1, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 0 });
    answer({ ...EMPTY_PLAN, queued: pairs(1) });
    await settle();
    expect(byTestId('progress-line')?.textContent).toContain('All 1 finished: 1 sent');
  });

  it('reads the view again on progress, but not on every event', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const backend = await start();
    expect(backend.calls('publishing_view')).toHaveLength(1);
    const progress: Progress = { done: 1, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 5, notes: [] };
    for (let i = 0; i < 5; i++) emit('publish-progress', { ...progress, done: i + 1, remaining: 5 - i });
    await settle();
    expect(backend.calls('publishing_view')).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    await settle();
    expect(backend.calls('publishing_view')).toHaveLength(2);
    emit('publish-progress', progress);
    vi.advanceTimersByTime(999);
    await settle();
    expect(backend.calls('publishing_view')).toHaveLength(2);
    vi.advanceTimersByTime(1);
    await settle();
    expect(backend.calls('publishing_view')).toHaveLength(3);
  });

  it('stops listening when the screen goes away', async () => {
    await start();
    expect(events.handlers.has('publish-progress')).toBe(true);
    t.unmountScreen();
    expect(events.unlisten).toHaveBeenCalledWith('publish-progress');
    expect(events.unlisten).toHaveBeenCalledWith('publish-settled');
  });

  it('shows error messages as text, never as HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const view = sampleView();
    view.jobs[1]!.last_error = `HTTP 400: ${evil}`;
    await start({
      view,
      handlers: {
        test_target: () => {
          throw { code: 'target', message: `the target answered ${evil}` };
        },
        publish_pages: () => {
          throw { code: 'target', message: evil };
        },
      },
    });
    expect(byTestId('job-error-4')?.textContent).toBe(`HTTP 400: ${evil}`);
    button('test-target-main-site').click();
    await settle();
    expect(byTestId('test-result-main-site')?.textContent).toContain(evil);
    button('publish-all').click();
    await settle();
    expect(byTestId('publishing-publish')?.querySelector('[data-testid="error-banner"]')?.textContent).toContain(evil);
    expect(t.target.querySelector('img')).toBeNull();
  });
});

describe('Publishing: roles', () => {
  it('keeps every change out of a reviewer’s reach, saying which role it needs', async () => {
    const backend = await start({}, 'dx');
    expect(byTestId('publishing-readonly')?.textContent).toContain('Only a publisher');
    for (const id of ['publish-all', 'publish-page-alpha-vs-beta', 'unpublish-alpha-vs-beta', 'retry-4', 'add-target', 'remove-target-blog', 'pull-votes-main-site']) {
      const b = button(id);
      expect(b.disabled, id).toBe(true);
      expect(b.title, id).toMatch(/^Publishers .* — switch profile in the sidebar$/);
    }
    expect(button('publish-all').title).toBe('Publishers publish pages — switch profile in the sidebar');
    // Reading is open to everyone: the connection test and the conflict itself.
    expect(button('test-target-main-site').disabled).toBe(false);
    button('review-7').click();
    await settle();
    expect(byTestId('conflict-change')).not.toBeNull();
    expect(button('conflict-overwrite').disabled).toBe(true);
    expect(button('conflict-keep').disabled).toBe(true);
    expect(byTestId('conflict-role-hint')?.textContent).toContain('Publishers resolve publishing conflicts');
    for (const cmd of ['publish_pages', 'retry_job', 'resolve_conflict']) expect(backend.calls(cmd)).toEqual([]);
  });

  it('shows a reviewer the new target form disabled', async () => {
    await start({ view: { targets: [], jobs: [], pages: [] } }, 'dx');
    expect(byLabel('Name').matches(':disabled')).toBe(true);
    expect(button('save-target').disabled).toBe(true);
    expect(byTestId('target-form-readonly')?.textContent).toContain('Publishers add publishing targets');
  });
});

describe('Publishing in the app', () => {
  it('is the fifth screen: Ctrl+5 opens it', async () => {
    installBackend(invokeMock);
    const desk = invokeMock.getMockImplementation()!;
    const view = sampleView();
    invokeMock.mockImplementation(async (cmd: string, args?: Record<string, unknown>) =>
      cmd === 'publishing_view' ? structuredClone(view) : desk(cmd, args),
    );
    t.mountApp();
    flushSync();
    await settle();
    const nav = byTestId('nav-publishing')!;
    expect(nav.textContent?.trim()).toBe('Publishing');
    expect(nav.getAttribute('aria-keyshortcuts')).toBe('Control+5 Meta+5');
    expect(nav.getAttribute('title')).toBe('Publishing (Ctrl+5)');

    key('5', { ctrlKey: true });
    await settle();
    expect(nav.getAttribute('aria-current')).toBe('page');
    expect(byTestId('publishing-screen')).not.toBeNull();
    expect(byTestId('target-main-site')).not.toBeNull();

    // Ctrl+N on this screen adds a t.target.
    key('n', { ctrlKey: true });
    await settle();
    expect(byTestId('target-form')).not.toBeNull();
  });
});

describe('Publishing: a desk of 800 pages', () => {
  it('renders only the page rows in view, in title order, placed in the whole table', async () => {
    installPublishing({ view: { ...sampleView(), pages: [] } });
    session.setProfiles(sampleProfiles());
    session.choose('publisher');
    const many = Array.from({ length: 800 }, (_, i) => {
      const n = String(799 - i).padStart(3, '0');
      return summary(`page-${n}`, `Page ${n}`, 'approved');
    });
    t.mountScreen({ comparisons: many, publishWarning: null });
    flushSync();
    await settle();

    const table = byTestId('pages-table')!;
    const rows = [...table.querySelectorAll<HTMLElement>('tbody tr[data-testid^="page-row-"]')];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.length).toBeLessThanOrEqual(24);
    expect(rows.slice(0, 2).map((r) => r.dataset['testid'])).toEqual(['page-row-page-000', 'page-row-page-001']);
    expect(table.getAttribute('aria-rowcount')).toBe('801');
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('2');
    expect(button('publish-page-page-000').getAttribute('aria-label')).toBe('Publish Page 000');
  });
});

describe('Publishing: receipts', () => {
  const differs = sampleReceipt({
    slug: 'gamma-vs-delta',
    state: 'differs',
    differences: [
      { place: 'stored', what: 'title', said: 'the title was changed on the page server to “Gamma, edited”' },
      { place: 'stored', what: 'edited', said: 'the page was changed on the page server since the desk published it' },
    ],
  });

  it('says on each page what its target was last found to serve, and checks again on demand', async () => {
    const backend = await start({ handlers: { receipts: () => [sampleReceipt(), differs] } });
    expect(byTestId('receipt-main-site-alpha-vs-beta')?.textContent).toBe('Live and verified on main-site, 2 min ago');
    expect(byTestId('receipt-main-site-gamma-vs-delta')?.textContent).toBe(
      'Differs on main-site: the title was changed on the page server to “Gamma, edited” (and 1 more)',
    );
    // The target's own copy, kept after a conflict, is not the desk's to verify.
    expect(byTestId('receipt-blog-alpha-vs-beta')).toBeNull();
    button('verify-now').click();
    await settle();
    expect(backend.calls('verify_pages')).toEqual([{ target: null }]);
    expect(backend.calls('receipts')).toHaveLength(2);
  });

  it('reads the receipts again when the core has checked pages, and names a page never checked', async () => {
    let list: Receipt[] = [];
    const backend = await start({ handlers: { receipts: () => list } });
    expect(byTestId('receipt-main-site-gamma-vs-delta')?.textContent).toBe('Not verified on main-site yet');
    list = [sampleReceipt({ slug: 'gamma-vs-delta', state: 'missing', differences: [{ place: 'stored', what: 'gone', said: 'the page is gone from the page server' }] })];
    emit('receipts-changed', { receipts: list, not_checked: [] });
    await settle();
    expect(backend.calls('receipts')).toHaveLength(2);
    expect(byTestId('receipt-main-site-gamma-vs-delta')?.textContent).toBe('Missing on main-site: the page is gone from the page server');
  });
});
