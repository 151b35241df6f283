import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { Overview, SearchHit } from './lib/types';
import { sampleOverview } from './test/fixtures';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import App from './App.svelte';

type TauriWindow = Window & { __TAURI_INTERNALS__?: unknown };

const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';

let app: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

const pageHtml = (slug: string, extra = '') =>
  `<!doctype html><html lang="en"><head><title>${slug}</title>` +
  `<script type="application/ld+json">{"@type":"WebPage"}</script></head><body><h1>${slug}</h1>${extra}</body></html>`;

type Preview = (slug: string) => string | Promise<string>;

function backend(overview: Overview | (() => Promise<Overview>), hits: SearchHit[] = [], preview: Preview = pageHtml) {
  invokeMock.mockImplementation(async (cmd: string, args?: Record<string, unknown>) => {
    if (cmd === 'desk_overview') return typeof overview === 'function' ? overview() : overview;
    if (cmd === 'search') return hits;
    if (cmd === 'preview_comparison') return preview(String(args?.['slug']));
    throw { code: 'unknown_command', message: `unknown command ${cmd}` };
  });
}

const previewCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'preview_comparison');

const byTestId = (id: string) => target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

async function settle() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  flushSync();
}

async function start() {
  app = mount(App, { target });
  flushSync();
  await settle();
}

function key(keyName: string, init: KeyboardEventInit = {}) {
  const el = document.activeElement ?? document.body;
  el.dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...init }));
  flushSync();
}

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

beforeEach(() => {
  (window as TauriWindow).__TAURI_INTERNALS__ = {};
  invokeMock.mockReset();
  target = document.createElement('div');
  document.body.appendChild(target);
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  delete (window as TauriWindow).__TAURI_INTERNALS__;
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
    expect(byTestId('panel-ship-claude-haiku-open-weights')?.textContent?.trim()).toBe('50%');
    expect(byTestId('panel-ship-line-claude-haiku-open-weights')?.textContent).toBe('2 of 4 ship');
    expect(byTestId('panel-ship-llama-4-scout-quantized')?.textContent?.trim()).toBe('100%');
    expect(byTestId('community-claude-haiku-open-weights')?.textContent).toBe('—');
    expect(byTestId('entry-llama-4-scout-quantized')?.textContent).toBe('Free');
    expect(document.activeElement?.id).toBe('detail-title');

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

    it('requests the page for the opened comparison and shows it in a sandboxed frame', async () => {
      let resolve: (html: string) => void = () => {};
      backend(sampleOverview(), [], () => new Promise<string>((r) => (resolve = r)));
      await start();
      byTestId(`comparison-row-${SLUG}`)?.click();
      flushSync();

      expect(previewCalls()).toEqual([['preview_comparison', { slug: SLUG }]]);
      expect(byTestId('page-preview-loading')?.getAttribute('role')).toBe('status');
      expect(byTestId('page-preview')).toBeNull();

      resolve(pageHtml(SLUG));
      await settle();
      expect(byTestId('page-preview-loading')).toBeNull();
      const frame = byTestId('page-preview') as HTMLIFrameElement;
      expect(frame.tagName).toBe('IFRAME');
      expect(frame.getAttribute('srcdoc')).toBe(pageHtml(SLUG));
      expect(frame.hasAttribute('sandbox')).toBe(true);
      expect(frame.getAttribute('sandbox')).toBe('');
      expect(frame.getAttribute('title')).toBe('Page preview');
      expect(frame.getAttribute('referrerpolicy')).toBe('no-referrer');
      expect(frame.hasAttribute('src')).toBe(false);
      // The page is only ever inside the frame, never in the desk's own DOM.
      expect(target.querySelector('script[type="application/ld+json"]')).toBeNull();
      // The tool summary is still there above the preview.
      expect(byTestId('panel-ship-claude-haiku-open-weights')?.textContent?.trim()).toBe('50%');
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
      expect(frame.style.width).toBe('100%');
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
      expect(frame.getAttribute('srcdoc')).toBe(pageHtml(SLUG));

      desktop.click();
      flushSync();
      expect(desktop.getAttribute('aria-pressed')).toBe('true');
      expect(phone.getAttribute('aria-pressed')).toBe('false');
      expect(frame.style.width).toBe('100%');
      expect(frame.classList.contains('phone')).toBe(false);
    });

    it('re-renders after a reload but leaves an unchanged page alone', async () => {
      let version = '';
      backend(sampleOverview(), [], (slug) => pageHtml(slug, version));
      await start();
      await openDetail();
      const frame = byTestId('page-preview') as HTMLIFrameElement;

      const records: MutationRecord[] = [];
      const observer = new MutationObserver((r) => records.push(...r));
      observer.observe(frame, { attributes: true, attributeFilter: ['srcdoc'] });

      byTestId('reload-button')?.click();
      await settle();
      await settle();
      expect(previewCalls()).toHaveLength(2);
      expect(byTestId('page-preview')).toBe(frame);
      records.push(...observer.takeRecords());
      expect(records).toHaveLength(0);

      version = '<p>edited</p>';
      byTestId('reload-button')?.click();
      await settle();
      await settle();
      expect(previewCalls()).toHaveLength(3);
      records.push(...observer.takeRecords());
      observer.disconnect();
      expect(records).toHaveLength(1);
      expect(frame.getAttribute('srcdoc')).toBe(pageHtml(SLUG, version));
    });

    it('requests the new page when another comparison opens', async () => {
      const overview = sampleOverview();
      const other = { ...overview.comparisons[0]!, slug: 'other-page', title: 'Other page' };
      overview.comparisons.push(other);
      backend(overview);
      await start();
      await openDetail();
      expect((byTestId('page-preview') as HTMLIFrameElement).getAttribute('srcdoc')).toBe(pageHtml(SLUG));

      key('Escape');
      byTestId('comparison-row-other-page')?.click();
      flushSync();
      await settle();
      expect(previewCalls().map(([, args]) => args)).toEqual([{ slug: SLUG }, { slug: 'other-page' }]);
      expect((byTestId('page-preview') as HTMLIFrameElement).getAttribute('srcdoc')).toBe(pageHtml('other-page'));
    });

    it('shows a render failure in an error banner and retries', async () => {
      let fail = true;
      backend(sampleOverview(), [], (slug) => {
        if (fail) throw { code: 'render', message: 'Template error in page.html', field: null };
        return pageHtml(slug);
      });
      await start();
      await openDetail();

      const banner = byTestId('error-banner');
      expect(banner?.getAttribute('role')).toBe('alert');
      expect(banner?.getAttribute('data-code')).toBe('render');
      expect(banner?.textContent).toContain('Template error in page.html');
      expect(byTestId('page-preview')).toBeNull();
      expect(byTestId('comparison-detail')).not.toBeNull();

      fail = false;
      const retry = [...(banner?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Retry');
      retry?.click();
      await settle();
      expect(byTestId('error-banner')).toBeNull();
      expect((byTestId('page-preview') as HTMLIFrameElement).getAttribute('srcdoc')).toBe(pageHtml(SLUG));
    });
  });
});
