import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import type { ComparisonStatus, ComparisonSummary, ToolCard } from './lib/types';
import ComparisonList, { resetComparisonFilters } from './lib/components/ComparisonList.svelte';

let list: ReturnType<typeof mount> | null = null;
let target: HTMLElement;

const byTestId = <T extends HTMLElement = HTMLElement>(id: string) => target.querySelector<T>(`[data-testid="${id}"]`);

function byLabel<T extends HTMLElement = HTMLElement>(text: string): T {
  const label = [...target.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  const control = label?.control ?? (label?.htmlFor ? document.getElementById(label.htmlFor) : null);
  if (!control) throw new Error(`no field labelled "${text}"`);
  return control as unknown as T;
}

function button(name: string): HTMLButtonElement {
  const found = [...target.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

const tool = (slug: string, category: string): ToolCard => ({
  slug,
  name: slug.toUpperCase(),
  vendor: 'Vendor',
  category,
  tagline: '',
  entry: 'Free',
  panel_ship: { ship: 1, total: 2, percent: 50 },
  community_percent: null,
});

const page = (slug: string, title: string, status: ComparisonStatus, categories: string[], stale = false): ComparisonSummary => ({
  slug,
  title,
  dek: '',
  status,
  stale,
  panel: [],
  tools: categories.map((c, i) => tool(`${slug}-t${i}`, c)),
  updated_at: '2025-04-12T09:30:00Z',
});

const PAGES: ComparisonSummary[] = [
  page('haiku-vs-scout', 'Claude Haiku vs Llama Scout', 'in_review', ['Developer Tools', 'Developer Tools']),
  page('cursor-vs-zed', 'Cursor vs Zed', 'draft', ['Editors', 'Editors']),
  page('gpt-vs-gemini', 'GPT vs Gemini for Writing', 'published', ['Writing', 'Developer Tools'], true),
  page('notion-vs-obsidian', 'Notion AI vs Obsidian', 'published', ['Writing', 'Writing']),
  page('sora-vs-veo', 'Sora vs Veo', 'scheduled', ['Video', 'Video']),
  page('copilot-vs-cody', 'Copilot vs Cody', 'approved', ['Developer Tools', 'Editors']),
];

const rows = () => [...target.querySelectorAll<HTMLElement>('[data-slug]')].map((el) => el.dataset['slug']);

function show(props: { comparisons?: ComparisonSummary[]; focusSlug?: string | null; onopen?: (slug: string) => void } = {}) {
  list = mount(ComparisonList, {
    target,
    props: { comparisons: props.comparisons ?? PAGES, focusSlug: props.focusSlug ?? null, onopen: props.onopen ?? (() => {}) },
  });
  flushSync();
}

beforeEach(() => {
  resetComparisonFilters();
  target = document.createElement('div');
  document.body.appendChild(target);
});

afterEach(() => {
  if (list) unmount(list);
  list = null;
  target.remove();
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

  it('offers no filters on an empty desk', () => {
    show({ comparisons: [] });
    expect(byTestId('comparisons-empty')?.textContent).toContain('No comparisons yet');
    expect(target.querySelector('select, input')).toBeNull();
  });
});
