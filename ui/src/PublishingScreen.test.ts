import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { choose, enterTauri, key, leaveTauri, newTarget, queries, settle, type } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import { sampleComparison, sampleOverview, sampleProfiles } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import type { Comparison, ComparisonStatus, ComparisonSummary } from './lib/types';
import type { ConflictView, Progress, PublishPlan, PublishingView, Receipt, VerifyReport, VotesReport } from './lib/bindings';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));
const events = vi.hoisted(() => ({
  handlers: new Map<string, (event: { payload: unknown }) => void>(),
  unlisten: vi.fn(),
}));
vi.mock('@tauri-apps/api/event', () => ({
  listen: vi.fn(async (name: string, handler: (event: { payload: unknown }) => void) => {
    events.handlers.set(name, handler);
    return () => {
      events.unlisten(name);
      events.handlers.delete(name);
    };
  }),
}));

import PublishingScreen from './lib/components/PublishingScreen.svelte';
import App from './App.svelte';
import { session } from './lib/session.svelte';
import { invalid } from './test/errors';

type Exports = { startNew(): void };

// ---- fixtures ---------------------------------------------------------------------------------

function summary(slug: string, title: string, status: ComparisonStatus): ComparisonSummary {
  return { ...sampleOverview().comparisons[0]!, slug, title, status };
}

function comparisons(): ComparisonSummary[] {
  return [
    summary('alpha-vs-beta', 'Alpha vs Beta', 'published'),
    summary('gamma-vs-delta', 'Gamma vs Delta', 'published'),
    summary('epsilon-vs-phi', 'Epsilon vs Phi', 'scheduled'),
    summary('draft-page', 'A draft page', 'draft'),
  ];
}

const SCHEDULED_AT = '2031-01-02T09:00:00Z';

function sampleView(): PublishingView {
  return {
    targets: [
      { name: 'main-site', kind: 'http', url: 'https://verdicts.example.com/api/v1', user: null, pages: 2 },
      { name: 'blog', kind: 'wordpress', url: 'https://blog.example.com', user: 'ed', pages: 1 },
    ],
    jobs: [
      {
        id: 9,
        target: 'main-site',
        slug: 'gamma-vs-delta',
        op: 'put',
        state: 'queued',
        attempts: 0,
        not_before: '2025-04-13T07:00:00Z',
        last_error: null,
      },
      {
        id: 4,
        target: 'main-site',
        slug: 'alpha-vs-beta',
        op: 'put',
        state: 'failed',
        attempts: 5,
        not_before: '2025-04-13T07:00:00Z',
        last_error: 'HTTP 500 from https://verdicts.example.com/api/v1/pages/alpha-vs-beta',
      },
      {
        id: 7,
        target: 'blog',
        slug: 'alpha-vs-beta',
        op: 'put',
        state: 'conflict',
        attempts: 1,
        not_before: '2025-04-13T07:00:00Z',
        last_error: 'the page changed on the target',
      },
    ],
    pages: [
      {
        target: 'main-site',
        slug: 'alpha-vs-beta',
        remote_id: null,
        url: 'https://verdicts.example.com/alpha-vs-beta/',
        published_at: '2025-04-10T08:00:00Z',
        kept_remote: false,
      },
      { target: 'blog', slug: 'alpha-vs-beta', remote_id: '41', url: 'https://blog.example.com/alpha-vs-beta', published_at: '2025-04-10T08:00:00Z', kept_remote: true },
      { target: 'main-site', slug: 'gamma-vs-delta', remote_id: null, url: null, published_at: '2025-04-11T08:00:00Z', kept_remote: false },
    ],
  };
}

function sampleConflict(): ConflictView {
  return {
    job: sampleView().jobs[2]!,
    remote_url: 'https://blog.example.com/alpha-vs-beta',
    removed_on_target: false,
    changes: [
      {
        field: 'title',
        before: 'Alpha vs Beta (edited on WordPress)',
        after: 'Alpha vs Beta',
        parts: [
          { kind: 'same', text: 'Alpha vs Beta' },
          { kind: 'removed', text: ' (edited on WordPress)' },
        ],
      },
      {
        field: 'dek',
        before: 'Old dek',
        after: 'New dek',
        parts: [
          { kind: 'removed', text: 'Old' },
          { kind: 'added', text: 'New' },
          { kind: 'same', text: ' dek' },
        ],
      },
    ],
  };
}

