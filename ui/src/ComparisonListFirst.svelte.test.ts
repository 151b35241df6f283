// The list's first screenful (issue 32): at start the list shows the first pages of a big
// desk before the whole desk is read; until then it counts the desk's pages, and its
// filters, status counts and New comparison wait for every page rather than say wrong things.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { enterTauri, leaveTauri, newTarget, queries, settle, type } from './test/dom';
import { sampleOverview, sampleProfiles } from './test/fixtures';
import { session } from './lib/session.svelte';
import type { ComparisonSummary } from './lib/types';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import ComparisonList from './lib/components/ComparisonList.svelte';
import { resetComparisonFilters } from './lib/comparisonFilters.svelte';

const base = sampleOverview();
const pages: ComparisonSummary[] = Array.from({ length: 300 }, (_, i) => ({
  ...base.comparisons[0]!,
  slug: `page-${String(i).padStart(3, '0')}`,
  title: i === 250 ? 'The far page' : `Page ${i}`,
}));

let target: HTMLElement;
let list: ReturnType<typeof mount> | null = null;
const { byTestId } = queries(() => target);
const props = $state({
  comparisons: pages.slice(0, 40),
  total: pages.length,
  partial: true,
  tools: base.tools,
  reviewers: base.reviewers,
  focusSlug: null as string | null,
  onopen: () => {},
});

beforeEach(() => {
  resetComparisonFilters();
  enterTauri();
  invokeMock.mockReset();
  invokeMock.mockImplementation(async () => ({}));
  session.setProfiles(sampleProfiles());
  session.choose('editor');
  target = newTarget();
  props.comparisons = pages.slice(0, 40);
  props.partial = true;
  list = mount(ComparisonList, { target, props });
  flushSync();
});

afterEach(() => {
  if (list) unmount(list);
  list = null;
  target.remove();
  session.setProfiles([]);
  leaveTauri();
});

const rows = () => target.querySelectorAll('[data-slug]').length;

describe('the list while only its first screenful is read', () => {
  it('shows the first rows and counts the whole desk, and New comparison waits', () => {
    expect(rows()).toBeGreaterThan(0);
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('300 pages');
    expect(byTestId('comparisons-reading')?.textContent).toContain('Reading all pages');
    expect(byTestId<HTMLButtonElement>('new-comparison-button')?.disabled).toBe(true);
    // The status counts would count 40 pages: they wait.
    const options = [...target.querySelectorAll('#cl-status option')].map((o) => o.textContent);
    expect(options[0]).toBe('All');
  });

  it('filters once every page is read, not the first screenful', async () => {
    type(byTestId<HTMLInputElement>('filter-text')!, 'far page');
    flushSync();
    expect(rows()).toBe(0);
    expect(byTestId('comparisons-no-match')).toBeNull();
    expect(byTestId('comparisons-filter-waiting')?.textContent).toContain('Reading all 300 pages');

    props.comparisons = pages;
    props.partial = false;
    flushSync();
    await settle();
    expect(byTestId('comparisons-filter-waiting')).toBeNull();
    expect([...target.querySelectorAll<HTMLElement>('[data-slug]')].map((r) => r.dataset['slug'])).toEqual(['page-250']);
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('1 of 300 pages');
    expect(byTestId('comparisons-reading')).toBeNull();
    expect(byTestId<HTMLButtonElement>('new-comparison-button')?.disabled).toBe(false);
    const options = [...target.querySelectorAll('#cl-status option')].map((o) => o.textContent);
    expect(options[0]).toBe('All (300)');
  });
});
