import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { queries, settle, type } from './test/dom';
import { invalid, refusal } from './test/errors';
import { session } from './lib/session.svelte';
import { EntityForm } from './lib/forms/entityForm.svelte';
import type { Tool } from './lib/types';
import { sampleTool } from './test/fakeTools';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import ToolImages from './lib/components/media/ToolImages.svelte';

const LOGO = '1'.repeat(64);
const SHOT = '2'.repeat(64);
const fresh = freshDesk();
let form: EntityForm<Tool>;
let picks: string[];
const { byTestId } = queries(() => fresh.target);

beforeEach(() => {
  session.setProfiles([{ slug: 'edie', name: 'Edie', roles: ['editor'], reviewer: null }]);
  session.choose('edie');
  picks = ['/tmp/logo.svg', '/tmp/shot.png'];
  invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    switch (cmd) {
      case 'choose_image_file':
        return picks.shift() ?? null;
      case 'add_media_file': {
        const hash = String(args['path']).includes('logo') ? LOGO : SHOT;
        return { item: { hash, original_name: String(args['path']), alt: '' }, already_there: false, notes: [] };
      }
      case 'media_thumbnail':
        return `data:image/webp;base64,${String(args['hash']).slice(0, 3)}`;
      default:
        throw refusal('unknown_command', cmd);
    }
  });
  form = new EntityForm<Tool>({ save: async (t) => t });
  form.adopt(sampleTool());
  fresh.mount(ToolImages, { form, canEdit: true });
  flushSync();
});

describe("a tool's logo and screenshots", () => {
  it('are picked with the dialog, kept by hash in the draft, and shown as thumbnails', async () => {
    byTestId('tool-logo-choose')!.click();
    await settle();
    expect(form.draft?.logo).toBe(LOGO);
    expect(byTestId<HTMLImageElement>('tool-logo-thumb')?.getAttribute('src')).toBe('data:image/webp;base64,111');
    expect(byTestId('tool-logo-choose')?.textContent?.trim()).toBe('Change logo…');

    byTestId('tool-screenshot-add')!.click();
    await settle();
    expect(form.draft?.screenshots).toEqual([{ media: SHOT, alt: '', credit: '' }]);
    type(byTestId<HTMLInputElement>('tool-screenshot-alt')!, 'The settings screen');
    expect(form.draft?.screenshots?.[0]?.alt).toBe('The settings screen');
    expect(form.dirty).toBe(true);

    byTestId('tool-logo-remove')!.click();
    flushSync();
    expect(form.draft?.logo).toBeUndefined();
  });

  it("show the core's problems under the screenshot they name", async () => {
    byTestId('tool-screenshot-add')!.click();
    picks = ['/tmp/shot.png'];
    await settle();
    form.saveError = invalid({ field: 'screenshots[0].alt', message: 'a screenshot needs alt text unless it is decorative' }) as never;
    flushSync();
    expect(byTestId('tool-screenshot')?.textContent).toContain('a screenshot needs alt text unless it is decorative');
  });
});
