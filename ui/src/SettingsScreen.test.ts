import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { choose, queries, settle, type } from './test/dom';
import { flushSync } from 'svelte';
import { sampleOverview, sampleProfiles, sampleSite } from './test/fixtures';
import { DEFAULT_IMPORT_PATH, installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import type { ImportPlan, ImportReport, Profile, SiteSettings } from './lib/types';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import SettingsScreen from './lib/components/SettingsScreen.svelte';
import { session } from './lib/session.svelte';
import { team } from './lib/team.svelte';
import { liveStatus } from './test/fixtures';
import { invalid } from './test/errors';

type Exports = { beforeLeave(): Promise<boolean> | null; startNew(): void };

const fresh = freshDesk();
let screen: (ReturnType<typeof fresh.mount> & Exports) | null = null;
const { byTestId, byLabel } = queries(() => fresh.target);
let onprofilesaved: ReturnType<typeof vi.fn<(p: Profile) => void>>;
let onsitesaved: ReturnType<typeof vi.fn<(s: SiteSettings) => void>>;
let onimported: ReturnType<typeof vi.fn<(r: ImportReport) => void>>;


/** The form control a <label> with exactly this text points at. */



function check(input: HTMLInputElement, checked = true) {
  if (input.checked !== checked) input.click();
  flushSync();
}


async function start(options: FakeBackendOptions = {}, profile = 'editor') {
  const backend = installBackend(invokeMock, options);
  session.setProfiles(options.profiles ?? sampleProfiles());
  session.choose(profile);
  screen = fresh.mount(SettingsScreen, {
    reviewers: sampleOverview().reviewers,
    onprofilesaved,
    onsitesaved,
    onimported,
  }) as typeof screen;
  flushSync();
  await settle();
  return backend;
}

beforeEach(() => {
  screen = null;
  document.documentElement.removeAttribute('data-theme');
  onprofilesaved = vi.fn<(p: Profile) => void>();
  onsitesaved = vi.fn<(s: SiteSettings) => void>();
  onimported = vi.fn<(r: ImportReport) => void>();
});

afterEach(() => {
  team.status = null;
  session.signIn(null);
});

describe('Settings: profiles', () => {
  it('lists the profiles with their roles and who is working now', async () => {
    await start();
    expect(byTestId('profile-dx')?.textContent).toContain('Dana Xu');
    expect(byTestId('profile-dx')?.textContent).toContain('Reviewer');
    expect(byTestId('profile-dx')?.textContent).toContain('writes as Dana Xu');
    expect(byTestId('profile-editor')?.textContent).toContain('working now');
    expect(byTestId('profile-publisher')?.textContent).not.toContain('working now');
  });

  it('adds a profile with roles and the reviewer it writes as', async () => {
    const backend = await start();
    byTestId('add-profile')?.click();
    await settle();
    const name = byLabel('Name');
    expect(document.activeElement).toBe(name);

    type(name, 'Rita Ortiz');
    // The slug follows the name until it is typed by hand.
    expect(byLabel('Slug').value).toBe('rita-ortiz');
    check(byLabel('Editor'));
    check(byLabel('Reviewer'));
    choose(byLabel<HTMLSelectElement>('Writes verdicts as'), 'skeptic');
    byTestId('save-profile')?.click();
    await settle();

    expect(backend.calls('save_profile')).toEqual([
      { profile: { slug: 'rita-ortiz', name: 'Rita Ortiz', roles: ['editor', 'reviewer'], reviewer: 'skeptic' } },
    ]);
    expect(onprofilesaved).toHaveBeenCalledWith({ slug: 'rita-ortiz', name: 'Rita Ortiz', roles: ['editor', 'reviewer'], reviewer: 'skeptic' });
    expect(byTestId('profile-form')).toBeNull();
    expect(byTestId('profile-notice')?.textContent).toContain('Rita Ortiz');
  });

  it('shows the core’s field problems under their fields', async () => {
    const backend = await start({
      saveProfile: () => {
        throw invalid({ field: 'name', message: 'must not be empty' }, { field: 'roles', message: 'give the profile at least one role' });
      },
    });
    byTestId('add-profile')?.click();
    await settle();
    type(byLabel('Slug'), 'someone');
    byTestId('save-profile')?.click();
    await settle();

    expect(backend.calls('save_profile')).toEqual([{ profile: { slug: 'someone', name: '', roles: [], reviewer: null } }]);
    expect(byTestId('profile-error-name')?.textContent).toBe('must not be empty');
    expect(byTestId('profile-error-roles')?.textContent).toBe('give the profile at least one role');
    const name = byLabel('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('profile-name-error');
    expect(document.activeElement).toBe(name);
    expect(byTestId('profile-form')).not.toBeNull();
    expect(onprofilesaved).not.toHaveBeenCalled();
  });

  it('does not replace another profile with a new one of the same slug', async () => {
    const backend = await start();
    byTestId('add-profile')?.click();
    await settle();
    type(byLabel('Name'), 'Editor');
    check(byLabel('Editor'));
    byTestId('save-profile')?.click();
    await settle();
    expect(backend.calls('save_profile')).toEqual([]);
    expect(byTestId('profile-error-slug')?.textContent).toContain('exists already');
  });

  it('edits a profile: the slug stays, a dropped reviewer role drops the reviewer', async () => {
    const backend = await start();
    byTestId('edit-profile-dx')?.click();
    await settle();
    expect(byLabel('Name').value).toBe('Dana Xu');
    expect(byTestId('profile-slug')?.textContent).toBe('dx');
    expect(fresh.target.querySelector('#profile-slug')).toBeNull();
    expect(byLabel<HTMLSelectElement>('Writes verdicts as').value).toBe('dx');

    check(byLabel('Reviewer'), false);
    check(byLabel('Publisher'));
    expect(fresh.target.querySelector('#profile-reviewer')).toBeNull();
    byTestId('save-profile')?.click();
    await settle();
    expect(backend.calls('save_profile')).toEqual([{ profile: { slug: 'dx', name: 'Dana Xu', roles: ['publisher'], reviewer: null } }]);
  });

  it('opens a new profile form from startNew (Ctrl/Cmd+N)', async () => {
    await start();
    screen?.startNew();
    await settle();
    expect(byTestId('profile-form')?.textContent).toContain('New profile');
    expect(document.activeElement).toBe(byLabel('Name'));
  });
});

describe('Settings: site', () => {
  it('loads the site settings and saves them as the current profile', async () => {
    const backend = await start({}, 'publisher');
    expect(byLabel('Site name').value).toBe('AI Tool Verdicts');
    expect(byLabel('Base URL').value).toBe('https://verdicts.example.com');
    expect(byLabel<HTMLTextAreaElement>('Newsletter body').value).toContain('New AI tools ship daily.');
    expect([...byLabel<HTMLSelectElement>('Theme').options].map((o) => o.value)).toEqual(['default', 'compact']);
    const save = byTestId<HTMLButtonElement>('save-site')!;
    expect(save.disabled).toBe(true);

    type(byLabel('Site name'), 'Verdict Weekly');
    type(byLabel('Newsletter heading'), 'Subscribe');
    type(byLabel('Base URL'), '  ');
    choose(byLabel<HTMLSelectElement>('Theme'), 'compact');
    expect(byTestId('site-state')?.textContent?.trim()).toBe('Unsaved changes');
    save.click();
    await settle();

    const expected: SiteSettings = {
      ...sampleSite(),
      site_name: 'Verdict Weekly',
      newsletter: { ...sampleSite().newsletter, heading: 'Subscribe' },
      theme: 'compact',
      base_url: null,
    };
    expect(backend.calls('save_site')).toEqual([{ profile: 'publisher', site: expected }]);
    expect(onsitesaved).toHaveBeenCalledWith(expected);
    expect(byTestId('site-state')?.textContent?.trim()).toBe('Site settings saved.');
    expect(save.disabled).toBe(true);
  });

  it('keeps the vote service when other settings are saved, and sets or clears it', async () => {
    const withService: SiteSettings = { ...sampleSite(), vote_service: 'https://votes.example.com/' };
    const backend = await start({ site: withService }, 'publisher');
    const field = byLabel('Vote service');
    expect([field.value, field.getAttribute('type')]).toEqual(['https://votes.example.com/', 'url']);
    const save = byTestId<HTMLButtonElement>('save-site')!;
    type(byLabel('Site name'), 'Verdict Weekly');
    save.click();
    await settle();
    type(field, '  ');
    save.click();
    await settle();

    const calls = backend.calls('save_site') as { site: SiteSettings }[];
    expect(calls[0]!.site).toEqual({ ...withService, site_name: 'Verdict Weekly' });
    // Cleared: left out, as the core writes a site without one.
    expect(calls[1]!.site).toEqual({ ...sampleSite(), site_name: 'Verdict Weekly' });
    expect(Object.keys(calls[1]!.site)).not.toContain('vote_service');
  });

  it('saves with Ctrl+S and shows errors under their fields', async () => {
    const backend = await start({
      saveSite: () => {
        throw invalid(
          { field: 'base_url', message: '"verdicts" is not an absolute http(s) URL' },
          { field: 'newsletter.kicker', message: 'must be a single line' },
        );
      },
    });
    const url = byLabel('Base URL');
    type(url, 'verdicts');
    url.focus();
    url.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true, cancelable: true }));
    await settle();

    expect(backend.calls('save_site')).toHaveLength(1);
    expect(byTestId('site-error-base_url')?.textContent).toBe('"verdicts" is not an absolute http(s) URL');
    expect(byTestId('site-error-newsletter.kicker')?.textContent).toBe('must be a single line');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(byLabel('Newsletter kicker').getAttribute('aria-describedby')).toBe('site-newsletter-kicker-error');
    expect(onsitesaved).not.toHaveBeenCalled();
  });

  it('is read-only for a profile that is neither editor nor publisher', async () => {
    const backend = await start({}, 'dx');
    expect(byTestId('site-readonly')?.textContent).toContain('Only an editor or a publisher');
    // Disabled through its fieldset, like every field of the form.
    expect(byLabel('Site name').matches(':disabled')).toBe(true);
    expect(byLabel<HTMLSelectElement>('Theme').matches(':disabled')).toBe(true);
    expect(byTestId('save-site')).toBeNull();
    expect(screen?.beforeLeave()).toBeNull();
    expect(backend.calls('save_site')).toEqual([]);
  });

  it('saves unsaved site changes before the screen is left', async () => {
    const backend = await start();
    expect(screen?.beforeLeave()).toBeNull();
    type(byLabel('Kicker'), 'Head to head');
    const pending = screen?.beforeLeave();
    expect(pending).not.toBeNull();
    await settle();
    await expect(pending).resolves.toBe(true);
    expect(backend.calls('save_site')).toEqual([{ profile: 'editor', site: { ...sampleSite(), kicker: 'Head to head' } }]);
  });

  it('reverts unsaved changes', async () => {
    await start();
    type(byLabel('Site name'), 'Oops');
    byTestId('revert-site')?.click();
    flushSync();
    expect(byLabel('Site name').value).toBe('AI Tool Verdicts');
    expect(screen?.beforeLeave()).toBeNull();
  });
});

