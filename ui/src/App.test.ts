import { describe, expect, it, vi } from 'vitest';
import { key, nextFrame, settle, shownBody, type } from './test/dom';
import { flushSync } from 'svelte';
import type { DraftPreview, Overview, SearchHit } from './lib/types';
import { sampleComparison, sampleOverview } from './test/fixtures';
import { draftHtml } from './test/fakeBackend';
import { SLUG, appSuite } from './test/appSuite';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { invokeMock } from './test/appSetup';

const t = appSuite();
const { backend, previewCalls, previewSlugs, byTestId, start, mountApp } = t;

describe('App', () => {
  it('shows a loading state, then the comparisons, counts and data folder', async () => {
    const pending: ((o: Overview) => void)[] = [];
    backend(() => new Promise<Overview>((r) => pending.push(r)));
    mountApp();
    flushSync();
    expect(byTestId('loading')?.textContent).toContain('Loading');

    // The list's first screenful, then the whole desk.
    while (pending.length > 0) {
      pending.shift()!(sampleOverview());
      await settle();
    }
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
    expect(t.target.querySelector('label[for="desk-search"]')?.textContent).toBe('Search');

    type(input, 'hai');
    type(input, 'haiku');
    await vi.advanceTimersByTimeAsync(100);
    expect(invokeMock.mock.calls.filter(([c]) => c === 'search')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    await settle();
    const searchCalls = invokeMock.mock.calls.filter(([c]) => c === 'search');
    expect(searchCalls).toEqual([['search', { query: 'haiku' }]]);

    const groups = [...t.target.querySelectorAll('[data-testid^="search-group-"]')].map((g) => g.getAttribute('data-testid'));
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
      expect(t.target.querySelector('script[type="application/ld+json"]')).toBeNull();
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
