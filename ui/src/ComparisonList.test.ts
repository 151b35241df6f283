import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { choose, enterTauri, leaveTauri, newTarget, queries, settle, type } from './test/dom';
import { flushSync, mount, unmount } from 'svelte';
import type { ComparisonStatus, ComparisonSummary, ReviewerSummary, ToolCard, ToolSummary } from './lib/types';
import { sampleProfiles } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import { session } from './lib/session.svelte';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import ComparisonList from './lib/components/ComparisonList.svelte';
import { resetComparisonFilters } from './lib/comparisonFilters.svelte';


let list: ReturnType<typeof mount> | null = null;
let target: HTMLElement;
const { byTestId, byLabel } = queries(() => target);



function button(name: string): HTMLButtonElement {
  const found = [...target.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}



/** The tools the pages' rows name: a row names a tool by slug, its category is its summary's. */
const PAGE_TOOLS: ToolSummary[] = [];

const tool = (slug: string, category: string): ToolCard => {
  PAGE_TOOLS.push({ slug, name: slug.toUpperCase(), vendor: 'Vendor', category, tagline: '', entry: 'Free', pricing_checked_on: null });
  return { slug, panel_ship: { ship: 1, total: 2, percent: 50 }, community_percent: null };
};

const page = (
  slug: string,
  title: string,
  status: ComparisonStatus,
  categories: string[],
  stale = false,
  panel: string[] = [],
  live_on: string[] = [],
): ComparisonSummary => ({
  slug,
  title,
  dek: '',
  status,
  stale,
  live_on,
  panel,
  tools: categories.map((c, i) => tool(`${slug}-t${i}`, c)),
  updated_at: '2025-04-12T09:30:00Z',
});

const PAGES: ComparisonSummary[] = [
  page('haiku-vs-scout', 'Claude Haiku vs Llama Scout', 'in_review', ['Developer Tools', 'Developer Tools'], false, ['dx', 'skeptic']),
  page('cursor-vs-zed', 'Cursor vs Zed', 'draft', ['Editors', 'Editors'], false, ['dx']),
  page('gpt-vs-gemini', 'GPT vs Gemini for Writing', 'published', ['Writing', 'Developer Tools'], true, ['skeptic', 'writer']),
  page('notion-vs-obsidian', 'Notion AI vs Obsidian', 'published', ['Writing', 'Writing'], false, ['writer']),
  page('sora-vs-veo', 'Sora vs Veo', 'scheduled', ['Video', 'Video']),
  page('copilot-vs-cody', 'Copilot vs Cody', 'approved', ['Developer Tools', 'Editors'], false, ['dx', 'writer']),
];

const REVIEWERS: ReviewerSummary[] = [
  { slug: 'dx', name: 'Dana Xu', persona: 'Developer experience', verdict_count: 3 },
  { slug: 'skeptic', name: 'Sam Keller', persona: 'Skeptic', verdict_count: 2 },
  { slug: 'writer', name: 'Wren Adler', persona: 'Writing', verdict_count: 2 },
];

const TOOLS: ToolSummary[] = ['alpha', 'beta', 'gamma'].map((slug) => ({
  slug,
  name: slug.charAt(0).toUpperCase() + slug.slice(1),
  vendor: 'Vendor',
  category: 'Editors',
  tagline: '',
  entry: 'Free',
  pricing_checked_on: null,
}));

const rows = () => [...target.querySelectorAll<HTMLElement>('[data-slug]')].map((el) => el.dataset['slug']);

function show(
  props: {
    comparisons?: ComparisonSummary[];
    focusSlug?: string | null;
    onopen?: (slug: string) => void;
    oncreated?: (slug: string) => void;
  } = {},
) {
  list = mount(ComparisonList, {
    target,
    props: {
      comparisons: props.comparisons ?? PAGES,
      tools: [...TOOLS, ...PAGE_TOOLS],
      reviewers: REVIEWERS,
      focusSlug: props.focusSlug ?? null,
      onopen: props.onopen ?? (() => {}),
      oncreated: props.oncreated ?? (() => {}),
    },
  });
  flushSync();
}


function actAs(slug: string) {
  session.setProfiles(sampleProfiles());
  session.choose(slug);
  flushSync();
}

beforeEach(() => {
  resetComparisonFilters();
  enterTauri();
  invokeMock.mockReset();
  localStorage.clear();
  actAs('editor');
  target = newTarget();
});

afterEach(() => {
  if (list) unmount(list);
  list = null;
  target.remove();
  session.setProfiles([]);
  leaveTauri();
});

describe('comparison list', () => {
  it('badges every status, with Stale beside Published when the site is behind', () => {
    show();
    const badges = (slug: string) =>
      [...(byTestId(`comparison-row-${slug}`)?.querySelectorAll('.badge') ?? [])].map((b) => b.textContent?.trim());
    expect(badges('cursor-vs-zed')).toEqual(['Draft']);
    expect(badges('haiku-vs-scout')).toEqual(['In review']);
    expect(badges('copilot-vs-cody')).toEqual(['Approved']);
    expect(badges('sora-vs-veo')).toEqual(['Scheduled']);
    expect(badges('notion-vs-obsidian')).toEqual(['Published']);
    expect(badges('gpt-vs-gemini')).toEqual(['Published', 'Stale']);
    expect(byTestId('comparison-row-gpt-vs-gemini')?.querySelector('[data-testid="stale-badge"]')).not.toBeNull();
  });

  it('filters by status, including stale pages', () => {
    show();
    const status = byLabel<HTMLSelectElement>('Status');
    expect([...status.options].map((o) => o.value)).toEqual([
      'all',
      'draft',
      'in_review',
      'approved',
      'scheduled',
      'published',
      'stale',
    ]);
    expect([...status.options].map((o) => o.textContent)).toContain('Published (2)');

    choose(status, 'published');
    expect(rows()).toEqual(['gpt-vs-gemini', 'notion-vs-obsidian']);
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('2 of 6 pages');
    choose(status, 'stale');
    expect(rows()).toEqual(['gpt-vs-gemini']);
    choose(status, 'in_review');
    expect(rows()).toEqual(['haiku-vs-scout']);
    choose(status, 'all');
    expect(rows()).toHaveLength(6);
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('6 pages');
  });

  it('filters by the categories of the tools compared, and by words of the title', () => {
    show();
    const category = byLabel<HTMLSelectElement>('Category');
    expect([...category.options].map((o) => o.value)).toEqual(['', 'Developer Tools', 'Editors', 'Video', 'Writing']);
    expect(category.options[0]?.textContent).toBe('All categories');
    choose(category, 'Writing');
    expect(rows()).toEqual(['gpt-vs-gemini', 'notion-vs-obsidian']);

    choose(category, '');
    const title = byLabel<HTMLInputElement>('Title');
    type(title, 'VS   cody');
    expect(rows()).toEqual(['copilot-vs-cody']);

    // Filters combine.
    type(title, 'vs');
    choose(category, 'Developer Tools');
    choose(byLabel<HTMLSelectElement>('Status'), 'stale');
    expect(rows()).toEqual(['gpt-vs-gemini']);
  });

  it('says when nothing matches, and clears every filter', () => {
    show();
    expect(target.querySelector('[data-testid="clear-filters"]')).toBeNull();
    choose(byLabel<HTMLSelectElement>('Status'), 'draft');
    type(byLabel<HTMLInputElement>('Title'), 'gemini');
    expect(rows()).toEqual([]);
    expect(byTestId('comparisons-no-match')?.textContent).toContain('No comparisons match these filters.');
    expect(byTestId('comparisons-empty')).toBeNull();

    byTestId('clear-filters-empty')?.click();
    flushSync();
    expect(rows()).toHaveLength(6);
    expect(byLabel<HTMLSelectElement>('Status').value).toBe('all');
    expect(byLabel<HTMLInputElement>('Title').value).toBe('');
    expect(byTestId('comparisons-no-match')).toBeNull();

    choose(byLabel<HTMLSelectElement>('Category'), 'Video');
    expect(rows()).toEqual(['sora-vs-veo']);
    button('Clear filters').click();
    flushSync();
    expect(byLabel<HTMLSelectElement>('Category').value).toBe('');
    expect(rows()).toHaveLength(6);
  });

  it('keeps the filters when the list comes back, and focuses the page that was open', () => {
    const onopen = vi.fn();
    show({ onopen });
    choose(byLabel<HTMLSelectElement>('Status'), 'published');
    type(byLabel<HTMLInputElement>('Title'), 'notion');
    byTestId('comparison-row-notion-vs-obsidian')?.click();
    expect(onopen).toHaveBeenCalledWith('notion-vs-obsidian');

    // The app unmounts the list while the editor is open.
    unmount(list!);
    list = null;
    show({ focusSlug: 'notion-vs-obsidian' });
    expect(byLabel<HTMLSelectElement>('Status').value).toBe('published');
    expect(byLabel<HTMLInputElement>('Title').value).toBe('notion');
    expect(rows()).toEqual(['notion-vs-obsidian']);
    expect(document.activeElement).toBe(byTestId('comparison-row-notion-vs-obsidian'));
  });

  it('offers no filters on an empty desk, but a new comparison', () => {
    show({ comparisons: [] });
    expect(byTestId('comparisons-empty')?.textContent).toContain('No comparisons yet');
    expect(target.querySelector('select, input')).toBeNull();
    expect(byTestId<HTMLButtonElement>('new-comparison-button')?.disabled).toBe(false);
  });

  it('filters by a reviewer on the panel, together with the other filters', () => {
    show();
    const reviewer = byLabel<HTMLSelectElement>('Reviewer');
    expect([...reviewer.options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'All reviewers'],
      ['dx', 'Dana Xu'],
      ['skeptic', 'Sam Keller'],
      ['writer', 'Wren Adler'],
    ]);

    choose(reviewer, 'writer');
    expect(rows()).toEqual(['gpt-vs-gemini', 'notion-vs-obsidian', 'copilot-vs-cody']);
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('3 of 6 pages');

    choose(byLabel<HTMLSelectElement>('Status'), 'published');
    expect(rows()).toEqual(['gpt-vs-gemini', 'notion-vs-obsidian']);
    choose(byLabel<HTMLSelectElement>('Category'), 'Developer Tools');
    expect(rows()).toEqual(['gpt-vs-gemini']);
    type(byLabel<HTMLInputElement>('Title'), 'notion');
    expect(rows()).toEqual([]);

    button('Clear filters').click();
    flushSync();
    expect(byLabel<HTMLSelectElement>('Reviewer').value).toBe('');
    expect(rows()).toHaveLength(6);

    // Alone, and remembered when the list comes back.
    choose(byLabel<HTMLSelectElement>('Reviewer'), 'dx');
    expect(rows()).toEqual(['haiku-vs-scout', 'cursor-vs-zed', 'copilot-vs-cody']);
    unmount(list!);
    list = null;
    show();
    expect(byLabel<HTMLSelectElement>('Reviewer').value).toBe('dx');
    expect(rows()).toEqual(['haiku-vs-scout', 'cursor-vs-zed', 'copilot-vs-cody']);
  });

  it('opens the new comparison form from the header, and gives focus back when it is cancelled', async () => {
    show();
    const open = byTestId<HTMLButtonElement>('new-comparison-button')!;
    expect(open.textContent?.trim()).toBe('New comparison');
    expect(open.getAttribute('aria-keyshortcuts')).toBe('Control+N Meta+N');
    expect(byTestId('new-comparison')).toBeNull();

    open.click();
    flushSync();
    const dialog = byTestId('new-comparison');
    expect(dialog?.tagName).toBe('DIALOG');
    expect(document.activeElement).toBe(byLabel('Title'));
    // The reviewers offered for the panel are the desk's, all on it.
    expect([...(dialog?.querySelectorAll<HTMLInputElement>('#nc-panel input') ?? [])].map((b) => b.checked)).toEqual([true, true, true]);

    (document.activeElement as HTMLElement).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }),
    );
    await settle();
    expect(byTestId('new-comparison')).toBeNull();
    expect(document.activeElement).toBe(open);
  });

  it('hands a created page to the app', async () => {
    installBackend(invokeMock, {
      overview: {
        site: { site_name: 'Desk', kicker: '' },
        comparisons: PAGES,
        tools: TOOLS,
        reviewers: REVIEWERS,
        targets: [],
        publish_warning: null,
        data_dir: '/tmp/desk',
        comparisons_total: PAGES.length,
        partial: false,
      },
      comparisons: [],
    });
    const oncreated = vi.fn();
    show({ oncreated });
    byTestId('new-comparison-button')?.click();
    flushSync();
    type(byLabel<HTMLInputElement>('Title'), 'Alpha vs Beta');
    byLabel<HTMLInputElement>('Beta').click();
    byLabel<HTMLInputElement>('Alpha').click();
    flushSync();
    byTestId('nc-create')?.click();
    await settle();
    expect(invokeMock.mock.calls.filter(([c]) => c === 'create_comparison').map(([, a]) => a)).toEqual([
      {
        profile: 'editor',
        comparison: {
          slug: 'alpha-vs-beta',
          title: 'Alpha vs Beta',
          dek: '',
          intro: '',
          tools: ['beta', 'alpha'],
          panel: ['dx', 'skeptic', 'writer'],
          status: 'draft',
          scheduled_for: null,
          published_at: null,
        },
      },
    ]);
    expect(oncreated).toHaveBeenCalledWith('alpha-vs-beta');
    expect(byTestId('new-comparison')).toBeNull();
  });

  it('lets only editors start a comparison, and says why', () => {
    actAs('dx');
    show();
    const open = byTestId<HTMLButtonElement>('new-comparison-button')!;
    expect(open.disabled).toBe(true);
    expect(byTestId('new-comparison-hint')?.textContent?.trim()).toBe('Editors create comparisons — switch profile in the sidebar.');
    expect(open.getAttribute('aria-describedby')).toBe('cl-new-hint');

    actAs('editor');
    expect(open.disabled).toBe(false);
    expect(byTestId('new-comparison-hint')).toBeNull();
  });
});

