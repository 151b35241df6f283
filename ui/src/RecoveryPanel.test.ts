import { describe, expect, it, vi } from 'vitest';
import { settle } from './test/dom';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import RecoveryPanel from './lib/components/RecoveryPanel.svelte';

const fresh = freshDesk();

describe('RecoveryPanel', () => {
  it('offers the newest good backup and restores it by its path', async () => {
    const path = '/home/ed/.local/share/com.verdictdesk.desk/backups/verdict-20261126T101500.000Z-scheduled.db';
    invokeMock.mockImplementation((command: string) => {
      if (command === 'recovery_offer') return Promise.resolve({ path, taken_at: '2026-11-26T10:15:00Z', bytes: 90_112 });
      if (command === 'restore_backup') return new Promise(() => {}); // the app restarts
      return Promise.reject({ code: 'unexpected', message: command });
    });
    fresh.mount(RecoveryPanel);
    await settle();
    expect(fresh.target.textContent).toContain('verdict-20261126T101500.000Z-scheduled.db');
    expect(fresh.target.textContent).toContain('88 KB');
    const button = [...fresh.target.querySelectorAll('button')].find((b) => b.textContent?.includes('Restore this backup'))!;
    button.click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('restore_backup', { path });
    expect(button.disabled).toBe(true);
    expect(button.textContent).toContain('Restoring');
  });

  it('says plainly when no backup is usable, and shows a failed restore as text', async () => {
    invokeMock.mockResolvedValueOnce(null);
    const empty = fresh.mount(RecoveryPanel);
    await settle();
    expect(fresh.target.textContent).toContain('No usable backup');
    expect(fresh.target.querySelector('button')).toBeNull();
    fresh.unmount(empty);

    invokeMock.mockReset();
    invokeMock.mockImplementation((command: string) =>
      command === 'recovery_offer'
        ? Promise.resolve({ path: '/b/verdict-1.db', taken_at: '2026-11-26T10:15:00Z', bytes: 4096 })
        : Promise.reject({ code: 'restore', message: '<img src=x onerror=alert(1)> could not be restored' }),
    );
    fresh.mount(RecoveryPanel);
    await settle();
    fresh.target.querySelector('button')!.click();
    await settle();
    expect(fresh.target.querySelector('[role="alert"]')!.textContent).toContain('could not be restored');
    expect(fresh.target.querySelector('img')).toBeNull();
  });
});
