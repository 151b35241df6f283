// The tools table on a desk of 1,000 tools: only the rows in view are rendered, and screen
// readers and the keyboard still get the whole table.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { newTarget, settle } from './test/dom';
import type { ToolSummary } from './lib/types';

import ToolsTable from './lib/components/ToolsTable.svelte';

const TOOLS: ToolSummary[] = Array.from({ length: 1000 }, (_, i) => ({
  slug: `tool-${i}`,
  name: `Tool ${i}`,
  vendor: 'Vendor',
  category: 'Editors',
  tagline: 'A tagline',
  entry: 'Free',
  pricing_checked_on: null,
}));
const VIEW = 600;
const TABLE_TOP = 120;

let target: HTMLElement;
let table: ReturnType<typeof mount> | null = null;
const body = () => target.querySelector<HTMLElement>('tbody')!;
const rows = () => [...target.querySelectorAll<HTMLElement>('tr[data-slug]')];
const slugs = () => rows().map((r) => r.dataset['slug']);

function show(props: { highlight?: string | null; onopen?: (slug: string) => void } = {}) {
  // jsdom lays nothing out: the target becomes a scroller VIEW px tall with the table's
  // rows TABLE_TOP px down its content.
  target.style.overflowY = 'auto';
  target.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 900, height: VIEW });
  table = mount(ToolsTable, { target, props: { tools: TOOLS, highlight: props.highlight ?? null, onopen: props.onopen } });
  flushSync();
}

function scrollTo(y: number) {
  body().getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: TABLE_TOP - y, width: 900, height: 0 });
  target.scrollTop = y;
  target.dispatchEvent(new Event('scroll'));
  flushSync();
}

beforeEach(() => {
  target = newTarget();
});

afterEach(() => {
  if (table) unmount(table);
  table = null;
  target.remove();
});

describe('tools table of 1,000 tools', () => {
  it('renders the first rows in view, numbered within the whole table', () => {
    show();
    scrollTo(0);
    expect(slugs().slice(0, 2)).toEqual(['tool-0', 'tool-1']);
    // 600 px of 56 px rows, and a few either side.
    expect(rows().length).toBeGreaterThanOrEqual(10);
    expect(rows().length).toBeLessThanOrEqual(20);
    expect(target.querySelector('table')?.getAttribute('aria-rowcount')).toBe('1001');
    expect(target.querySelector('thead tr')?.getAttribute('aria-rowindex')).toBe('1');
    expect(rows()[0]?.getAttribute('aria-rowindex')).toBe('2');
    // The room of the rows below is kept, out of the accessibility tree.
    const spacer = body().lastElementChild as HTMLElement;
    expect(spacer.getAttribute('aria-hidden')).toBe('true');
    expect(parseFloat((spacer.firstElementChild as HTMLElement).style.height)).toBeGreaterThan(980 * 56);
  });

  it('shows later rows as it scrolls, and the last one at the end', () => {
    show();
    scrollTo(500 * 56);
    expect(slugs()).toContain('tool-500');
    expect(slugs()).not.toContain('tool-0');
    expect(rows().length).toBeLessThanOrEqual(20);
    const first = rows()[0]!;
    expect(first.getAttribute('aria-rowindex')).toBe(String(Number(first.dataset['slug']!.slice(5)) + 2));

    scrollTo(1000 * 56);
    expect(slugs().at(-1)).toBe('tool-999');
    expect(rows().at(-1)?.classList.contains('last')).toBe(true);
    expect(body().lastElementChild).toBe(rows().at(-1));
  });

  it('focuses a highlighted tool far down the table, on the button that opens it', async () => {
    const onopen = vi.fn();
    show({ highlight: 'tool-800', onopen });
    await settle();
    expect(document.activeElement).toBe(target.querySelector('[data-testid="tool-open-tool-800"]'));
    expect(target.querySelector('[data-testid="tool-row-tool-800"]')?.classList.contains('highlight')).toBe(true);
    expect(rows().length).toBeLessThanOrEqual(20);

    (document.activeElement as HTMLElement).click();
    expect(onopen).toHaveBeenCalledWith('tool-800');
  });
});