describe('Settings: appearance', () => {
  it('applies and remembers the app theme', async () => {
    await start();
    const system = byLabel('System');
    expect(system.checked).toBe(true);

    check(byLabel('Dark'));
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    expect(localStorage.getItem('verdict-desk.appearance')).toBe('dark');

    // Remembered: a new screen starts with the stored choice.
    fresh.unmount(screen);
    screen = fresh.mount(SettingsScreen, { reviewers: [] }) as typeof screen;
    await settle();
    expect(byLabel('Dark').checked).toBe(true);

    check(byLabel('Light'));
    expect(document.documentElement.getAttribute('data-theme')).toBe('light');
    check(byLabel('System'));
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    expect(localStorage.getItem('verdict-desk.appearance')).toBeNull();
  });
});

describe('Settings: data', () => {
  it('shows where the data lives', async () => {
    await start();
    expect(byTestId('info-data-dir')?.textContent).toBe('/home/editor/.local/share/verdict-desk');
    expect(byTestId('info-database')?.textContent).toBe('/home/editor/.local/share/verdict-desk/desk.sqlite3');
    expect(byTestId('info-backups')?.textContent).toBe('/home/editor/.local/share/verdict-desk/backups');
    expect(byTestId('info-schema')?.textContent).toBe('3');
  });

  it('imports a bundle and shows the report', async () => {
    const report: ImportReport = { created: 2, updated: 1, unchanged: 3 };
    const backend = await start({ importBundle: () => report });
    byTestId('import-bundle')?.click();
    await settle();
    expect(backend.calls('choose_bundle_file')).toEqual([{ purpose: 'import' }]);
    expect(backend.calls('import_bundle')).toEqual([{ path: DEFAULT_IMPORT_PATH, replace: false }]);
    expect(byTestId('data-notice')?.textContent).toBe(`Imported ${DEFAULT_IMPORT_PATH}: 2 created, 1 updated, 3 unchanged.`);
    expect(onimported).toHaveBeenCalledWith(report);
    // The import may have replaced the site settings: they are read again.
    expect(backend.calls('get_site')).toHaveLength(2);
  });

  const replacingPlan: ImportPlan = {
    added: [{ kind: 'tool', key: 'brand-new-tool', path: 'tools[2]' }],
    replaced: [
      {
        entity: { kind: 'tool', key: 'claude-haiku', path: 'tools[0]' },
        changes: [{ field: 'name', before: 'A newer name', after: 'Claude Haiku', parts: [] }],
      },
    ],
    unchanged: [{ kind: 'site', key: 'site', path: 'site' }],
  };

  it('asks before an import that would replace what differs, and imports only when told to', async () => {
    const report: ImportReport = { created: 1, updated: 1, unchanged: 1 };
    const backend = await start({ importPlan: () => replacingPlan, importBundle: () => report });
    byTestId('import-bundle')?.click();
    await settle();
    expect(backend.calls('import_plan')).toEqual([{ path: DEFAULT_IMPORT_PATH }]);
    expect(backend.calls('import_bundle')).toEqual([]);
    const confirm = byTestId('import-confirm');
    expect(confirm?.getAttribute('role')).toBe('alertdialog');
    expect(confirm?.textContent).toContain('would replace 1 item that differs');
    expect(byTestId('import-replaced')?.textContent).toContain('tool claude-haiku');
    expect(byTestId('import-change')?.textContent).toContain('name: here A newer name, bundle Claude Haiku');
    expect(byTestId<HTMLButtonElement>('import-bundle')?.disabled).toBe(true);

    byTestId('import-replace')?.click();
    await settle();
    expect(backend.calls('import_bundle')).toEqual([{ path: DEFAULT_IMPORT_PATH, replace: true }]);
    expect(byTestId('import-confirm')).toBeNull();
    expect(byTestId('data-notice')?.textContent).toBe(`Imported ${DEFAULT_IMPORT_PATH}: 1 created, 1 updated, 1 unchanged.`);
    expect(onimported).toHaveBeenCalledWith(report);
  });

  it('changes nothing when the person cancels an import that would replace', async () => {
    const backend = await start({ importPlan: () => replacingPlan });
    byTestId('import-bundle')?.click();
    await settle();
    byTestId('import-cancel')?.click();
    await settle();
    expect(backend.calls('import_bundle')).toEqual([]);
    expect(byTestId('import-confirm')).toBeNull();
    expect(byTestId('data-notice')?.textContent).toBe('Import cancelled; nothing was changed.');
    expect(onimported).not.toHaveBeenCalled();
    expect(byTestId<HTMLButtonElement>('import-bundle')?.disabled).toBe(false);
  });

  it('does nothing when the file dialog is cancelled', async () => {
    const backend = await start({ chooseFile: () => null });
    byTestId('import-bundle')?.click();
    await settle();
    expect(backend.calls('import_bundle')).toEqual([]);
    expect(byTestId('data-notice')).toBeNull();
    expect(byTestId('data-error')).toBeNull();
    expect(byTestId<HTMLButtonElement>('import-bundle')?.disabled).toBe(false);
  });

  it('lists every problem of a rejected import', async () => {
    await start({
      importBundle: () => {
        throw {
          code: 'bad_bundle',
          field: 'tools[0].name',
          message: 'the bundle was refused and nothing was changed:\n  tools[0].name: must not be empty\n  comparisons[1].tools: a comparison needs at least two tools',
        };
      },
    });
    byTestId('import-bundle')?.click();
    await settle();
    const error = byTestId('data-error');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toContain('the bundle was refused and nothing was changed');
    expect([...fresh.target.querySelectorAll('[data-testid="data-problem"]')].map((li) => li.textContent)).toEqual([
      'tools[0].name: must not be empty',
      'comparisons[1].tools: a comparison needs at least two tools',
    ]);
    expect(onimported).not.toHaveBeenCalled();
  });

  it('shows "; "-separated problems as a list too', async () => {
    await start({
      importBundle: () => {
        throw { ...invalid({ field: 'site.theme', message: 'no theme "x"' }, { field: 'tools[2].slug', message: 'must not be empty' }), field: undefined };
      },
    });
    byTestId('import-bundle')?.click();
    await settle();
    expect([...fresh.target.querySelectorAll('[data-testid="data-problem"]')].map((li) => li.textContent)).toEqual([
      'site.theme: no theme "x"',
      'tools[2].slug: must not be empty',
    ]);
  });

  it('exports a bundle to the chosen file', async () => {
    const backend = await start({ chooseFile: () => '/tmp/all.json' });
    byTestId('export-bundle')?.click();
    await settle();
    expect(backend.calls('choose_bundle_file')).toEqual([{ purpose: 'export' }]);
    expect(backend.calls('export_bundle')).toEqual([{ path: '/tmp/all.json' }]);
    const notice = byTestId('data-notice')?.textContent ?? '';
    expect(notice).toContain('Exported the content to /tmp/all.json');
    expect(notice).not.toContain('all content');
    expect(notice).toContain('Profiles and publishing targets (with their secrets) are not part of a bundle.');
  });
});

