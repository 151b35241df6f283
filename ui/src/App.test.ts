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

function backend(overview: Overview | (() => Promise<Overview>), hits: SearchHit[] = []) {
  invokeMock.mockImplementation(async (cmd: string) => {
    if (cmd === 'desk_overview') return typeof overview === 'function' ? overview() : overview;
    if (cmd === 'search') return hits;
    throw { code: 'unknown_command', message: `unknown command ${cmd}` };
  });
}

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
});