function sampleReceipt(over: Partial<Receipt> = {}): Receipt {
  return {
    target: 'main-site',
    slug: 'alpha-vs-beta',
    state: 'verified',
    checked_at: new Date(Date.now() - 150_000).toISOString(),
    content_hash: 'sha256:1',
    differences: [],
    public_url: 'https://verdicts.example.com/alpha-vs-beta/',
    published_there: null,
    ...over,
  };
}

const EMPTY_PLAN: PublishPlan = { published: [], queued: [], unchanged: [], kept_remote: [] };
const pairs = (n: number, target = 'main-site'): [string, string][] => Array.from({ length: n }, (_, i) => [target, `page-${i}`]);

// ---- a scripted core ----------------------------------------------------------------------------

type Handler = (args: Record<string, unknown>) => unknown;

interface Options {
  view?: PublishingView | (() => PublishingView);
  handlers?: Record<string, Handler>;
}

function installPublishing(options: Options = {}) {
  const base = options.view ?? sampleView();
  const currentView = () => structuredClone(typeof base === 'function' ? base() : base);
  const defaults: Record<string, Handler> = {
    publishing_view: () => currentView(),
    add_target: () => null,
    remove_target: () => null,
    test_target: () => 'Verdict page API v1 at https://verdicts.example.com/api/v1, 3 pages',
    publish_pages: () => ({ ...EMPTY_PLAN, queued: pairs(3), unchanged: pairs(12) }),
    unpublish_pages: () => ({ ...EMPTY_PLAN, queued: [['main-site', 'alpha-vs-beta']] }),
    retry_job: () => null,
    get_conflict: () => sampleConflict(),
    resolve_conflict: () => null,
    pull_votes: (): VotesReport => ({ target: 'main-site', saved: 4, skipped: 1 }),
    receipts: (): Receipt[] => [sampleReceipt()],
    verify_pages: (): VerifyReport => ({ receipts: [sampleReceipt()], not_checked: [] }),
    open_link: () => null,
    choose_folder: () => '/srv/www/verdicts',
    get_comparison: (args): Comparison => ({
      ...sampleComparison(),
      slug: String(args['slug']),
      status: 'scheduled',
      scheduled_for: SCHEDULED_AT,
    }),
  };
  const handlers = { ...defaults, ...options.handlers };
  invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    const handler = handlers[cmd];
    if (!handler) throw { code: 'unknown_command', message: `unknown command ${cmd}` };
    return handler(args);
  });
  return {
    calls: (command: string) =>
      invokeMock.mock.calls.filter(([c]) => c === command).map(([, args]) => (args ?? {}) as Record<string, unknown>),
  };
}

// ---- helpers ------------------------------------------------------------------------------------

let screen: Exports | null = null;
let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const { byTestId, byLabel } = queries(() => target);
let onchanged: ReturnType<typeof vi.fn<() => void>>;

const button = (id: string) => byTestId<HTMLButtonElement>(id)!;






function emit(name: string, payload: unknown) {
  const handler = events.handlers.get(name);
  if (!handler) throw new Error(`nobody listens to ${name}`);
  handler({ payload });
  flushSync();
}

async function start(options: Options = {}, profile = 'publisher', publishWarning: string | null = null) {
  const backend = installPublishing(options);
  session.setProfiles(sampleProfiles());
  session.choose(profile);
  screen = mount(PublishingScreen, { target, props: { comparisons: comparisons(), publishWarning, onchanged } }) as unknown as Exports;
  flushSync();
  await settle();
  return backend;
}

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  localStorage.clear();
  session.setProfiles([]);
  events.handlers.clear();
  events.unlisten.mockReset();
  onchanged = vi.fn<() => void>();
  target = newTarget();
});

afterEach(() => {
  if (screen) unmount(screen as unknown as Record<string, unknown>);
  screen = null;
  if (app) unmount(app);
  app = null;
  target.remove();
  leaveTauri();
  vi.useRealTimers();
});

// ---- tests --------------------------------------------------------------------------------------

