// One thumbnail cache for the whole app: the Media screen's grid and panel, the tool form's
// logo and screenshots, and the lists' logos ask the core once per image between them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { enterTauri, leaveTauri, newTarget, settle } from './test/dom';
import { refusal } from './test/errors';
import { session } from './lib/session.svelte';
import { EntityForm } from './lib/forms/entityForm.svelte';
import type { MediaEntry } from './lib/bindings';
import type { Tool } from './lib/types';
import { sampleTool } from './test/fakeTools';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import MediaScreen from './lib/components/media/MediaScreen.svelte';
import ToolImages from './lib/components/media/ToolImages.svelte';
import ToolLogo from './lib/media/ToolLogo.svelte';

const LOGO = 'e'.repeat(64);
const SHOT = 'f'.repeat(64);
const url = (hash: string) => `data:image/webp;base64,${hash.slice(0, 6)}`;
const entry = (hash: string, name: string): MediaEntry => ({
  item: {
    hash,
    original_name: name,
    mime: 'image/png',
    width: 64,
    height: 64,
    bytes: 2_000 as unknown as bigint,
    alt: 'A logo',
    credit: '',
    decorative: false,
    variants: [],
    added_by: 'edie',
    added_at: '2026-12-01T10:00:00Z',
  },
  uses: [],
});

let targets: HTMLElement[] = [];
let mounted: ReturnType<typeof mount>[] = [];
const thumbnailCalls = () => invokeMock.mock.calls.filter(([c]) => c === 'media_thumbnail').map(([, a]) => (a as { hash: string }).hash);

function place<P extends Record<string, unknown>>(component: Component<P>, props: P) {
  const target = newTarget();
  targets.push(target);
  mounted.push(mount(component, { target, props }));
  flushSync();
  return target;
}

beforeEach(() => {
  enterTauri();
  session.setProfiles([{ slug: 'edie', name: 'Edie', roles: ['editor'], reviewer: null }]);
  session.choose('edie');
  invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    switch (cmd) {
      case 'media_catalog':
        return [entry(LOGO, 'logo.png'), entry(SHOT, 'shot.png')];
      case 'media_entry':
        return entry(String(args['hash']), 'logo.png');
      case 'media_thumbnail':
        return url(String(args['hash']));
      case 'history':
        return [];
      default:
        throw refusal('unknown_command', cmd);
    }
  });
});

afterEach(() => {
  for (const m of mounted) unmount(m);
  for (const t of targets) t.remove();
  mounted = [];
  targets = [];
  leaveTauri();
  invokeMock.mockReset();
});

describe('thumbnails across screens', () => {
  it('are asked for once per image by the Media screen, the tool form and the lists together', async () => {
    const media = place(MediaScreen, { onchanged: () => {} });
    await settle();
    const tiles = [...media.querySelectorAll<HTMLImageElement>('[data-testid="media-thumb"]')];
    expect(tiles.map((i) => i.getAttribute('src'))).toEqual([url(LOGO), url(SHOT)]);

    // The tool form shows the same logo and screenshot: from the cache, no new request.
    const form = new EntityForm<Tool>({ save: async (t) => t });
    form.adopt({ ...sampleTool(), logo: LOGO, screenshots: [{ media: SHOT, alt: 'The settings', credit: '' }] });
    const tool = place(ToolImages, { form, canEdit: true });
    await settle();
    expect(tool.querySelector('[data-testid="tool-logo-thumb"]')?.getAttribute('src')).toBe(url(LOGO));
    // And a list's logo, drawn three times.
    for (let i = 0; i < 3; i++) place(ToolLogo, { hash: LOGO });
    await settle();

    // The panel of the chosen image shows it too.
    media.querySelector<HTMLElement>(`[data-hash="${LOGO}"]`)!.click();
    await settle();
    expect(media.querySelector('[data-testid="media-panel"] .preview img')?.getAttribute('src')).toBe(url(LOGO));

    expect(thumbnailCalls().filter((h) => h === LOGO)).toHaveLength(1);
    expect(thumbnailCalls().filter((h) => h === SHOT)).toHaveLength(1);
  });
});