// Issue 25, item 6: on a team desk the people are the team's members, so the desk's own
// profiles ("stay on this computer") are not listed as if they worked here.
describe('Settings: profiles on a team desk', () => {
  function signInAsEditorAdmin() {
    const status = liveStatus();
    team.take({ ...status, link: { ...status.link!, user: 'editor', display_name: 'Editor', roles: ['editor', 'admin'] } });
  }

  it('says who works here and with which roles instead of listing the local profiles', async () => {
    signInAsEditorAdmin();
    await start();
    const card = byTestId('settings-profiles')!;
    expect(card.textContent).not.toContain('stay on this computer');
    expect(byTestId('profile-dx')).toBeNull();
    expect(byTestId('add-profile')).toBeNull();
    const text = byTestId('profiles-on-team')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(text).toContain('You work here as Editor (Editor, Admin);');
    expect(text).toContain("the team's admin adds members and gives them their roles");
    expect(text).toContain("This desk's own profiles are not used while it is on the team.");
  });

  it('opens no profile form with Ctrl/Cmd+N, and lists the profiles again off the team', async () => {
    signInAsEditorAdmin();
    await start();
    screen?.startNew();
    await settle();
    expect(byTestId('profile-form')).toBeNull();
    expect(screen?.beforeLeave()).toBeNull();

    team.status = null;
    session.signIn(null);
    await settle();
    expect(byTestId('profiles-on-team')).toBeNull();
    expect(byTestId('profile-dx')?.textContent).toContain('Dana Xu');
    expect(byTestId('add-profile')).not.toBeNull();
  });
});

