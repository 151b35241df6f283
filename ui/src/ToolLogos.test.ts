// Tool logos in the desk's lists: one thumbnail request per image for the whole app (not one
// per row or per drawing), asked for only by the rows in view of a virtualized list.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { settle } from './test/dom';
import type { ComparisonSummary, ToolSummary } from './lib/types';
import { ThumbnailCache } from './lib/media/thumbnails.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import ToolsTable from './lib/components/ToolsTable.svelte';
import ComparisonList from './lib/components/ComparisonList.svelte';

/** A 64-digit hash made of `tag` (tests use their own, as the app's cache is shared). */
const H = (tag: string) => tag.padEnd(64, '0');
const url = (hash: string) => `data:image/webp;base64,${hash.slice(0, 8)}`;

/** A promise with its resolve and reject at hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the thumbnail cache', () => {
  it('asks once per hash, however many rows ask and however often', async () => {
    const fetch = vi.fn((hash: string) => Promise.resolve(url(hash)));
    const cache = new ThumbnailCache(fetch);
    expect(cache.of(H('a'))).toBeUndefined();
    expect(cache.of(H('a'))).toBeUndefined();
    const both = await Promise.all([cache.load(H('a')), cache.load(H('b')), cache.load(H('a'))]);
    expect(both).toEqual([url(H('a')), url(H('b')), url(H('a'))]);
    expect(cache.of(H('a'))).toBe(url(H('a')));
    for (let i = 0; i < 50; i++) cache.of(H('b'));
    expect(fetch.mock.calls.map(([h]) => h)).toEqual([H('a'), H('b')]);
  });

  it('keeps a failure as no thumbnail, without asking again', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const answer = deferred<string>();
    const fetch = vi.fn(() => answer.promise);
    const cache = new ThumbnailCache(fetch);
    const first = cache.load(H('c'));
    answer.reject({ code: 'not_found', message: 'no image' });
    expect(await first).toBe('');
    expect(cache.of(H('c'))).toBe('');
    expect(await cache.load(H('c'))).toBe('');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledOnce();
  });

  it('drops the oldest beyond its size, and asks for a dropped one again', async () => {
    const fetch = vi.fn((hash: string) => Promise.resolve(url(hash)));
    const cache = new ThumbnailCache(fetch, 2);
    await cache.load(H('1'));
    await cache.load(H('2'));
    await cache.load(H('3'));
    expect(cache.size).toBe(2);
    await cache.load(H('2'));
    expect(fetch).toHaveBeenCalledTimes(3);
    await cache.load(H('1'));
    expect(fetch).toHaveBeenCalledTimes(4);
  });
});

const fresh = freshDesk();
const thumbnailCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'media_thumbnail').map(([, a]) => (a as { hash: string }).hash);

beforeEach(() => {
  invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    if (cmd === 'media_thumbnail') return url(String(args['hash']));
    throw new Error(`unexpected command ${cmd}`);
  });
});

function tool(i: number, logo?: string): ToolSummary {
  return {
    slug: `tool-${i}`,
    name: `Tool ${i}`,
    vendor: 'Vendor',
    category: 'Editors',
    tagline: '',
    entry: 'Free',
    pricing_checked_on: null,
    ...(logo ? { logo } : {}),
  };
}

describe('logos in the tools table', () => {
  it('shows each logo from one request per image, for the rows in view only', async () => {
    // 1,000 tools: each even one with its own logo, the odd ones without.
    const tools = Array.from({ length: 1000 }, (_, i) => tool(i, i % 2 === 0 ? H(`t${i}`) : undefined));
    fresh.target.style.overflowY = 'auto';
    fresh.target.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 900, height: 600 });
    const table = fresh.mount(ToolsTable, { tools });
    flushSync();
    await settle();
    const rows = [...fresh.target.querySelectorAll<HTMLElement>('tr[data-slug]')];
    expect(rows.length).toBeLessThanOrEqual(20);
    const asked = thumbnailCalls();
    const shown = rows.map((r) => Number(r.dataset['slug']!.slice(5))).filter((i) => i % 2 === 0);
    for (const i of shown) expect(asked).toContain(H(`t${i}`));
    // Rows in view (and the few the list drew while measuring), not the 500 logos of the desk.
    expect(asked.length).toBeLessThanOrEqual(20);
    expect(new Set(asked).size).toBe(asked.length);
    const first = fresh.target.querySelector('[data-testid="tool-row-tool-0"]')!;
    const img = first.querySelector<HTMLImageElement>('img[data-testid="tool-logo"]')!;
    expect(img.getAttribute('src')).toBe(url(H('t0')));
    expect(img.getAttribute('alt')).toBe('');
    expect(fresh.target.querySelector('[data-testid="tool-row-tool-1"] img')).toBeNull();

    // Drawn again (a new list of the same tools): nothing asked again.
    fresh.unmount(table);
    fresh.mount(ToolsTable, { tools: [...tools] });
    flushSync();
    await settle();
    expect(thumbnailCalls().length).toBe(asked.length);
    expect(fresh.target.querySelector('[data-testid="tool-row-tool-0"] img')?.getAttribute('src')).toBe(url(H('t0')));
  });
});

describe('logos in the comparison list', () => {
  it('shows a tool’s logo beside its name, one request for a logo on many pages', async () => {
    const logo = H('shared');
    // A row names its tools by slug; the logo is the tool's summary's.
    const card = (slug: string) => ({ slug, panel_ship: { ship: 1, total: 2, percent: 50 }, community_percent: null });
    const tools: ToolSummary[] = [
      { slug: 'alpha', name: 'Alpha', vendor: 'Vendor', category: 'Editors', tagline: '', entry: 'Free', pricing_checked_on: null, logo },
      { slug: 'beta', name: 'Beta', vendor: 'Vendor', category: 'Editors', tagline: '', entry: 'Free', pricing_checked_on: null },
    ];
    const comparisons: ComparisonSummary[] = ['a', 'b', 'c'].map((s) => ({
      slug: `page-${s}`,
      title: `Page ${s}`,
      dek: '',
      status: 'draft',
      stale: false,
      live_on: [],
      tools: [card('alpha'), card('beta')],
      panel: [],
      updated_at: '2026-12-01T10:00:00Z',
    }));
    fresh.target.style.overflowY = 'auto';
    fresh.target.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 900, height: 800 });
    fresh.mount(ComparisonList, { comparisons, tools, onopen: () => {} });
    flushSync();
    await settle();
    const logos = [...fresh.target.querySelectorAll<HTMLImageElement>('img[data-testid="tool-logo"]')];
    expect(logos.length).toBe(3);
    expect(logos.every((img) => img.getAttribute('src') === url(logo))).toBe(true);
    expect(thumbnailCalls().filter((h) => h === logo)).toHaveLength(1);
  });
});
