// The site settings of facts with sources (issue 30): how long a price or another fact's
// check stays fresh, and the theme option saying when prices were checked. The form keeps
// them: saving the site does not drop what it does not show.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enterTauri, leaveTauri, newTarget, queries, settle, type } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import { sampleProfiles, sampleSite } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import type { SiteSettings } from './lib/types';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import SitePanel from './lib/components/settings/SitePanel.svelte';
import { session } from './lib/session.svelte';

let panel: Record<string, unknown> | null = null;
let target: HTMLElement;
const { byTestId, byLabel } = queries(() => target);

async function start(options: FakeBackendOptions = {}) {
  const backend = installBackend(invokeMock, options);
  session.setProfiles(sampleProfiles());
  session.choose('editor');
  panel = mount(SitePanel, { target, props: { info: null } });
  flushSync();
  await settle();
  return backend;
}

async function save() {
  byTestId<HTMLButtonElement>('save-site')!.click();
  await settle();
}

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  session.setProfiles([]);
  target = newTarget();
});

afterEach(() => {
  if (panel) unmount(panel);
  panel = null;
  target.remove();
  leaveTauri();
});

describe('Settings: how long facts stay checked', () => {
  it('saves the windows as whole days and the Prices checked option, and refuses other text', async () => {
    const backend = await start();
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
    const backend = await start({ site: stored });
    expect(byLabel('Recheck prices after (days)').value).toBe('21');
    expect(byTestId<HTMLInputElement>('site-field-show_prices_checked')!.checked).toBe(true);
    type(byLabel('Kicker'), 'AI tool comparison, weekly');
    await save();
    const calls = backend.calls('save_site') as { site: SiteSettings }[];
    expect(calls.at(-1)!.site).toEqual({ ...stored, kicker: 'AI tool comparison, weekly' });
  });
});
