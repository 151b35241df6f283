// Settings › Site fields beside the vote service and the theme: how long a price or another
// fact's check stays fresh and the Prices checked option (issue 30; the form keeps what it
// does not show), and how far a page's Community figures must move before pulled votes change
// it (vote_republish_points, issue 33, docs/votes.md).
import { describe, expect, it, vi } from 'vitest';
import { queries, settle, type } from './test/dom';
import { flushSync } from 'svelte';
import { sampleProfiles, sampleSite } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import type { SiteSettings } from './lib/types';
import { invalidAt } from './test/errors';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import SitePanel from './lib/components/settings/SitePanel.svelte';
import { session } from './lib/session.svelte';

const fresh = freshDesk();
const { byTestId, byLabel } = queries(() => fresh.target);
const LABEL = 'Republish after a vote move of (points)';
const withService: SiteSettings = { ...sampleSite(), vote_service: 'https://votes.example.com/' };

async function startAs(profile: string, options: FakeBackendOptions = {}) {
  const backend = installBackend(invokeMock, options);
  session.setProfiles(sampleProfiles());
  session.choose(profile);
  fresh.mount(SitePanel, { info: null });
  flushSync();
  await settle();
  return backend;
}

/** A publisher's Site panel on a site with a vote service. */
function startVotes(options: FakeBackendOptions = {}) {
  return startAs('publisher', { site: withService, ...options });
}

async function save() {
  byTestId<HTMLButtonElement>('save-site')!.click();
  await settle();
}

describe('Settings: how long facts stay checked', () => {
  it('saves the windows as whole days and the Prices checked option, and refuses other text', async () => {
    const backend = await startAs('editor');
    const prices = byLabel('Recheck prices after (days)');
    const facts = byLabel('Recheck licenses, dates and links after (days)');
    expect([prices.value, facts.value, prices.getAttribute('inputmode')]).toEqual(['', '', 'numeric']);

    type(prices, 'a month');
    await save();
    expect(backend.calls('save_site')).toEqual([]);
    expect(byTestId('site-error-price_recheck_days')?.textContent).toBe('must be a whole number of days, e.g. 30');

    type(prices, '14');
    type(facts, '60');
    const option = byTestId<HTMLInputElement>('site-field-show_prices_checked')!;
    option.click();
    flushSync();
    await save();
    const calls = backend.calls('save_site') as { site: SiteSettings }[];
    expect(calls.at(-1)!.site).toEqual({
      ...sampleSite(),
      price_recheck_days: 14,
      facts_recheck_days: 60,
      show_prices_checked: true,
    });
  });

  it('keeps stored windows and the option when something else is saved', async () => {
    const stored: SiteSettings = { ...sampleSite(), price_recheck_days: 21, facts_recheck_days: 120, show_prices_checked: true };
    const backend = await startAs('editor', { site: stored });
    expect(byLabel('Recheck prices after (days)').value).toBe('21');
    expect(byTestId<HTMLInputElement>('site-field-show_prices_checked')!.checked).toBe(true);
    type(byLabel('Kicker'), 'AI tool comparison, weekly');
    await save();
    const calls = backend.calls('save_site') as { site: SiteSettings }[];
    expect(calls.at(-1)!.site).toEqual({ ...stored, kicker: 'AI tool comparison, weekly' });
  });
});

describe('Settings: how large a vote move is worth republishing', () => {
  it('sets it as a whole number, refuses other text before saving, and clears it', async () => {
    const backend = await startVotes();
    const field = byLabel(LABEL);
    expect([field.value, field.getAttribute('inputmode')]).toEqual(['', 'numeric']);

    type(field, '2.5');
    await save();
    expect(backend.calls('save_site')).toEqual([]);
    expect(byTestId('site-error-vote_republish_points')?.textContent).toBe('must be a whole number of points, e.g. 1');
    expect(field.getAttribute('aria-invalid')).toBe('true');

    type(field, ' 3 ');
    await save();
    type(field, '');
    await save();
    const calls = backend.calls('save_site') as { site: SiteSettings }[];
    expect(calls.map((c) => c.site)).toEqual([{ ...withService, vote_republish_points: 3 }, withService]);
    expect(Object.keys(calls[1]!.site)).not.toContain('vote_republish_points');
    expect(byTestId('site-error-vote_republish_points')).toBeNull();
  });

  it('shows a stored value and the core refusal of a range under the field', async () => {
    await startVotes({
      site: { ...withService, vote_republish_points: 4 },
      saveSite: () => {
        throw invalidAt('vote_republish_points', 'must be from 1 to 100 points (of a tool\'s share of the votes), not 0');
      },
    });
    const field = byLabel(LABEL);
    expect(field.value).toBe('4');
    type(field, '0');
    await save();
    expect(byTestId('site-error-vote_republish_points')?.textContent).toContain('from 1 to 100');
  });
});