// Issue 25, item 6: after a save the button said "Save", pale and disabled, which read as broken.
describe('Settings: the site form after a save', () => {
  it('says "Saved" on the button once saved, and "Save" again on the next change', async () => {
    const backend = await start({}, 'publisher');
    const save = byTestId<HTMLButtonElement>('save-site')!;
    type(byLabel('Site name'), 'Verdict Weekly');
    expect(save.textContent?.trim()).toBe('Save');
    expect(save.disabled).toBe(false);
    expect(save.classList.contains('saved')).toBe(false);

    save.click();
    await settle();
    expect(backend.calls('save_site')).toHaveLength(1);
    expect(save.textContent?.replace(/\s+/g, ' ').trim()).toBe('✓ Saved');
    // Nothing to save, said at full strength (the class lifts the pale disabled look).
    expect(save.disabled).toBe(true);
    expect(save.classList.contains('saved')).toBe(true);
    expect(save.getAttribute('title')).toBe('Everything here is saved');

    type(byLabel('Site name'), 'Verdict Weekly 2');
    expect(save.textContent?.trim()).toBe('Save');
    expect(save.classList.contains('saved')).toBe(false);
  });

  it('says "Saving…" while the save runs', async () => {
    let finish: () => void = () => {};
    await start({ saveSite: (_profile, site) => new Promise((done) => (finish = () => done(site))) }, 'publisher');
    const save = byTestId<HTMLButtonElement>('save-site')!;
    type(byLabel('Site name'), 'Verdict Weekly');
    save.click();
    await settle();
    expect(save.textContent?.trim()).toBe('Saving…');
    expect(save.classList.contains('saved')).toBe(false);
    finish();
    await settle();
    expect(save.textContent?.replace(/\s+/g, ' ').trim()).toBe('✓ Saved');
  });
});