describe('a desk of 2,000 comparisons', () => {
  const MANY = Array.from({ length: 2000 }, (_, i) =>
    i === 1937
      ? page('zebra-vs-quokka', 'Zebra vs Quokka', 'draft', ['Video'])
      : page(`page-${i}`, `Tool ${i} vs Other ${i}`, i % 2 ? 'draft' : 'published', ['Editors']),
  );
  const VIEW = 600;
  const LIST_TOP = 200;
  const list = () => target.querySelector<HTMLElement>('ul.rows')!;
  const items = () => [...list().querySelectorAll('li')];

  /** jsdom lays nothing out: the target becomes a scroller VIEW px tall, the list LIST_TOP px
   * down its content, moving up as it scrolls. */
  function layOut() {
    target.style.overflowY = 'auto';
    target.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 900, height: VIEW });
  }
  function scrollTo(y: number) {
    list().getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: LIST_TOP - y, width: 900, height: 0 });
    target.scrollTop = y;
    target.dispatchEvent(new Event('scroll'));
    flushSync();
  }

  it('renders only the rows in view, the first ones at the top, and tells their place in the list', () => {
    layOut();
    show({ comparisons: MANY });
    scrollTo(0);
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('2000 pages');
    // What fits in 600 px (rows are estimated at 132 px + 10 px gap) and a few more.
    expect(items().length).toBeGreaterThanOrEqual(4);
    expect(items().length).toBeLessThanOrEqual(14);
    expect(rows().slice(0, 2)).toEqual(['page-0', 'page-1']);
    expect(items()[0]?.getAttribute('aria-posinset')).toBe('1');
    expect(items()[0]?.getAttribute('aria-setsize')).toBe('2000');
    // The rest of the list still takes its room, so the scrollbar is the whole list's.
    expect(parseFloat(list().style.paddingTop)).toBe(0);
    expect(parseFloat(list().style.paddingBottom)).toBeGreaterThan(1990 * 100);
  });

  it('shows later rows as it scrolls, and only those', () => {
    layOut();
    show({ comparisons: MANY });
    scrollTo(1000 * 142);
    const slugs = rows();
    expect(slugs.length).toBeLessThanOrEqual(14);
    expect(slugs).not.toContain('page-0');
    expect(slugs).toContain('page-1000');
    const first = Number(items()[0]?.getAttribute('aria-posinset'));
    expect(slugs[0]).toBe(`page-${first - 1}`);
    expect(parseFloat(list().style.paddingTop)).toBe((first - 1) * 142);

    scrollTo(0);
    expect(rows()[0]).toBe('page-0');
  });

  it('finds a page far down by a word of its title', () => {
    layOut();
    show({ comparisons: MANY });
    scrollTo(0);
    type(byLabel<HTMLInputElement>('Title'), 'quokka');
    expect(rows()).toEqual(['zebra-vs-quokka']);
    expect(items()[0]?.getAttribute('aria-setsize')).toBe('1');
    expect(byTestId('comparisons-count')?.textContent?.trim()).toBe('1 of 2000 pages');
    type(byLabel<HTMLInputElement>('Title'), '');
    expect(rows()[0]).toBe('page-0');
  });

  it('gives focus back to a page far down the list when the list comes back', async () => {
    layOut();
    show({ comparisons: MANY, focusSlug: 'page-1500' });
    await settle();
    expect(document.activeElement).toBe(byTestId('comparison-row-page-1500'));
    expect(rows().length).toBeLessThanOrEqual(14);
  });
});
