import { describe, expect, it, vi } from 'vitest';
import { choose, key, settle, type } from './test/dom';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));

import { invalid } from './test/errors';
import { SCHEDULED_AT, sampleView } from './test/publishingFixtures';
import { publishingSuite } from './test/publishingSuite';

const t = publishingSuite();
const { byTestId, byLabel, button, start } = t;

describe('Publishing: what is shown', () => {
  it('lists the targets, the queue and the pages of the view', async () => {
    await start();
    const main = byTestId('target-main-site')!;
    expect(main.textContent).toContain('Page API');
    expect(byTestId('target-url-main-site')?.textContent).toBe('https://verdicts.example.com/api/v1');
    expect(byTestId('target-pages-main-site')?.textContent).toBe('2 pages held');
    expect(byTestId('target-blog')?.textContent).toContain('WordPress');
    expect(byTestId('target-blog')?.textContent).toContain('ed');
    // Only page API targets collect votes.
    expect(byTestId('pull-votes-main-site')).not.toBeNull();
    expect(byTestId('pull-votes-blog')).toBeNull();

    // Conflicts and failures first: they wait for a person.
    const jobs = [...t.target.querySelectorAll<HTMLElement>('[data-testid^="job-"][data-state]')];
    expect(jobs.map((j) => j.dataset['state'])).toEqual(['conflict', 'failed', 'queued']);
    expect(byTestId('job-state-4')?.textContent).toBe('Failed');
    expect(byTestId('job-4')?.textContent).toContain('Alpha vs Beta');
    expect(byTestId('job-error-4')?.textContent).toContain('HTTP 500');
    expect(byTestId('retry-4')).not.toBeNull();
    expect(byTestId('review-7')?.textContent).toBe('Review conflict');
    expect(byTestId('retry-9')).toBeNull();
    expect(byTestId('queue-summary')?.textContent).toBe('1 waiting · 1 failed · 1 conflict');

    // Pages: approved, scheduled and published ones; drafts are not publishable.
    expect(byTestId('page-row-alpha-vs-beta')).not.toBeNull();
    expect(byTestId('page-row-epsilon-vs-phi')?.textContent).toContain('Not on any target');
    expect(byTestId('page-row-draft-page')).toBeNull();
    expect(byTestId('page-link-main-site-alpha-vs-beta')?.textContent).toBe('https://verdicts.example.com/alpha-vs-beta/');
    expect(byTestId('kept-blog-alpha-vs-beta')?.textContent).toBe('Kept theirs');
    expect(byTestId('kept-main-site-alpha-vs-beta')).toBeNull();
    expect(byTestId('held-main-site-gamma-vs-delta')).not.toBeNull();
  });

  it('shows the scheduled pages with their time', async () => {
    const backend = await start();
    expect(backend.calls('get_comparison')).toEqual([{ slug: 'epsilon-vs-phi' }]);
    const item = byTestId('scheduled-epsilon-vs-phi')!;
    expect(item.textContent).toContain('Epsilon vs Phi');
    expect(item.querySelector('time')?.getAttribute('datetime')).toBe(SCHEDULED_AT);
  });

  it('tells how to look at a folder site: serve it, since its links lead to folders', async () => {
    const view = sampleView();
    view.targets.push({ name: 'static', kind: 'folder', url: '/srv/www/verdicts', user: null, pages: 0 });
    await start({ view });
    expect(byTestId('target-serve-static')?.textContent).toContain('python3 -m http.server --directory /srv/www/verdicts 8000');
    expect(byTestId('target-serve-main-site')).toBeNull();
  });

  it('explains targets and shows the form when there are none; an empty queue says so', async () => {
    await start({ view: { targets: [], jobs: [], pages: [] } });
    expect(byTestId('targets-empty')?.textContent).toContain('A target is a place the desk publishes pages to');
    expect(byTestId('target-form')).not.toBeNull();
    // The form is the screen's only way forward: no Cancel.
    expect(byTestId('cancel-target')).toBeNull();
    expect(byTestId('queue-empty')?.textContent).toBe('Nothing waiting.');
    expect(button('publish-all').disabled).toBe(true);
  });

  it('opens a link in the system browser, never in the app', async () => {
    const backend = await start();
    const link = byTestId<HTMLAnchorElement>('page-link-main-site-alpha-vs-beta')!;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    await settle();
    expect(click.defaultPrevented).toBe(true);
    expect(backend.calls('open_link')).toEqual([{ url: 'https://verdicts.example.com/alpha-vs-beta/' }]);
  });
});

