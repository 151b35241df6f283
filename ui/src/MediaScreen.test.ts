import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { key, queries, settle, type } from './test/dom';
import { invalidAt, refusal } from './test/errors';
import { session } from './lib/session.svelte';
import type { MediaEntry, MediaItem, MediaUse } from './lib/bindings';
import { filterMedia, gridRows, usesLabel } from './lib/components/media/media';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import MediaScreen from './lib/components/media/MediaScreen.svelte';

const H = (c: string) => c.repeat(64);
const PANEL: MediaUse = { kind: 'comparison', slug: 'a-vs-b', title: 'A vs B', field: 'intro' };
const TOOL: MediaUse = { kind: 'tool', slug: 'haiku', title: 'Haiku', field: 'description' };

function item(hash: string, name: string, alt = ''): MediaItem {
  return {
    hash,
    original_name: name,
    mime: 'image/png',
    width: 800,
    height: 600,
    bytes: 52_000 as unknown as bigint,
    alt,
    credit: '',
    decorative: false,
    variants: [],
    added_by: 'edie',
    added_at: '2026-12-01T10:00:00Z',
  };
}

interface Desk {
  entries: MediaEntry[];
  /** The path the file dialog answers with (null: cancelled). */
  picked: string | null;
  /** What add_media_file answers for a path. */
  adds: Record<string, MediaItem | ReturnType<typeof refusal>>;
}

let desk: Desk;
const fresh = freshDesk();
const { byTestId } = queries(() => fresh.target);
const all = (id: string) => [...fresh.target.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);

function install() {
  invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    const find = (hash: unknown) => desk.entries.find((e) => e.item.hash === hash);
    switch (cmd) {
      case 'media_catalog':
        return structuredClone(desk.entries);
      case 'media_entry':
        return structuredClone(find(args['hash']));
      case 'media_thumbnail':
        return `data:image/webp;base64,${String(args['hash']).slice(0, 4)}`;
      case 'history':
        return [];
      case 'set_media_text': {
        const alt = String(args['alt'] ?? '');
        if (alt.includes('\n')) throw invalidAt('alt', 'one line, without control characters');
        const e = find(args['hash'])!;
        e.item = { ...e.item, alt, credit: String(args['credit'] ?? ''), decorative: Boolean(args['decorative']) };
        return structuredClone(e.item);
      }
      case 'remove_media': {
        const e = find(args['hash'])!;
        if (e.uses.length > 0) throw refusal('wrong_state', `the image ${e.item.original_name} is used by the page`);
        desk.entries = desk.entries.filter((x) => x !== e);
        return e.item;
      }
      case 'choose_image_file':
        return desk.picked;
      case 'add_media_file': {
        const answer = desk.adds[String(args['path'])]!;
        if ('code' in answer) throw answer;
        if (!find(answer.hash)) desk.entries = [{ item: answer, uses: [] }, ...desk.entries];
        return { item: answer, already_there: false, notes: [] };
      }
      case 'replace_media': {
        const from = find(args['from'])!;
        const to = find(args['to'])!;
        const changed = from.uses;
        to.uses = [...to.uses, ...from.uses];
        from.uses = [];
        return { from: from.item.hash, to: to.item.hash, changed };
      }
      default:
        throw refusal('unknown_command', cmd);
    }
  });
}

async function open() {
  fresh.mount(MediaScreen, { onchanged: () => {} });
  flushSync();
  await settle();
}

const tile = (name: string) => all('media-tile').find((t) => t.textContent?.includes(name))!;

beforeEach(() => {
  session.setProfiles([
    { slug: 'edie', name: 'Edie', roles: ['editor'], reviewer: null },
    { slug: 'pat', name: 'Pat', roles: ['publisher'], reviewer: null },
  ]);
  session.choose('edie');
  desk = {
    entries: [
      { item: item(H('a'), 'panel.jpg', 'The panel at work'), uses: [PANEL, TOOL] },
      { item: item(H('b'), 'logo.png'), uses: [] },
      { item: item(H('c'), 'chart.png', 'Scores by task'), uses: [PANEL] },
    ],
    picked: null,
    adds: {},
  };
  install();
});

