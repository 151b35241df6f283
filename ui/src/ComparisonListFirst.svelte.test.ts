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
  props.tools = base.tools;
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

// A page's row names its tools by slug (issue 32: the cards no longer repeat each tool's
// name, price and logo); the list takes them from the tools' rows, which a tool's save
// replaces (deskData), so one renamed tool renames it on every row at once.
describe('the tools a row names', () => {
  it('come from the tools’ rows: a renamed tool is renamed on every row', () => {
    const names = () => [...target.querySelectorAll('.tool-name')].map((e) => e.textContent);
    expect(names()).toContain('Claude Haiku Open Weights');
    props.tools = base.tools.map((t) => (t.slug === 'claude-haiku-open-weights' ? { ...t, name: 'Haiku Renamed', entry: '$9/mo' } : t));
    flushSync();
    expect(names().filter((n) => n === 'Haiku Renamed').length).toBe(rows());
    expect(names()).not.toContain('Claude Haiku Open Weights');
    expect(target.textContent).toContain('$9/mo');
  });
});