describe('Publishing: what is shown', () => {
  it('lists the targets, the queue and the pages of the view', async () => {
    await start();
    const main = byTestId('target-main-site')!;
    expect(main.textContent).toContain('Page API');
    expect(byTestId('target-url-main-site')?.textContent).toBe('https://verdicts.example.com/api/v1');
    expect(byTestId('target-pages-main-site')?.textContent).toBe('2 pages held');
    expect(byTestId('target-blog')?.textContent).toContain('WordPress');
    expect(byTestId('target-blog')?.textContent).toContain('ed');
    // Only page API targets collect votes.
    expect(byTestId('pull-votes-main-site')).not.toBeNull();
    expect(byTestId('pull-votes-blog')).toBeNull();

    // Conflicts and failures first: they wait for a person.
    const jobs = [...target.querySelectorAll<HTMLElement>('[data-testid^="job-"][data-state]')];
    expect(jobs.map((j) => j.dataset['state'])).toEqual(['conflict', 'failed', 'queued']);
    expect(byTestId('job-state-4')?.textContent).toBe('Failed');
    expect(byTestId('job-4')?.textContent).toContain('Alpha vs Beta');
    expect(byTestId('job-error-4')?.textContent).toContain('HTTP 500');
    expect(byTestId('retry-4')).not.toBeNull();
    expect(byTestId('review-7')?.textContent).toBe('Review conflict');
    expect(byTestId('retry-9')).toBeNull();
    expect(byTestId('queue-summary')?.textContent).toBe('1 waiting · 1 failed · 1 conflict');

    // Pages: approved, scheduled and published ones; drafts are not publishable.
    expect(byTestId('page-row-alpha-vs-beta')).not.toBeNull();
    expect(byTestId('page-row-epsilon-vs-phi')?.textContent).toContain('Not on any target');
    expect(byTestId('page-row-draft-page')).toBeNull();
    expect(byTestId('page-link-main-site-alpha-vs-beta')?.textContent).toBe('https://verdicts.example.com/alpha-vs-beta/');
    expect(byTestId('kept-blog-alpha-vs-beta')?.textContent).toBe('Kept theirs');
    expect(byTestId('kept-main-site-alpha-vs-beta')).toBeNull();
    expect(byTestId('held-main-site-gamma-vs-delta')).not.toBeNull();
  });

  it('shows the scheduled pages with their time', async () => {
    const backend = await start();
    expect(backend.calls('get_comparison')).toEqual([{ slug: 'epsilon-vs-phi' }]);
    const item = byTestId('scheduled-epsilon-vs-phi')!;
    expect(item.textContent).toContain('Epsilon vs Phi');
    expect(item.querySelector('time')?.getAttribute('datetime')).toBe(SCHEDULED_AT);
  });

  it('tells how to look at a folder site: serve it, since its links lead to folders', async () => {
    const view = sampleView();
    view.targets.push({ name: 'static', kind: 'folder', url: '/srv/www/verdicts', user: null, pages: 0 });
    await start({ view });
    expect(byTestId('target-serve-static')?.textContent).toContain('python3 -m http.server --directory /srv/www/verdicts 8000');
    expect(byTestId('target-serve-main-site')).toBeNull();
  });

  it('explains targets and shows the form when there are none; an empty queue says so', async () => {
    await start({ view: { targets: [], jobs: [], pages: [] } });
    expect(byTestId('targets-empty')?.textContent).toContain('A target is a place the desk publishes pages to');
    expect(byTestId('target-form')).not.toBeNull();
    // The form is the screen's only way forward: no Cancel.
    expect(byTestId('cancel-target')).toBeNull();
    expect(byTestId('queue-empty')?.textContent).toBe('Nothing waiting.');
    expect(button('publish-all').disabled).toBe(true);
  });

  it('opens a link in the system browser, never in the app', async () => {
    const backend = await start();
    const link = byTestId<HTMLAnchorElement>('page-link-main-site-alpha-vs-beta')!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    await settle();
    expect(click.defaultPrevented).toBe(true);
    expect(backend.calls('open_link')).toEqual([{ url: 'https://verdicts.example.com/alpha-vs-beta/' }]);
  });
});