describe('Publishing: targets', () => {
  it('adds a WordPress target with its user and secret', async () => {
    const backend = await start();
    button('add-target').click();
    await settle();
    expect(document.activeElement).toBe(byLabel('Name'));
    type(byLabel('Name'), 'news');
    choose(byLabel<HTMLSelectElement>('Kind'), 'wordpress');
    type(byLabel('Site URL'), 'https://news.example.com');
    type(byLabel('WordPress user'), 'publisher');
    const secret = byLabel('Application password');
    expect(secret.type).toBe('password');
    expect(t.target.textContent).toContain('Kept in the system keyring, never in the desk’s files.');
    type(secret, 'abcd efgh ijkl');
    button('save-target').click();
    await settle();

    expect(backend.calls('add_target')).toEqual([
      {
        profile: 'publisher',
        target: { name: 'news', kind: 'wordpress', url: 'https://news.example.com', user: 'publisher' },
        secret: 'abcd efgh ijkl',
      },
    ]);
    expect(byTestId('target-form')).toBeNull();
    expect(byTestId('targets-notice')?.textContent).toContain('news');
    expect(backend.calls('publishing_view')).toHaveLength(2);
  });

  it('adds a Ghost target with its Admin API key and no user', async () => {
    const backend = await start();
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'ghost-news');
    choose(byLabel<HTMLSelectElement>('Kind'), 'ghost');
    type(byLabel('Site URL'), 'https://ghost.example.com');
    expect(() => byLabel('WordPress user')).toThrow();
    const key = byLabel('Admin API key');
    expect(key.type).toBe('password');
    expect(t.target.textContent).toContain('Settings → Integrations');
    type(key, '6489abc:00112233445566778899aabbccddeeff');
    button('save-target').click();
    await settle();

    expect(backend.calls('add_target')).toEqual([
      {
        profile: 'publisher',
        target: { name: 'ghost-news', kind: 'ghost', url: 'https://ghost.example.com', user: null },
        secret: '6489abc:00112233445566778899aabbccddeeff',
      },
    ]);
    expect(byTestId('target-form')).toBeNull();
  });

  it('adds a folder target chosen with Browse, and says what its test checks', async () => {
    const backend = await start();
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'static');
    expect(byTestId('target-browse')).toBeNull();
    choose(byLabel<HTMLSelectElement>('Kind'), 'folder');
    button('target-browse').click();
    await settle();
    expect(byLabel<HTMLInputElement>('Folder path').value).toBe('/srv/www/verdicts');
    button('save-target').click();
    await settle();
    expect(backend.calls('add_target')).toEqual([
      { profile: 'publisher', target: { name: 'static', kind: 'folder', url: '/srv/www/verdicts', user: null }, secret: null },
    ]);
    expect(byTestId('targets-notice')?.textContent).toBe(
      'Added the folder target “static”. Test it to check that the folder can be written.',
    );
  });

  it('shows the core’s problem under the field it names', async () => {
    const backend = await start({
      handlers: {
        add_target: () => {
          throw invalid({ field: 'url', message: '"verdicts" is not an absolute http(s) URL' });
        },
      },
    });
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'main-2');
    type(byLabel('API URL'), 'verdicts');
    button('save-target').click();
    await settle();

    expect(backend.calls('add_target')).toEqual([
      { profile: 'publisher', target: { name: 'main-2', kind: 'http', url: 'verdicts', user: null }, secret: null },
    ]);
    expect(byTestId('target-error-url')?.textContent).toBe('"verdicts" is not an absolute http(s) URL');
    expect(byTestId('target-error-name')).toBeNull();
    const url = byLabel('API URL');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(url.getAttribute('aria-describedby')).toContain('pt-url-error');
    expect(document.activeElement).toBe(url);
    expect(byTestId('target-form')).not.toBeNull();
  });

  it('has no secret and no user for a folder, whose address is a path', async () => {
    const backend = await start({ view: { targets: [], jobs: [], pages: [] } });
    expect(byLabel('API URL')).not.toBeNull();
    expect(byTestId('target-field-secret')).not.toBeNull();
    type(byLabel('API token'), 'typed before switching');
    choose(byLabel<HTMLSelectElement>('Kind'), 'folder');
    expect(byTestId('target-field-secret')).toBeNull();
    expect(t.target.querySelector('input[type="password"]')).toBeNull();
    expect(byTestId('target-field-user')).toBeNull();
    type(byLabel('Name'), 'local');
    type(byLabel('Folder path'), '/srv/www/verdicts');
    button('save-target').click();
    await settle();
    expect(backend.calls('add_target')).toEqual([
      { profile: 'publisher', target: { name: 'local', kind: 'folder', url: '/srv/www/verdicts', user: null }, secret: null },
    ]);
  });

  it('says what to do when no keyring runs', async () => {
    await start({
      handlers: {
        add_target: () => {
          throw {
            code: 'keyring',
            message: 'the keyring failed to store the secret of target "main-2": no keyring runs; give the secret at run time in VERDICT_SECRET_MAIN_2',
          };
        },
      },
    });
    button('add-target').click();
    await settle();
    type(byLabel('Name'), 'main-2');
    type(byLabel('API URL'), 'https://x.example.com');
    type(byLabel('API token'), 'tok');
    button('save-target').click();
    await settle();
    const error = byTestId('target-error-keyring')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('VERDICT_SECRET_MAIN_2');
    expect(byTestId('target-form')).not.toBeNull();
  });

  it('does not offer a name that is taken', async () => {
    const backend = await start();
    t.screen?.startNew();
    await settle();
    type(byLabel('Name'), 'blog');
    type(byLabel('API URL'), 'https://x.example.com');
    button('save-target').click();
    await settle();
    expect(backend.calls('add_target')).toEqual([]);
    expect(byTestId('target-error-name')?.textContent).toContain('exists already');
  });

  it('tests the connection and shows the answer or the error', async () => {
    let fail = false;
    await start({
      handlers: {
        test_target: () => {
          if (fail) throw { code: 'no_secret', message: 'no secret for target "main-site" in the keyring' };
          return 'Verdict page API v1 at https://verdicts.example.com/api/v1, 3 pages';
        },
      },
    });
    button('test-target-main-site').click();
    await settle();
    expect(byTestId('test-result-main-site')?.textContent).toContain('Verdict page API v1 at https://verdicts.example.com/api/v1, 3 pages');
    expect(byTestId('test-result-main-site')?.getAttribute('role')).toBe('status');

    fail = true;
    button('test-target-main-site').click();
    await settle();
    expect(byTestId('test-result-main-site')?.textContent).toContain('no secret for target "main-site"');
    expect(byTestId('test-result-main-site')?.getAttribute('role')).toBe('alert');
  });

  it('pulls votes from a page API target and reports them', async () => {
    const backend = await start();
    button('pull-votes-main-site').click();
    await settle();
    expect(backend.calls('pull_votes')).toEqual([{ target: 'main-site' }]);
    expect(byTestId('votes-result-main-site')?.textContent).toContain('Saved 4 vote counts');
    expect(byTestId('votes-result-main-site')?.textContent).toContain('1 count');
    expect(t.onchanged).toHaveBeenCalled();
  });

  it('removes a target only once it is confirmed', async () => {
    const backend = await start();
    const remove = button('remove-target-blog');
    remove.click();
    await settle();
    expect(byTestId('remove-confirm')?.textContent).toContain('Remove “blog”?');
    expect(document.activeElement).toBe(button('remove-cancel'));
    key('Escape');
    await settle();
    expect(byTestId('remove-confirm')).toBeNull();
    expect(document.activeElement).toBe(remove);
    expect(backend.calls('remove_target')).toEqual([]);

    remove.click();
    await settle();
    button('remove-confirm-yes').click();
    await settle();
    expect(backend.calls('remove_target')).toEqual([{ profile: 'publisher', name: 'blog' }]);
    expect(byTestId('targets-notice')?.textContent).toContain('Removed the target “blog”');
  });
});
