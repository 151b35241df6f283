// The status bar's "Refreshing…" is for the desk read again while it is shown (Reload, an
// import): at start, while the list shows its first screenful and says it is reading all
// pages, the status bar does not say a second, wrong thing.
import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { settle } from './test/dom';
import { installBackend } from './test/fakeBackend';
import { sampleOverview } from './test/fixtures';
import type { Overview } from './lib/types';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk, invokeMock } from './test/appSetup';

import App from './App.svelte';

const fresh = freshDesk();
const byTestId = (id: string) => fresh.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const statusBar = () => fresh.target.querySelector('footer.statusbar')?.textContent ?? '';

describe('the status bar while the desk is read', () => {
  it('is quiet while the first screenful waits for the rest, and says Refreshing on Reload', async () => {
    // The first read (the first screenful) answers at once; each whole read waits until let go.
    let reads = 0;
    let letGo: (() => void) | null = null;
    installBackend(invokeMock, {
      overview: () => {
        reads += 1;
        if (reads === 1) return sampleOverview();
        return new Promise<Overview>((done) => {
          letGo = () => done(sampleOverview());
        });
      },
    });
    fresh.mount(App);
    flushSync();
    await settle();
    expect(byTestId('comparisons-reading')?.textContent).toBe('Reading all pages…');
    expect(statusBar()).not.toContain('Refreshing');

    letGo!();
    await settle();
    expect(byTestId('comparisons-reading')).toBeNull();
    expect(statusBar()).not.toContain('Refreshing');

    // Reload reads the whole desk again with the list shown: that is refreshing.
    byTestId('reload-button')!.click();
    await settle();
    expect(statusBar()).toContain('Refreshing…');
    letGo!();
    await settle();
    expect(statusBar()).not.toContain('Refreshing');
  });
});
