// The App as a whole, continued: profiles, the window's shortcuts, closing, and New comparison.
import { describe, expect, it, vi } from 'vitest';
import { key, settle, type } from './test/dom';
import { flushSync } from 'svelte';
import type { Overview } from './lib/types';
import { sampleComparison, sampleOverview } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import { session } from './lib/session.svelte';
import { SLUG, appSuite } from './test/appSuite';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { events, invokeMock } from './test/appSetup';

import { invalid } from './test/errors';

const t = appSuite();
const { backend, byTestId, start, unmountApp } = t;

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
    expect(t.target.querySelector('label[for="working-as"]')?.textContent).toBe('Working as');
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
    type(t.target.querySelector('#profile-name') as HTMLInputElement, 'Rita Ortiz');
    (t.target.querySelector('#profile-role-publisher') as HTMLInputElement).click();
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
    unmountApp();
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
    [...t.target.querySelectorAll<HTMLInputElement>('#nc-tools input')].find((b) => b.labels?.[0]?.textContent?.trim() === name)!;

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
