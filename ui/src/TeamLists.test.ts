// Lists and counts follow what the desk holds on a team desk: right after a join (the team's
// content replaced the desk's) and after every sync that changed it, also when the change
// was the member's own from another desk (the core's edits event then comes empty).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { settle } from './test/dom';
import { installBackend } from './test/fakeBackend';
import { liveStatus, sampleOverview } from './test/fixtures';
import type { Overview } from './lib/types';
import { session } from './lib/session.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { events, freshDesk, invokeMock } from './test/appSetup';

import App from './App.svelte';

const fresh = freshDesk();
const byTestId = (id: string) => fresh.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/** The desk as it is now: the sample, with `extra` more pages and tools than it. */
function desk(extra: number): Overview {
  const o = sampleOverview();
  const page = o.comparisons[0]!;
  const tool = o.tools[0]!;
  for (let i = 0; i < extra; i += 1) {
    o.comparisons.push({ ...page, slug: `${page.slug}-${i}`, title: `${page.title} ${i}` });
    o.tools.push({ ...tool, slug: `${tool.slug}-${i}`, name: `${tool.name} ${i}` });
  }
  return o;
}

function emit(name: string, payload: unknown) {
  const handler = events.handlers.get(name);
  expect(handler, `the app listens to ${name}`).toBeDefined();
  handler!({ payload });
}

beforeEach(() => {
  session.signIn(null);
});

describe('team desk lists', () => {
  it('are read again when the desk joins a team and when a sync changed the desk', async () => {
    let extra = 0;
    installBackend(invokeMock, { overview: async () => desk(extra) });
    fresh.mount(App);
    flushSync();
    await settle();
    expect(byTestId('nav-comparisons-count')?.textContent).toBe('1');
    expect(byTestId('nav-tools-count')?.textContent).toBe('2');

    // The join took the team's content; the live sync then reports the member signed in.
    extra = 1;
    emit('team-status', liveStatus({ state: 'syncing' }));
    await settle();
    expect(byTestId('nav-comparisons-count')?.textContent).toBe('2');
    expect(byTestId('nav-tools-count')?.textContent).toBe('3');
    expect(fresh.target.querySelectorAll('[data-testid^="comparison-row-"]').length).toBe(2);

    // A later round brought the member's own change from another desk: no one else's edit,
    // but the desk changed, and the core says so with an empty edits event.
    extra = 2;
    emit('team-status', liveStatus());
    // The store tells what the round changed (desk-changed); the lists read those rows.
    const page = sampleOverview().comparisons[0]!.slug;
    const tool = sampleOverview().tools[0]!.slug;
    emit('desk-changed', {
      generation: 1,
      origin: 'team',
      changes: [
        { kind: 'comparison', key: `${page}-1`, what: 'saved' },
        { kind: 'tool', key: `${tool}-1`, what: 'saved' },
      ],
    });
    emit('team-edits', []);
    await settle();
    expect(byTestId('nav-comparisons-count')?.textContent).toBe('3');
    expect(byTestId('nav-tools-count')?.textContent).toBe('4');
  });
});
