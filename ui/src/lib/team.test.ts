import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveStatus } from './bindings';

const { invokeMock } = vi.hoisted(() => ({ invokeMock: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn(async () => () => {}) }));

import { team } from './team.svelte';
import { liveStatus } from '../test/fixtures';

function status(state: LiveStatus['state']): LiveStatus {
  return liveStatus({ state, link: null });
}

describe('the team status', () => {
  afterEach(() => {
    invokeMock.mockReset();
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
  });

  it('keeps an event that arrived while a read was under way over the read', async () => {
    (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ = {};
    let answer: (s: LiveStatus) => void = () => {};
    invokeMock.mockImplementation(() => new Promise<LiveStatus>((resolve) => (answer = resolve)));
    const reading = team.refresh();
    // The round finished while the read was on its way: its event says so first.
    team.takeEvent(status('synced'));
    answer(status('syncing'));
    await reading;
    expect(team.status?.state).toBe('synced');

    // With no event meanwhile, the read is taken.
    invokeMock.mockResolvedValue(status('offline'));
    await team.refresh();
    expect(team.status?.state).toBe('offline');
  });
});
