// Facts with sources in the tool editor (issue 30): a source, a checked-on day and a checker
// beside each fact, written into the tool's `facts`; the core's problems shown beside the
// fact they name; and the link check's answer in words.
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { newTarget, type } from './test/dom';
import { localToday } from './lib/dates';
import { linkSummary } from './lib/links';
import type { CheckedLink, Tool } from './lib/bindings';

import FactSources from './lib/components/tool/FactSources.svelte';

function tool(): Tool {
  return {
    slug: 'llama-4-scout',
    name: 'Llama 4 Scout',
    vendor: 'Meta',
    category: 'Developer Tools',
    tagline: '',
    description: '',
    entry_price: { kind: 'free' },
    license: 'Llama community license',
    links: { homepage: null, weights: null, docs: null },
    release_date: null,
    pricing_checked_on: '2026-10-30',
  };
}

let target: HTMLElement;
let shown: ReturnType<typeof mount> | null = null;

function show(draft: Tool, problems: { field: string; message: string }[] = []) {
  target = newTarget();
  shown = mount(FactSources, { target, props: { draft, problems } });
  flushSync();
}

const input = (testid: string) => target.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!;

afterEach(() => {
  if (shown) unmount(shown);
  shown = null;
  target?.remove();
});

describe('the sources of a tool\u2019s facts', () => {
  it('writes a source, a checked-on day and a checker into the tool\u2019s facts', () => {
    const draft = tool();
    show(draft);
    for (const key of ['price', 'license', 'release_date', 'weights', 'docs']) {
      expect(input(`fact-${key}-source`), key).not.toBeNull();
      expect(input(`fact-${key}-checked-by`), key).not.toBeNull();
    }
    // The price's day is "Pricing checked on": no second date field for it.
    expect(target.querySelector('[data-testid="fact-price-checked-on"]')).toBeNull();

    type(input('fact-license-source'), 'https://www.llama.com/llama4/license/');
    target.querySelector<HTMLButtonElement>('[data-testid="fact-license-today"]')!.click();
    type(input('fact-price-source'), 'https://www.llama.com/pricing');
    type(input('fact-docs-checked-by'), 'ines');
    expect(draft.facts?.license).toEqual({ source: 'https://www.llama.com/llama4/license/', checked_on: localToday() });
    expect(draft.facts?.price).toEqual({ source: 'https://www.llama.com/pricing' });
    expect(draft.facts?.docs).toEqual({ checked_by: 'ines' });

    // Emptied, a field is null (left out by the core), not an empty address.
    type(input('fact-price-source'), '  ');
    expect(draft.facts?.price?.source).toBeNull();
  });

  it('shows what the core refused beside the fact it names', () => {
    const draft = tool();
    draft.facts = { license: { source: 'llama.com/license' } };
    show(draft, [
      { field: 'facts.license.source', message: 'the source is not a full web address: write it with https://' },
      { field: 'name', message: 'must not be empty' },
    ]);
    expect(input('fact-license-source').value).toBe('llama.com/license');
    expect(input('fact-license-source').getAttribute('aria-invalid')).toBe('true');
    const problem = target.querySelector('[data-testid="problem-fact-license"]');
    expect(problem?.textContent).toContain('not a full web address');
    expect(target.querySelector('[data-testid="problem-fact-docs"]')).toBeNull();
  });
});

describe('the link check in words', () => {
  const link = (state: CheckedLink['state']): CheckedLink => ({
    page: 'a-vs-b',
    url: 'https://example.com',
    field: 'tool:a.links.docs',
    place: "A's docs link",
    state,
    status: state === 'broken' ? 404 : state === 'ok' ? 200 : null,
    said: '',
    checked_at: '2026-12-06T10:00:00Z',
    cached: false,
  });

  it('counts broken and silent links', () => {
    expect(linkSummary({ links: [] })).toBe('No links on this page to check.');
    expect(linkSummary({ links: [link('ok'), link('ok')] })).toBe('2 links checked: all answer.');
    expect(linkSummary({ links: [link('ok'), link('broken'), link('broken'), link('unreachable')] })).toBe(
      '4 links checked: 2 broken, 1 did not answer (see the warnings).',
    );
  });
});
