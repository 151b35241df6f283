import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, key, leaveTauri, newTarget, nextFrame, settle, shownBody, type } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import type { Comparison, DraftPreview, Overview, SearchHit } from './lib/types';
import { sampleComparison, sampleOverview } from './test/fixtures';
import { draftHtml, installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import { session } from './lib/session.svelte';

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

import App from './App.svelte';
import { invalid } from './test/errors';


const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

type DraftRender = (draft: Comparison) => DraftPreview | Promise<DraftPreview>;

function backend(
  overview: Overview | (() => Promise<Overview>),
  hits: SearchHit[] = [],
  draft?: DraftRender,
  comparisons: Comparison[] = [sampleComparison()],
) {
  return installBackend(invokeMock, { overview, hits, comparisons, ...(draft ? { draft } : {}) });
}

const previewCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'preview_draft');
const previewSlugs = () => previewCalls().map(([, args]) => (args as { draft: Comparison }).draft.slug);

const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/** Let pending invoke round trips (and the effects they trigger) run to completion. */

async function start() {
  app = mount(App, { target });
  flushSync();
  await settle();
}



beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  localStorage.clear();
  session.setProfiles([]);
  events.handlers.clear();
  target = newTarget();
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  leaveTauri();
  vi.useRealTimers();
});

describe('App', () => {
  it('shows a loading state, then the comparisons, counts and data folder', async () => {
    let resolve: (o: Overview) => void = () => {};
    backend(() => new Promise<Overview>((r) => (resolve = r)));
    app = mount(App, { target });
    flushSync();
    expect(byTestId('loading')?.textContent).toContain('Loading');

    resolve(sampleOverview());
    await settle();
    expect(byTestId('loading')).toBeNull();
    expect(byTestId('site-name')?.textContent).toBe('AI Tool Verdicts');
    expect(byTestId('nav-comparisons-count')?.textContent).toBe('1');
    expect(byTestId('nav-tools-count')?.textContent).toBe('2');
    expect(byTestId('nav-reviewers-count')?.textContent).toBe('2');
    expect(byTestId('data-dir')?.textContent).toBe('/home/editor/.local/share/verdict-desk');

    const row = byTestId(`comparison-row-${SLUG}`);
    expect(row?.tagName).toBe('BUTTON');
    expect(row?.textContent).toContain('Claude Haiku Open Weights vs Llama 4 Scout Quantized');
    expect(row?.textContent).toContain('In review');
    expect(byTestId(`row-panel-ship-${SLUG}-claude-haiku-open-weights`)?.textContent).toBe('50%');
  });

  it('opens the detail view and goes back with Escape', async () => {
    backend(sampleOverview());
    await start();

    byTestId(`comparison-row-${SLUG}`)?.click();
    flushSync();
    expect(byTestId('comparison-detail')).not.toBeNull();
    expect(document.activeElement?.id).toBe('detail-title');
    await settle();
    expect((byTestId('field-title') as HTMLInputElement).value).toBe('Claude Haiku Open Weights vs Llama 4 Scout Quantized');
    expect(byTestId('comparison-slug')?.textContent).toBe(SLUG);
    expect(byTestId('status-badge')?.textContent).toBe('In review');
    expect(byTestId('save-state')?.textContent).toBe('Saved');

    key('Escape');
    expect(byTestId('comparison-detail')).toBeNull();
    expect(document.activeElement).toBe(byTestId(`comparison-row-${SLUG}`));
  });

  it('shows the empty state when there are no comparisons', async () => {
    backend({ ...sampleOverview(), comparisons: [] });
    await start();
    expect(byTestId('comparisons-empty')?.textContent).toContain(
      'No comparisons yet. Import a bundle with verdict import FILE.',
    );
  });

  it('switches to the tools and reviewers screens', async () => {
    backend(sampleOverview());
    await start();

    byTestId('nav-tools')?.click();
    flushSync();
    expect(byTestId('nav-tools')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('tool-row-claude-haiku-open-weights')?.textContent).toContain('1 Apr 2025');
    expect(byTestId('tool-row-llama-4-scout-quantized')?.textContent).toContain('Meta');

    byTestId('nav-reviewers')?.click();
    flushSync();
    expect(byTestId('reviewer-dx')?.textContent).toContain('Developer experience');
    expect(byTestId('reviewer-verdicts-skeptic')?.textContent).toBe('1 verdict');
  });

  it('shows the error message from the core in an alert banner', async () => {
    invokeMock.mockRejectedValue({ code: 'db', message: 'The database is locked by another process.' });
    await start();
    const banner = byTestId('error-banner');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent).toContain('The database is locked by another process.');

    backend(sampleOverview());
    const retry = [...(banner?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Retry');
    retry?.click();
    await settle();
    expect(byTestId('error-banner')).toBeNull();
    expect(byTestId(`comparison-row-${SLUG}`)).not.toBeNull();
  });

  it('focuses search with Ctrl+K, debounces, groups hits, renders snippets as text, clears on Escape', async () => {
    const hits: SearchHit[] = [
      { entity: 'tool', key: 'claude-haiku-open-weights', title: 'Claude Haiku Open Weights', snippet: 'open <b>weights</b>' },
      { entity: 'comparison', key: SLUG, title: 'Claude Haiku vs Llama', snippet: 'panel verdict' },
      { entity: 'verdict', key: 'dx/claude-haiku-open-weights', title: 'Dana Xu on Haiku', snippet: 'The DX bet' },
    ];
    backend(sampleOverview(), hits);
    await start();
    vi.useFakeTimers();

    key('k', { ctrlKey: true });
    const input = byTestId('search-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(target.querySelector('label[for="desk-search"]')?.textContent).toBe('Search');

    type(input, 'hai');
    type(input, 'haiku');
    await vi.advanceTimersByTimeAsync(100);
    expect(invokeMock.mock.calls.filter(([c]) => c === 'search')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    const searchCalls = invokeMock.mock.calls.filter(([c]) => c === 'search');
    expect(searchCalls).toEqual([['search', { query: 'haiku' }]]);

    const groups = [...target.querySelectorAll('[data-testid^="search-group-"]')].map((g) => g.getAttribute('data-testid'));
    expect(groups).toEqual(['search-group-comparison', 'search-group-tool', 'search-group-verdict']);
    const toolHit = byTestId('search-hit-tool-claude-haiku-open-weights');
    expect(toolHit?.querySelector('[data-testid="search-snippet"]')?.textContent).toBe('open <b>weights</b>');
    expect(toolHit?.querySelector('b')).toBeNull();
    expect(byTestId(`search-hit-verdict-dx/claude-haiku-open-weights`)?.tagName).toBe('DIV');

    key('Escape');
    expect(input.value).toBe('');
    expect(byTestId('search-results')).toBeNull();
    expect(byTestId(`comparison-row-${SLUG}`)).not.toBeNull();
  });

  it('opens a comparison from a search hit', async () => {
    backend(sampleOverview(), [{ entity: 'comparison', key: SLUG, title: 'Haiku vs Scout', snippet: '' }]);
    await start();
    vi.useFakeTimers();
    type(byTestId('search-input') as HTMLInputElement, 'scout');
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    byTestId(`search-hit-comparison-${SLUG}`)?.click();
    flushSync();
    expect(byTestId('comparison-detail')).not.toBeNull();
    expect((byTestId('search-input') as HTMLInputElement).value).toBe('');
  });

  describe('page preview', () => {
    async function openDetail() {
      byTestId(`comparison-row-${SLUG}`)?.click();
      flushSync();
      await settle();
    }

    it('renders the loaded draft and shows it in a sandboxed frame', async () => {
      let resolve: (p: DraftPreview) => void = () => {};
      backend(sampleOverview(), [], () => new Promise<DraftPreview>((r) => (resolve = r)));
      await start();
      await openDetail();

      expect(previewCalls()).toEqual([['preview_draft', { draft: sampleComparison() }]]);
      expect(byTestId('page-preview-loading')?.getAttribute('role')).toBe('status');
      expect(byTestId('page-preview')).toBeNull();

      resolve({ html: draftHtml(sampleComparison()), checks: [] });
      await settle();
      expect(byTestId('page-preview-loading')).toBeNull();
      const frame = byTestId('page-preview') as HTMLIFrameElement;
      expect(frame.tagName).toBe('IFRAME');
      expect(frame.getAttribute('srcdoc')).toBe(draftHtml(sampleComparison()));
      expect(frame.hasAttribute('sandbox')).toBe(true);
      // Same origin lets the editor keep the scroll position; no allow-scripts, so nothing runs.
      expect(frame.getAttribute('sandbox')).toBe('allow-same-origin');
      expect(frame.getAttribute('title')).toBe('Page preview');
      expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
      expect(frame.hasAttribute('src')).toBe(false);
      // The page is only ever inside the frame, never in the desk's own DOM.
      expect(target.querySelector('script[type="application/ld+json"]')).toBeNull();
      // The editor works here: publishing is a publisher's, so the checks do not promise it.
      expect(byTestId('checks')?.textContent).toContain('No problems found: a publisher can publish it.');
    });

    it('switches between desktop and phone width', async () => {
      backend(sampleOverview());
      await start();
      await openDetail();

      const desktop = byTestId('preview-width-desktop') as HTMLButtonElement;
      const phone = byTestId('preview-width-phone') as HTMLButtonElement;
      const frame = byTestId('page-preview') as HTMLIFrameElement;
      expect(desktop.tagName).toBe('BUTTON');
      expect(phone.tagName).toBe('BUTTON');
      expect(desktop.closest('[role="group"]')?.getAttribute('aria-label')).toBe('Preview width');
      expect(desktop.getAttribute('aria-pressed')).toBe('true');
      expect(phone.getAttribute('aria-pressed')).toBe('false');
      expect(frame.style.width).toBe('1100px');
      expect(frame.classList.contains('phone')).toBe(false);

      phone.focus();
      expect(document.activeElement).toBe(phone);
      phone.click();
      flushSync();
      expect(phone.getAttribute('aria-pressed')).toBe('true');
      expect(desktop.getAttribute('aria-pressed')).toBe('false');
      expect(byTestId('page-preview')).toBe(frame);
      expect(frame.style.width).toBe('390px');
      expect(frame.classList.contains('phone')).toBe(true);
      expect(frame.getAttribute('srcdoc')).toBe(draftHtml(sampleComparison()));

      desktop.click();
      flushSync();
      expect(desktop.getAttribute('aria-pressed')).toBe('true');
      expect(phone.getAttribute('aria-pressed')).toBe('false');
      expect(frame.style.width).toBe('1100px');
      expect(frame.classList.contains('phone')).toBe(false);
    });

    it('keeps the same frame, leaves it alone when the page did not change and patches it when it did', async () => {
      // The rendered page ignores the intro here, so editing it renders the same html.
      backend(sampleOverview(), [], (d) => ({ html: `<h1>${d.title}</h1>`, checks: [] }));
      await start();
      await openDetail();
      const frame = byTestId('page-preview') as HTMLIFrameElement;
      await nextFrame();
      // Counts the pages put in the frame, by load or patch.
      const painted = frame.dataset['painted'];
      expect(painted).toBe('1');

      const records: MutationRecord[] = [];
      const observer = new MutationObserver((r) => records.push(...r));
      observer.observe(frame, { attributes: true, attributeFilter: ['srcdoc'] });

      type(byTestId('field-intro') as HTMLTextAreaElement, 'A new intro');
      await settle();
      expect(previewCalls()).toHaveLength(2);
      records.push(...observer.takeRecords());
      expect(records).toHaveLength(0);

      // A reload of the desk renders the draft again (what it shows around the draft may
      // have changed), but an unchanged page leaves the frame alone.
      byTestId('reload-button')?.click();
      await settle();
      expect(previewCalls()).toHaveLength(3);
      expect(byTestId('page-preview')).toBe(frame);
      expect((byTestId('field-intro') as HTMLTextAreaElement).value).toBe('A new intro');
      records.push(...observer.takeRecords());
      expect(records).toHaveLength(0);
      await nextFrame();
      expect(frame.dataset['painted']).toBe(painted);

      // A changed page is patched into the shown document: srcdoc stays as it was.
      const first = frame.getAttribute('srcdoc');
      type(byTestId('field-title') as HTMLInputElement, 'Haiku vs Scout');
      await settle();
      await nextFrame();
      records.push(...observer.takeRecords());
      observer.disconnect();
      expect(records).toHaveLength(0);
      expect(byTestId('page-preview')).toBe(frame);
      expect(frame.getAttribute('srcdoc')).toBe(first);
      expect(shownBody(frame)).toBe('<h1>Haiku vs Scout</h1>');
      expect(frame.dataset['painted']).toBe('2');
    });

    it('loads and renders the other comparison when another one opens', async () => {
      const overview = sampleOverview();
      const other = { ...overview.comparisons[0]!, slug: 'other-page', title: 'Other page' };
      overview.comparisons.push(other);
      backend(overview, [], undefined, [sampleComparison(), { ...sampleComparison(), slug: 'other-page', title: 'Other page' }]);
      await start();
      await openDetail();
      expect((byTestId('page-preview') as HTMLIFrameElement).getAttribute('srcdoc')).toBe(draftHtml(sampleComparison()));

      key('Escape');
      byTestId('comparison-row-other-page')?.click();
      flushSync();
      await settle();
      expect(invokeMock.mock.calls.filter(([c]) => c === 'get_comparison').map(([, a]) => a)).toEqual([
        { slug: SLUG },
        { slug: 'other-page' },
      ]);
      expect(previewSlugs()).toEqual([SLUG, 'other-page']);
      expect((byTestId('field-title') as HTMLInputElement).value).toBe('Other page');
      expect((byTestId('page-preview') as HTMLIFrameElement).getAttribute('srcdoc')).toContain('<h1>Other page</h1>');
    });

    it('shows a render failure in an error banner and retries', async () => {
      let fail = true;
      backend(sampleOverview(), [], (d) => {
        if (fail) throw { code: 'render', message: 'Template error in page.html', field: null };
        return { html: draftHtml(d), checks: [] };
      });
      await start();
      await openDetail();

      const banner = byTestId('error-banner');
      expect(banner?.getAttribute('role')).toBe('alert');
      expect(banner?.getAttribute('data-code')).toBe('render');
      expect(banner?.textContent).toContain('Template error in page.html');
      expect(byTestId('page-preview')).toBeNull();
      expect(byTestId('comparison-detail')).not.toBeNull();
      // The form is still there: a broken template never blocks editing.
      expect(byTestId('field-title')).not.toBeNull();

      fail = false;
      const retry = [...(banner?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Retry');
      retry?.click();
      await settle();
      expect(byTestId('error-banner')).toBeNull();
      expect((byTestId('page-preview') as HTMLIFrameElement).getAttribute('srcdoc')).toBe(draftHtml(sampleComparison()));
    });
  });
});

describe('App: profiles, shortcuts and closing', () => {
  const select = () => byTestId('profile-select') as HTMLSelectElement;
  const titleField = () => byTestId('field-title') as HTMLInputElement;

  function switchTo(slug: string) {
    const el = select();
    el.value = slug;
    el.dispatchEvent(new Event('change', { bubbles: true }));
    flushSync();
  }

  async function openEditorWithChange(options: FakeBackendOptions = {}) {
    const fake = installBackend(invokeMock, { ...options });
    await start();
    byTestId(`comparison-row-${SLUG}`)?.click();
    flushSync();
    await settle();
    type(titleField(), 'Haiku vs Scout');
    return fake;
  }

  it('loads the profiles and switches who is working from the sidebar', async () => {
    backend(sampleOverview());
    await start();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'list_profiles')).toHaveLength(1);
    expect(byTestId('current-profile')?.textContent).toBe('Editor');
    expect(target.querySelector('label[for="working-as"]')?.textContent).toBe('Working as');
    expect(select().value).toBe('editor');

    switchTo('dx');
    await settle();
    expect(session.current?.slug).toBe('dx');
    expect(localStorage.getItem('verdict-desk.profile')).toBe('dx');
    expect(byTestId('current-profile')?.textContent).toBe('Dana Xu');
    expect(byTestId('current-roles')?.textContent).toContain('Reviewer');
    expect(select().value).toBe('dx');
  });

  it('saves the open comparison as the profile that wrote it before switching', async () => {
    const fake = await openEditorWithChange();
    switchTo('publisher');
    // Until the draft is saved the switch waits and the sidebar still shows the editor.
    expect(session.slug).toBe('editor');
    expect(select().value).toBe('editor');
    await settle();
    expect(fake.calls('save_comparison')).toEqual([{ profile: 'editor', comparison: { ...sampleComparison(), title: 'Haiku vs Scout' } }]);
    expect(session.slug).toBe('publisher');
    expect(select().value).toBe('publisher');
  });

  it('does not switch profile when the open comparison cannot be saved', async () => {
    await openEditorWithChange({
      save: () => {
        throw invalid({ field: 'title', message: 'too short' });
      },
    });
    switchTo('publisher');
    await settle();
    expect(session.slug).toBe('editor');
    expect(select().value).toBe('editor');
    expect(byTestId('field-title-error')?.textContent).toContain('too short');
  });

  it('switches screens with Ctrl+1..4 and shows the shortcuts on the sidebar', async () => {
    backend(sampleOverview());
    await start();
    const nav = byTestId('nav-tools');
    expect(nav?.getAttribute('title')).toBe('Tools (Ctrl+2)');
    expect(nav?.getAttribute('aria-keyshortcuts')).toBe('Control+2 Meta+2');
    expect(byTestId('nav-settings')?.getAttribute('aria-keyshortcuts')).toBe('Control+4 Meta+4');

    key('2', { ctrlKey: true });
    expect(byTestId('nav-tools')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('tool-row-llama-4-scout-quantized')).not.toBeNull();

    key('4', { metaKey: true });
    await settle();
    expect(byTestId('nav-settings')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('settings-screen')).not.toBeNull();
    expect(byTestId('nav-settings-count')).toBeNull();

    key('1', { ctrlKey: true });
    expect(byTestId(`comparison-row-${SLUG}`)).not.toBeNull();
  });

  it('saves the open comparison before Ctrl+2 leaves it', async () => {
    const fake = await openEditorWithChange();
    key('2', { ctrlKey: true });
    await settle();
    expect(fake.calls('save_comparison')).toHaveLength(1);
    expect(byTestId('comparison-detail')).toBeNull();
    expect(byTestId('nav-tools')?.getAttribute('aria-current')).toBe('page');
  });

  it('starts a new profile with Ctrl+N on Settings', async () => {
    backend(sampleOverview());
    await start();
    key('4', { ctrlKey: true });
    await settle();
    key('n', { ctrlKey: true });
    await settle();
    expect(byTestId('profile-form')?.textContent).toContain('New profile');
  });

  it('reloads the profiles after one is saved in Settings', async () => {
    backend(sampleOverview());
    await start();
    byTestId('nav-settings')?.click();
    await settle();
    byTestId('add-profile')?.click();
    await settle();
    type(target.querySelector('#profile-name') as HTMLInputElement, 'Rita Ortiz');
    (target.querySelector('#profile-role-publisher') as HTMLInputElement).click();
    byTestId('save-profile')?.click();
    await settle();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'list_profiles')).toHaveLength(2);
    expect([...select().options].map((o) => o.value)).toContain('rita-ortiz');
    expect(byTestId('profile-rita-ortiz')?.textContent).toContain('Publisher');
  });

  it('reloads the overview after an import', async () => {
    let imported = false;
    const after = sampleOverview();
    after.reviewers.push({ slug: 'ops', name: 'Olu Park', persona: 'Operations', verdict_count: 0 });
    installBackend(invokeMock, {
      overview: () => (imported ? after : sampleOverview()),
      importBundle: () => {
        imported = true;
        return { created: 1, updated: 0, unchanged: 5 };
      },
    });
    await start();
    byTestId('nav-settings')?.click();
    await settle();
    byTestId('import-bundle')?.click();
    await settle();
    expect(byTestId('data-notice')?.textContent).toContain('1 created, 0 updated, 5 unchanged');
    expect(invokeMock.mock.calls.filter(([c]) => c === 'desk_overview')).toHaveLength(2);
    expect(byTestId('nav-reviewers-count')?.textContent).toBe('3');
  });

  it('saves the open comparison when the window is asked to close, then closes it', async () => {
    const fake = await openEditorWithChange();
    const onClose = events.handlers.get('close-requested');
    expect(onClose).toBeDefined();
    onClose?.({ payload: null });
    await settle();
    const order = invokeMock.mock.calls.map(([c]) => c).filter((c) => c === 'save_comparison' || c === 'close_when_saved');
    expect(order).toEqual(['save_comparison', 'close_when_saved']);
    expect(fake.calls('save_comparison')[0]).toEqual({ profile: 'editor', comparison: { ...sampleComparison(), title: 'Haiku vs Scout' } });
  });

  it('closes at once when nothing is unsaved', async () => {
    backend(sampleOverview());
    await start();
    events.handlers.get('close-requested')?.({ payload: null });
    await settle();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'close_when_saved')).toHaveLength(1);
  });

  it('still closes when the save failed, and logs it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await openEditorWithChange({
      save: () => {
        throw { code: 'database', message: 'disk full' };
      },
    });
    events.handlers.get('close-requested')?.({ payload: null });
    await settle();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'close_when_saved')).toHaveLength(1);
    expect(logged).toHaveBeenCalled();
  });

  it('stops listening for the close request when it goes away', async () => {
    backend(sampleOverview());
    await start();
    expect(events.handlers.has('close-requested')).toBe(true);
    if (app) unmount(app);
    app = null;
    expect(events.unlisten).toHaveBeenCalledWith('close-requested');
    expect(events.handlers.has('close-requested')).toBe(false);
  });
});