describe('Publishing: targets', () => {
  it('adds a WordPress target with its user and secret', async () => {
    const backend = await start();
    button('add-target').click();
    await settle();
    expect(document.activeElement).toBe(byLabel('Name'));
    type(byLabel('Name'), 'news');
    choose(byLabel<HTMLSelectElement>('Kind'), 'wordpress');
    type(byLabel('Site URL'), 'https://news.example.com');
    type(byLabel('WordPress user'), 'publisher');
    const secret = byLabel('Application password');
    expect(secret.type).toBe('password');
    expect(target.textContent).toContain('Kept in the system keyring, never in the desk’s files.');
    type(secret, 'abcd efgh ijkl');
    button('save-target').click();
    await settle();

    expect(backend.calls('add_target')).toEqual([
      {
        profile: 'publisher',
        target: { name: 'news', kind: 'wordpress', url: 'https://news.example.com', user: 'publisher' },
        secret: 'abcd efgh ijkl',
      },
    ]);
    expect(byTestId('target-form')).toBeNull();
    expect(byTestId('targets-notice')?.textContent).toContain('news');
    expect(backend.calls('publishing_view')).toHaveLength(2);
  });

  it('adds a Ghost target with its Admin API key and no user', async () => {
    const backend = await start();
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'ghost-news');
    choose(byLabel<HTMLSelectElement>('Kind'), 'ghost');
    type(byLabel('Site URL'), 'https://ghost.example.com');
    expect(() => byLabel('WordPress user')).toThrow();
    const key = byLabel('Admin API key');
    expect(key.type).toBe('password');
    expect(target.textContent).toContain('Settings → Integrations');
    type(key, '6489abc:00112233445566778899aabbccddeeff');
    button('save-target').click();
    await settle();

    expect(backend.calls('add_target')).toEqual([
      {
        profile: 'publisher',
        target: { name: 'ghost-news', kind: 'ghost', url: 'https://ghost.example.com', user: null },
        secret: '6489abc:00112233445566778899aabbccddeeff',
      },
    ]);
    expect(byTestId('target-form')).toBeNull();
  });

  it('adds a folder target chosen with Browse, and says what its test checks', async () => {
    const backend = await start();
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'static');
    expect(byTestId('target-browse')).toBeNull();
    choose(byLabel<HTMLSelectElement>('Kind'), 'folder');
    button('target-browse').click();
    await settle();
    expect(byLabel<HTMLInputElement>('Folder path').value).toBe('/srv/www/verdicts');
    button('save-target').click();
    await settle();
    expect(backend.calls('add_target')).toEqual([
      { profile: 'publisher', target: { name: 'static', kind: 'folder', url: '/srv/www/verdicts', user: null }, secret: null },
    ]);
    expect(byTestId('targets-notice')?.textContent).toBe(
      'Added the folder target “static”. Test it to check that the folder can be written.',
    );
  });

  it('shows the core’s problem under the field it names', async () => {
    const backend = await start({
      handlers: {
        add_target: () => {
          throw invalid({ field: 'url', message: '"verdicts" is not an absolute http(s) URL' });
        },
      },
    });
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'main-2');
    type(byLabel('API URL'), 'verdicts');
    button('save-target').click();
    await settle();

    expect(backend.calls('add_target')).toEqual([
      { profile: 'publisher', target: { name: 'main-2', kind: 'http', url: 'verdicts', user: null }, secret: null },
    ]);
    expect(byTestId('target-error-url')?.textContent).toBe('"verdicts" is not an absolute http(s) URL');
    expect(byTestId('target-error-name')).toBeNull();
    const url = byLabel('API URL');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(url.getAttribute('aria-describedby')).toContain('pt-url-error');
    expect(document.activeElement).toBe(url);
    expect(byTestId('target-form')).not.toBeNull();
  });

  it('has no secret and no user for a folder, whose address is a path', async () => {
    const backend = await start({ view: { targets: [], jobs: [], pages: [] } });
    expect(byLabel('API URL')).not.toBeNull();
    expect(byTestId('target-field-secret')).not.toBeNull();
    type(byLabel('API token'), 'typed before switching');
    choose(byLabel<HTMLSelectElement>('Kind'), 'folder');
    expect(byTestId('target-field-secret')).toBeNull();
    expect(target.querySelector('input[type="password"]')).toBeNull();
    expect(byTestId('target-field-user')).toBeNull();
    type(byLabel('Name'), 'local');
    type(byLabel('Folder path'), '/srv/www/verdicts');
    button('save-target').click();
    await settle();
    expect(backend.calls('add_target')).toEqual([
      { profile: 'publisher', target: { name: 'local', kind: 'folder', url: '/srv/www/verdicts', user: null }, secret: null },
    ]);
  });

  it('says what to do when no keyring runs', async () => {
    await start({
      handlers: {
        add_target: () => {
          throw {
            code: 'keyring',
            message: 'the keyring failed to store the secret of target "main-2": no keyring runs; give the secret at run time in VERDICT_SECRET_MAIN_2',
          };
        },
      },
    });
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'main-2');
    type(byLabel('API URL'), 'https://x.example.com');
    type(byLabel('API token'), 'tok');
    button('save-target').click();
    await settle();
    const error = byTestId('target-error-keyring')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('VERDICT_SECRET_MAIN_2');
    expect(byTestId('target-form')).not.toBeNull();
  });

  it('does not offer a name that is taken', async () => {
    const backend = await start();
    screen?.startNew();
    await settle();
    type(byLabel('Name'), 'blog');
    type(byLabel('API URL'), 'https://x.example.com');
    button('save-target').click();
    await settle();
    expect(backend.calls('add_target')).toEqual([]);
    expect(byTestId('target-error-name')?.textContent).toContain('exists already');
  });

  it('tests the connection and shows the answer or the error', async () => {
    let fail = false;
    await start({
      handlers: {
        test_target: () => {
          if (fail) throw { code: 'no_secret', message: 'no secret for target "main-site" in the keyring' };
          return 'Verdict page API v1 at https://verdicts.example.com/api/v1, 3 pages';
        },
      },
    });
    button('test-target-main-site').click();
    await settle();
    expect(byTestId('test-result-main-site')?.textContent).toContain('Verdict page API v1 at https://verdicts.example.com/api/v1, 3 pages');
    expect(byTestId('test-result-main-site')?.getAttribute('role')).toBe('status');

    fail = true;
    button('test-target-main-site').click();
    await settle();
    expect(byTestId('test-result-main-site')?.textContent).toContain('no secret for target "main-site"');
    expect(byTestId('test-result-main-site')?.getAttribute('role')).toBe('alert');
  });

  it('pulls votes from a page API target and reports them', async () => {
    const backend = await start();
    button('pull-votes-main-site').click();
    await settle();
    expect(backend.calls('pull_votes')).toEqual([{ target: 'main-site' }]);
    expect(byTestId('votes-result-main-site')?.textContent).toContain('Saved 4 vote counts');
    expect(byTestId('votes-result-main-site')?.textContent).toContain('1 count');
    expect(onchanged).toHaveBeenCalled();
  });

  it('removes a target only once it is confirmed', async () => {
    const backend = await start();
    const remove = button('remove-target-blog');
    remove.click();
    await settle();
    expect(byTestId('remove-confirm')?.textContent).toContain('Remove “blog”?');
    expect(document.activeElement).toBe(button('remove-cancel'));
    key('Escape');
    await settle();
    expect(byTestId('remove-confirm')).toBeNull();
    expect(document.activeElement).toBe(remove);
    expect(backend.calls('remove_target')).toEqual([]);

    remove.click();
    await settle();
    button('remove-confirm-yes').click();
    await settle();
    expect(backend.calls('remove_target')).toEqual([{ profile: 'publisher', name: 'blog' }]);
    expect(byTestId('targets-notice')?.textContent).toContain('Removed the target “blog”');
  });
});

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
    expect(onchanged).toHaveBeenCalled();
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
    expect(onchanged).toHaveBeenCalled();
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
    expect(onchanged).toHaveBeenCalled();
  });

  it('says each note of the run once, under the progress line', async () => {
    await start();
    const note = 'old-site: share cards are not sent to this server: the server does not list share-card among its features (page API v1 without optional features)';
    const progress: Progress = { done: 1, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 2, notes: [note] };
    emit('publish-progress', progress);
    emit('publish-progress', { ...progress, done: 2, remaining: 1 });
    emit('publish-settled', { ...progress, done: 3, remaining: 0 });
    await settle();
    const shown = [...target.querySelectorAll('[data-testid="progress-note"]')].map((n) => n.textContent);
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
    expect(target.textContent).not.toContain('Nothing to send');
  });

  it('keeps the last run’s counts when the worker looked and found nothing to do', async () => {
    const backend = await start({ view: { ...sampleView(), jobs: [] } });
    const progress: Progress = { done: 2, unchanged: 1, retries: 0, failed: 0, conflicts: 0, remaining: 0, notes: [] };
    emit('publish-settled', progress);
    await settle();
    expect(onchanged).toHaveBeenCalledTimes(1);
    const reads = backend.calls('publishing_view').length;

    emit('publish-settled', { done: 0, unchanged: 0, retries: 0, failed: 0, conflicts: 0, remaining: 0 });
    await settle();
    expect(byTestId('progress-line')?.textContent).toBe('All 3 finished: 2 sent, 1 unchanged');
    expect(onchanged).toHaveBeenCalledTimes(1);
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
    unmount(screen as unknown as Record<string, unknown>);
    screen = null;
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
    expect(target.querySelector('img')).toBeNull();
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
    app = mount(App, { target });
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

    // Ctrl+N on this screen adds a target.
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
    screen = mount(PublishingScreen, { target, props: { comparisons: many, publishWarning: null, onchanged } }) as unknown as Exports;
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
