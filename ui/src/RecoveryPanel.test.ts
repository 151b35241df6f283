import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, leaveTauri, newTarget, settle } from './test/dom';
import { mount, unmount } from 'svelte';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import RecoveryPanel from './lib/components/RecoveryPanel.svelte';


let target: HTMLElement;
let panel: ReturnType<typeof mount> | null = null;


beforeEach(() => {
  enterTauri();
  target = newTarget();
  invokeMock.mockReset();
});

afterEach(() => {
  if (panel) unmount(panel);
  panel = null;
  target.remove();
  leaveTauri();
});

describe('RecoveryPanel', () => {
  it('offers the newest good backup and restores it by its path', async () => {
    const path = '/home/ed/.local/share/com.verdictdesk.desk/backups/verdict-20261126T101500.000Z-scheduled.db';
    invokeMock.mockImplementation((command: string) => {
      if (command === 'recovery_offer') return Promise.resolve({ path, taken_at: '2026-11-26T10:15:00Z', bytes: 90_112 });
      if (command === 'restore_backup') return new Promise(() => {}); // the app restarts
      return Promise.reject({ code: 'unexpected', message: command });
    });
    panel = mount(RecoveryPanel, { target });
    await settle();
    expect(target.textContent).toContain('verdict-20261126T101500.000Z-scheduled.db');
    expect(target.textContent).toContain('88 KB');
    const button = [...target.querySelectorAll('button')].find((b) => b.textContent?.includes('Restore this backup'))!;
    button.click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('restore_backup', { path });
    expect(button.disabled).toBe(true);
    expect(button.textContent).toContain('Restoring');
  });

  it('says plainly when no backup is usable, and shows a failed restore as text', async () => {
    invokeMock.mockResolvedValueOnce(null);
    panel = mount(RecoveryPanel, { target });
    await settle();
    expect(target.textContent).toContain('No usable backup');
    expect(target.querySelector('button')).toBeNull();
    unmount(panel);

    invokeMock.mockReset();
    invokeMock.mockImplementation((command: string) =>
      command === 'recovery_offer'
        ? Promise.resolve({ path: '/b/verdict-1.db', taken_at: '2026-11-26T10:15:00Z', bytes: 4096 })
        : Promise.reject({ code: 'restore', message: '<img src=x onerror=alert(1)> could not be restored' }),
    );
    panel = mount(RecoveryPanel, { target });
    await settle();
    target.querySelector('button')!.click();
    await settle();
    expect(target.querySelector('[role="alert"]')!.textContent).toContain('could not be restored');
    expect(target.querySelector('img')).toBeNull();
  });
});