describe('App: new comparison', () => {
  const GEMMA = 'gemma-3-27b';

  /** The sample desk with a third tool, so a new pair can be picked. */
  function desk(): Overview {
    const o = sampleOverview();
    o.tools.push({
      slug: GEMMA,
      name: 'Gemma 3 27B',
      vendor: 'Google',
      category: 'Developer Tools',
      tagline: 'Open weights from Google',
      entry: 'Free',
      pricing_checked_on: null,
    });
    return o;
  }

  const tool = (name: string) =>
    [...target.querySelectorAll<HTMLInputElement>('#nc-tools input')].find((b) => b.labels?.[0]?.textContent?.trim() === name)!;

  it('opens the form with Ctrl+N on Comparisons, not over the editor, and only for editors', async () => {
    backend(desk());
    await start();
    key('n', { ctrlKey: true });
    await settle();
    expect(byTestId('new-comparison')?.tagName).toBe('DIALOG');
    expect(document.activeElement?.id).toBe('nc-title');

    // Escape closes the form, not anything behind it.
    key('Escape');
    await settle();
    expect(byTestId('new-comparison')).toBeNull();
    expect(document.activeElement).toBe(byTestId('new-comparison-button'));

    byTestId(`comparison-row-${SLUG}`)?.click();
    await settle();
    key('n', { metaKey: true });
    await settle();
    expect(byTestId('new-comparison')).toBeNull();
    expect(byTestId('comparison-detail')).not.toBeNull();
    key('Escape');
    await settle();

    session.choose('dx');
    await settle();
    expect((byTestId('new-comparison-button') as HTMLButtonElement).disabled).toBe(true);
    key('n', { ctrlKey: true });
    await settle();
    expect(byTestId('new-comparison')).toBeNull();
  });

  it('creates the page as the profile working, reloads the desk and opens it in the editor', async () => {
    const fake = backend(desk());
    await start();
    byTestId('new-comparison-button')?.click();
    await settle();
    type(byTestId('nc-title') as HTMLInputElement, 'Gemma 3 vs Llama 4 Scout');
    tool('Gemma 3 27B').click();
    tool('Llama 4 Scout Quantized').click();
    flushSync();
    byTestId('nc-create')?.click();
    await settle();

    expect(fake.calls('create_comparison')).toEqual([
      {
        profile: 'editor',
        comparison: {
          slug: 'gemma-3-vs-llama-4-scout',
          title: 'Gemma 3 vs Llama 4 Scout',
          dek: '',
          intro: '',
          tools: [GEMMA, 'llama-4-scout-quantized'],
          panel: ['dx', 'skeptic'],
          status: 'draft',
          scheduled_for: null,
          published_at: null,
        },
      },
    ]);
    expect(byTestId('new-comparison')).toBeNull();
    expect(byTestId('comparison-detail')).not.toBeNull();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'get_comparison').map(([, a]) => a)).toEqual([
      { slug: 'gemma-3-vs-llama-4-scout' },
    ]);
    expect(byTestId('comparison-slug')?.textContent).toBe('gemma-3-vs-llama-4-scout');
    expect((byTestId('field-title') as HTMLInputElement).value).toBe('Gemma 3 vs Llama 4 Scout');
    expect(byTestId('status-badge')?.textContent).toBe('Draft');
    // The desk lists it: its row is read, not the whole desk again.
    expect(invokeMock.mock.calls.filter(([c]) => c === 'desk_overview')).toHaveLength(1);
    expect(invokeMock.mock.calls.filter(([c]) => c === 'desk_rows').map(([, a]) => a)).toEqual([
      { changes: [{ kind: 'comparison', key: 'gemma-3-vs-llama-4-scout', what: 'saved' }] },
    ]);
    expect(byTestId('nav-comparisons-count')?.textContent).toBe('2');

    key('Escape');
    await settle();
    expect(byTestId('comparison-row-gemma-3-vs-llama-4-scout')?.textContent).toContain('Draft');
    expect(document.activeElement).toBe(byTestId('comparison-row-gemma-3-vs-llama-4-scout'));
  });

  it('shows the refusal of a second page for the same tools under Tools, and opens nothing', async () => {
    // The core has the Haiku–Scout page; this desk's list does not show it yet.
    backend({ ...desk(), comparisons: [] });
    await start();
    byTestId('new-comparison-button')?.click();
    await settle();
    type(byTestId('nc-title') as HTMLInputElement, 'Scout vs Haiku');
    tool('Llama 4 Scout Quantized').click();
    tool('Claude Haiku Open Weights').click();
    flushSync();
    byTestId('nc-create')?.click();
    await settle();

    expect(invokeMock.mock.calls.filter(([c]) => c === 'create_comparison')).toHaveLength(1);
    expect(byTestId('nc-tools-error')?.textContent).toContain('These tools already have a comparison page');
    expect(byTestId('new-comparison')).not.toBeNull();
    expect(byTestId('comparison-detail')).toBeNull();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'get_comparison')).toHaveLength(0);
    expect(invokeMock.mock.calls.filter(([c]) => c === 'desk_overview')).toHaveLength(1);
  });

  it('opens the page that already compares the tools picked', async () => {
    backend(desk());
    await start();
    byTestId('new-comparison-button')?.click();
    await settle();
    tool('Claude Haiku Open Weights').click();
    tool('Llama 4 Scout Quantized').click();
    flushSync();
    byTestId('nc-open-existing')?.click();
    await settle();
    expect(byTestId('new-comparison')).toBeNull();
    expect(byTestId('comparison-slug')?.textContent).toBe(SLUG);
  });
});
