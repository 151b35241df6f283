// The status bar's team status (issue 25): a refused password is its own state with "Sign in
// again" (a password dialog, tried on the server), not "Offline … sent when the server is
// back"; saves waiting are counted while the desk cannot sync.
import { describe, expect, it, vi } from 'vitest';
import { button, queries, settle, type } from './test/dom';
import { liveStatus } from './test/fixtures';
import { team } from './lib/team.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk, invokeMock } from './test/appSetup';

import SyncStatus from './lib/components/team/SyncStatus.svelte';

const fresh = freshDesk();
const { byTestId, byLabel } = queries(() => document.body);

const refused = liveStatus({
  state: 'sign_in_refused',
  pending: 1,
  offline_since: '2026-12-02T04:54:00Z',
  problem: 'the team’s server refused the password of "sam": check it, or ask the team’s admin for a new one',
  checked_at: '2026-12-02T04:55:00Z',
});

async function open() {
  fresh.mount(SyncStatus, { onconflicts: () => {} });
  await settle();
}

describe('the status bar on a team desk', () => {
  it('counts the changes waiting while offline', async () => {
    team.take(liveStatus({ state: 'offline', pending: 1 }));
    await open();
    expect(byTestId('sync-status')?.textContent).toContain('Offline · 1 change waiting');
    expect(byTestId('sync-sign-in')).toBeNull();
  });

  it('says a refused sign-in plainly, without promising to send when the server is back', async () => {
    team.take(refused);
    await open();
    const line = fresh.target.querySelector('[role="status"]')!;
    expect(line.textContent).toBe('Sign-in refused · 1 change waiting');
    expect(byTestId('sync-status')?.dataset.state).toBe('sign_in_refused');
    const tip = line.getAttribute('title') ?? '';
    expect(tip).toContain('refused the password of "sam"');
    expect(tip).not.toContain('server is back');
    expect(tip).toContain('Sign in again');
    expect(byTestId('sync-sign-in')?.textContent?.trim()).toBe('Sign in again');
  });

  it('signs in again from a password dialog: a refusal stays under the field, a good one closes it', async () => {
    team.take(refused);
    let answer: 'refuse' | 'take' = 'refuse';
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'team_sign_in') {
        if (answer === 'refuse') throw { code: 'team_login', message: 'the team’s server refused the password of "sam"', problems: [] };
        return { user: 'sam', password_in_keyring: true };
      }
      if (cmd === 'team_status') return liveStatus({ state: 'syncing', pending: 1 });
      throw { code: 'not_found', message: cmd, problems: [] };
    });
    await open();
    byTestId('sync-sign-in')!.click();
    await settle();
    const dialog = byTestId('sign-in-dialog')!;
    expect(dialog.textContent).toContain('refused the password of "sam"');
    // Nothing typed: said under the field, the server is not asked.
    button(dialog, 'Sign in').click();
    await settle();
    expect(byTestId('sign-in-error')?.textContent).toBe('Enter your password.');
    expect(invokeMock).not.toHaveBeenCalledWith('team_sign_in', expect.anything());

    type(byLabel('Password for Inès'), 'old-one');
    button(dialog, 'Sign in').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('team_sign_in', { password: 'old-one' });
    expect(byTestId('sign-in-error')?.textContent).toContain('refused the password');
    expect(byTestId('sign-in-dialog')).not.toBeNull();

    answer = 'take';
    type(byLabel('Password for Inès'), 'new-one');
    button(dialog, 'Sign in').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('team_sign_in', { password: 'new-one' });
    expect(byTestId('sign-in-dialog')).toBeNull();
    expect(team.status?.state).toBe('syncing');
  });

  it('says where no keyring keeps the password that it lasts until the app closes', async () => {
    team.take(liveStatus({ state: 'sign_in_needed', problem: 'no password for "ines"' }));
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'team_sign_in') return { user: 'ines', password_in_keyring: false };
      if (cmd === 'team_status') return liveStatus({ state: 'synced' });
      throw { code: 'not_found', message: cmd, problems: [] };
    });
    await open();
    expect(fresh.target.querySelector('[role="status"]')?.textContent).toBe('Sign-in needed');
    byTestId('sync-sign-in')!.click();
    await settle();
    type(byLabel('Password for Inès'), 'ines-pw');
    button(byTestId('sign-in-dialog')!, 'Sign in').click();
    await settle();
    const kept = byTestId('sign-in-kept')?.textContent ?? '';
    expect(kept).toContain('until the app closes');
    expect(kept).toContain('VERDICT_TEAM_PASSWORD');
    button(byTestId('sign-in-dialog')!, 'OK').click();
    await settle();
    expect(byTestId('sign-in-dialog')).toBeNull();
  });
});
