// Who works and as what (issue 25, item 6): on a team desk the sidebar's badge and My work name
// every role the member has on the team, an admin too (an editor who was also the team's admin
// read as "Editor" alone); off a team, the chosen profile's roles, as people read them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queries, settle } from './test/dom';
import { liveStatus, sampleProfiles } from './test/fixtures';
import { session } from './lib/session.svelte';
import { team } from './lib/team.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk } from './test/appSetup';

import RoleSwitcher from './lib/components/RoleSwitcher.svelte';
import MyWorkScreen from './lib/components/MyWorkScreen.svelte';

const fresh = freshDesk();
const { byTestId } = queries(() => fresh.target);

/** The editor's desk on a team where they are an editor and the admin. */
function signInAsEditorAdmin() {
  const status = liveStatus();
  team.take({ ...status, link: { ...status.link!, user: 'editor', display_name: 'Editor', roles: ['admin', 'editor'] } });
}

async function show() {
  fresh.mount(RoleSwitcher, { onswitch: () => {} });
  fresh.mount(MyWorkScreen, { work: { profile: 'editor', items: [] }, onopen: () => {} });
  await settle();
}

const chips = () => [...(byTestId('current-roles')?.querySelectorAll('li') ?? [])].map((li) => li.textContent?.trim());

beforeEach(() => {
  team.status = null;
  session.signIn(null);
  // The desk keeps a member as a profile with the desk's roles only: no admin among them.
  session.setProfiles(sampleProfiles());
  session.choose('editor');
});

afterEach(() => {
  team.status = null;
  session.signIn(null);
});

describe('the roles of who works', () => {
  it("names every role an editor and admin has on the team, in the badge and in My work", async () => {
    signInAsEditorAdmin();
    await show();
    expect(session.member).toBe('editor');
    expect(chips()).toEqual(['Editor', 'Admin']);
    expect(byTestId('my-work-who')?.textContent).toContain('Editor (Editor, Admin)');
  });

  it("names the chosen profile's roles off a team, as people read them", async () => {
    session.setProfiles([...sampleProfiles(), { slug: 'both', name: 'Kim Lee', roles: ['publisher', 'editor'], reviewer: null }]);
    session.choose('both');
    await show();
    expect(chips()).toEqual(['Editor', 'Publisher']);
    expect(byTestId('my-work-who')?.textContent).toContain('Kim Lee (Editor, Publisher)');
  });

  it('follows the team when the member’s roles change there', async () => {
    signInAsEditorAdmin();
    await show();
    const status = liveStatus();
    team.take({ ...status, link: { ...status.link!, user: 'editor', roles: ['editor', 'publisher', 'admin'] } });
    await settle();
    expect(chips()).toEqual(['Editor', 'Publisher', 'Admin']);
    expect(byTestId('my-work-who')?.textContent).toContain('(Editor, Publisher, Admin)');
  });
});