describe('Media screen', () => {
  it('shows every image with its thumbnail and uses, searches name and alt text, and lists unused ones', async () => {
    await open();
    expect(all('media-tile').map((t) => t.querySelector('.name')?.textContent)).toEqual(['panel.jpg', 'logo.png', 'chart.png']);
    expect(all('media-thumb').map((i) => i.getAttribute('src'))).toEqual([
      'data:image/webp;base64,aaaa',
      'data:image/webp;base64,bbbb',
      'data:image/webp;base64,cccc',
    ]);
    expect(tile('panel.jpg').textContent).toContain('Used on 2 pages');
    expect(tile('logo.png').textContent).toContain('Unused');
    expect(tile('logo.png').querySelector('[data-testid="media-no-alt"]')).not.toBeNull();
    expect(byTestId('media-count')?.textContent).toContain('3 images, 1 unused');

    type(byTestId<HTMLInputElement>('media-search')!, 'scores');
    expect(all('media-tile').map((t) => t.querySelector('.name')?.textContent)).toEqual(['chart.png']);
    type(byTestId<HTMLInputElement>('media-search')!, 'LOGO');
    expect(all('media-tile')).toHaveLength(1);
    type(byTestId<HTMLInputElement>('media-search')!, '');

    byTestId<HTMLInputElement>('media-filter-unused')!.click();
    flushSync();
    expect(all('media-tile').map((t) => t.querySelector('.name')?.textContent)).toEqual(['logo.png']);
  });

  it('edits alt text in the side panel, saves on Ctrl+S, and shows a refusal under the field', async () => {
    await open();
    tile('logo.png').click();
    await settle();
    const panel = byTestId('media-panel')!;
    expect(panel.querySelector('h2')?.textContent).toBe('logo.png');
    expect(byTestId('media-uses-label')?.textContent).toBe('Unused');
    const alt = byTestId<HTMLTextAreaElement>('media-alt')!;
    expect(alt.labels?.[0]?.textContent).toBe('Alt text');

    alt.focus();
    type(alt, 'The desk logo');
    key('s', { ctrlKey: true });
    await settle();
    expect(calls('set_media_text').at(-1)).toMatchObject({ profile: 'edie', hash: H('b'), alt: 'The desk logo' });
    expect(byTestId('media-save-status')?.textContent).toBe('Saved');
    // The grid follows: the tile no longer asks for alt text.
    expect(tile('logo.png').querySelector('[data-testid="media-no-alt"]')).toBeNull();

    type(alt, 'two\nlines');
    key('s', { ctrlKey: true });
    await settle();
    expect(byTestId('media-alt-problem')?.textContent).toBe('one line, without control characters');
    expect(alt.getAttribute('aria-invalid')).toBe('true');
    expect(byTestId('media-save-status')?.textContent).toBe('Not saved');
  });

  it('refuses to delete an image in use, naming the pages; deletes an unused one', async () => {
    await open();
    tile('panel.jpg').click();
    await settle();
    expect([...byTestId('media-uses')!.querySelectorAll('li')].map((l) => l.textContent)).toEqual([
      'Comparison A vs B (intro)',
      'Tool Haiku (description)',
    ]);
    byTestId('media-delete')!.click();
    flushSync();
    byTestId('media-delete-yes')!.click();
    await settle();
    expect(byTestId('media-action-error')?.textContent).toContain('is used by the page');
    expect([...byTestId('media-blocked-by')!.querySelectorAll('li')].map((l) => l.textContent)).toEqual([
      'Comparison A vs B (intro)',
      'Tool Haiku (description)',
    ]);
    expect(all('media-tile')).toHaveLength(3);

    tile('logo.png').click();
    await settle();
    byTestId('media-delete')!.click();
    flushSync();
    byTestId('media-delete-yes')!.click();
    await settle();
    expect(all('media-tile').map((t) => t.querySelector('.name')?.textContent)).toEqual(['panel.jpg', 'chart.png']);
    expect(byTestId('media-notice')?.textContent).toBe('logo.png was deleted.');
    expect(byTestId('media-panel')).toBeNull();
  });

  it('replaces an image everywhere with a picked file that starts with its alt text', async () => {
    desk.picked = '/home/edie/panel-2.jpg';
    desk.adds['/home/edie/panel-2.jpg'] = item(H('d'), 'panel-2.jpg', 'The panel at work');
    await open();
    tile('panel.jpg').click();
    await settle();
    byTestId('media-replace')!.click();
    await settle();
    expect(calls('add_media_file').at(-1)).toMatchObject({ path: '/home/edie/panel-2.jpg', alt: 'The panel at work' });
    expect(calls('replace_media').at(-1)).toMatchObject({ profile: 'edie', from: H('a'), to: H('d') });
    expect(byTestId('media-notice')?.textContent).toContain('Replaced on 2 pages');
    expect(byTestId('media-panel')?.querySelector('h2')?.textContent).toBe('panel-2.jpg');
    expect(tile('panel.jpg').textContent).toContain('Unused');
  });

  it('adds a picked file, and a refused one is named with its reason', async () => {
    desk.picked = '/tmp/new.png';
    desk.adds['/tmp/new.png'] = item(H('e'), 'new.png');
    await open();
    byTestId('media-add')!.click();
    await settle();
    expect(all('media-tile')[0]?.textContent).toContain('new.png');
    expect(byTestId('media-panel')?.querySelector('h2')?.textContent).toBe('new.png');

    desk.picked = '/tmp/page.jpg';
    desk.adds['/tmp/page.jpg'] = refusal('invalid', 'page.jpg: this is not an image: its content is not JPEG, PNG, GIF, WebP or SVG, whatever its name says');
    byTestId('media-add')!.click();
    await settle();
    expect(byTestId('error-banner')?.textContent).toContain('page.jpg: this is not an image');
  });

  it('offers no changes to a profile that cannot edit', async () => {
    session.choose('pat');
    await open();
    expect(byTestId('media-add')).toBeNull();
    tile('panel.jpg').click();
    await settle();
    expect(byTestId<HTMLTextAreaElement>('media-alt')?.readOnly).toBe(true);
    expect(byTestId('media-delete')).toBeNull();
  });
});

describe('media list rules', () => {
  it('counts pages once, whatever fields show the image', () => {
    expect(usesLabel([PANEL, { ...PANEL, field: 'dek' }])).toBe('Used on 1 page');
    expect(usesLabel([])).toBe('Unused');
  });
  it('filters by every word and cuts rows', () => {
    const entries = desk.entries;
    expect(filterMedia(entries, 'panel work', 'all').map((e) => e.item.original_name)).toEqual(['panel.jpg']);
    expect(filterMedia(entries, '', 'unused').map((e) => e.item.original_name)).toEqual(['logo.png']);
    expect(gridRows(entries, 2).map((r) => r.length)).toEqual([2, 1]);
  });
});

describe('how the screen words things', () => {
  it("makes the core's notes sentences and names types plainly", async () => {
    const { sentence, typeText } = await import('./lib/components/media/media');
    expect(sentence('re-written as a clean SVG: only its drawing was kept')).toBe('Re-written as a clean SVG: only its drawing was kept.');
    expect(sentence('Done.')).toBe('Done.');
    expect(typeText('image/svg+xml')).toBe('SVG');
    expect(typeText('image/jpeg')).toBe('JPEG');
  });
});
