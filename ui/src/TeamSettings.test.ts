// Settings › Team (issue 15): joining tries the login first and names what is wrong under
// its field or in words; a desk on a team shows the member, and leaving asks first.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { button, queries, settle, type } from './test/dom';
import type { LiveStatus } from './lib/bindings';
import { team } from './lib/team.svelte';
import { session } from './lib/session.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk, invokeMock } from './test/appSetup';

import TeamSettings from './lib/components/team/TeamSettings.svelte';

const fresh = freshDesk();
const { byTestId, byLabel } = queries(() => fresh.target);

const linked: LiveStatus = {
  state: 'synced',
  link: {
    url: 'postgres://team.example.com:5432/verdict',
    user: 'devon',
    desk_id: 'd',
    cursor: 4,
    roles: ['reviewer'],
    reviewer: 'devon-dx',
    display_name: 'Devon Reyes',
    joined_at: '2026-12-02T09:00:00Z',
    synced_at: '2026-12-02T09:01:00Z',
  },
  pending: 2,
  conflicts: 0,
  offline_since: null,
  problem: null,
  checked_at: null,
  refused: [],
  last_synced: '2026-12-02T09:01:00Z',
};

beforeEach(() => {
  team.status = null;
  session.signIn(null);
});

async function open() {
  fresh.mount(TeamSettings, { reviewers: [{ slug: 'devon-dx', name: 'Devon Reyes' }] });
  await settle();
}

describe('Settings › Team', () => {
  it('names the missing fields under them and asks nothing of the server', async () => {
    await open();
    button(fresh.target, 'Join the team').click();
    await settle();
    expect(byLabel('Server address')?.getAttribute('aria-invalid')).toBe('true');
    expect(fresh.target.textContent).toContain('Enter the team server’s address.');
    expect(fresh.target.textContent).toContain('Enter your password.');
    expect(invokeMock).not.toHaveBeenCalled();
  });

  it('shows the server’s refusal in words and keeps what was typed', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'team_join') {
        throw { code: 'team_login', message: 'the team’s server refused the password of "devon"', problems: [] };
      }
      throw { code: 'not_found', message: cmd, problems: [] };
    });
    await open();
    type(byLabel<HTMLInputElement>('Server address')!, 'postgres://team.example.com:5432/verdict');
    type(byLabel<HTMLInputElement>('User name')!, 'devon');
    type(byLabel<HTMLInputElement>('Password')!, 'wrong');
    button(fresh.target, 'Join the team').click();
    await settle();
    expect(invokeMock).toHaveBeenCalledWith('team_join', {
      server: 'postgres://team.example.com:5432/verdict',
      user: 'devon',
      password: 'wrong',
      seed: false,
    });
    expect(byTestId('team-error')?.textContent).toContain('refused the password');
    expect(byLabel<HTMLInputElement>('User name')?.value).toBe('devon');
  });

  it('says at join time that without a keyring the password lasts until the app closes', async () => {
    invokeMock.mockImplementation(async (cmd: string) => {
      if (cmd === 'team_join') {
        return {
          member: { login: 'devon', display_name: 'Devon Reyes', roles: ['reviewer'], reviewer: 'devon-dx', disabled: false },
          entities: 12,
          seeded: 0,
          backup: null,
          password_in_keyring: false,
        };
      }
      if (cmd === 'team_status') return linked;
      throw { code: 'not_found', message: cmd, problems: [] };
    });
    await open();
    type(byLabel<HTMLInputElement>('Server address')!, 'postgres://team.example.com:5432/verdict');
    type(byLabel<HTMLInputElement>('User name')!, 'devon');
    type(byLabel<HTMLInputElement>('Password')!, 'devon-pw');
    button(fresh.target, 'Join the team').click();
    await settle();
    const notice = byTestId('team-notice')?.textContent ?? '';
    expect(notice).toContain('Joined as Devon Reyes');
    expect(notice).toContain('your password was not stored');
    expect(notice).toContain('until the app closes');
    expect(notice).toContain('VERDICT_TEAM_PASSWORD');
    expect(notice).not.toContain('to sync after a restart');
  });

  it('offers to sign in again when the server refused the password', async () => {
    team.take({ ...linked, state: 'sign_in_refused', problem: 'the team’s server refused the password of "devon"' });
    await open();
    expect(byTestId('team-sign-in-needed')?.textContent).toContain('refused the password of "devon"');
    button(fresh.target, 'Sign in again').click();
    await settle();
    expect(document.querySelector('[data-testid="sign-in-dialog"]')).not.toBeNull();
  });

  it('shows the member signed in, and says what waits before leaving', async () => {
    team.take(linked);
    await open();
    expect(byTestId('team-member')?.textContent).toContain('Devon Reyes');
    expect(byTestId('team-member')?.textContent).toContain('Reviewer');
    expect(byTestId('team-server')?.textContent).toBe('team.example.com:5432/verdict');
    button(fresh.target, 'Leave the team…').click();
    await settle();
    expect(byTestId('team-leave-confirm')?.textContent).toContain('2 changes you made have not reached the team yet');
    expect(byTestId('team-leave-discard')).not.toBeNull();
    expect(invokeMock).not.toHaveBeenCalledWith('team_leave', expect.anything());
  });
});
