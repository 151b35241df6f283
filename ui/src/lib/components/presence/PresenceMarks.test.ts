// Presence on the tool and verdict forms and in the tools' and reviewers' lists (issue 31):
// every field the tracker reports to the team shows who else is in it, with the same name the
// other desk's tracker gives it; the lists show who has each tool or reviewer open.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount, type Component } from 'svelte';
import { enterTauri, leaveTauri, newTarget } from '../../../test/dom';
import { HAIKU, sampleTool, sampleTools } from '../../../test/fakeTools';
import type { Presence } from '../../bindings';
import { presence } from '../../presence.svelte';
import { EntityForm } from '../../forms/entityForm.svelte';
import { PriceInput } from '../../forms/priceInput.svelte';
import type { Tool } from '../../types';
import type { FormDraft } from '../../verdicts';

const invokeMock = vi.hoisted(() => vi.fn());
vi.mock('@tauri-apps/api/core', () => ({ invoke: invokeMock }));

import PresenceTracker from './PresenceTracker.svelte';
import ToolFields from '../tool/ToolFields.svelte';
import VerdictFields from '../verdict/VerdictFields.svelte';
import ToolsTable from '../ToolsTable.svelte';
import ReviewersList from '../ReviewersList.svelte';
import ReviewerFields from '../reviewer/ReviewerFields.svelte';
import type { Reviewer } from '../../types';

let target: HTMLElement;
let views: ReturnType<typeof mount>[] = [];

function show<P extends Record<string, any>>(component: Component<P>, props: P) {
  views.push(mount(component, { target, props }));
  flushSync();
}

/** The fields the tracker tells the team about, focusing each control of the form in turn. */
function reported(): string[] {
  const fields: string[] = [];
  for (const el of target.querySelectorAll<HTMLElement>('input, textarea, select')) {
    el.focus();
    flushSync();
    const field = presence.here?.field;
    if (field && !fields.includes(field)) fields.push(field);
  }
  return fields;
}

/** Another member in each of `fields` (one member per field), `typing` in the first. */
function othersIn(kind: Presence['kind'], key: string, fields: string[]) {
  presence.take(fields.map((field, i) => ({ login: `m${i}`, name: `Member ${field}`, kind, key, field, typing: i === 0 })));
  flushSync();
}

const mark = (field: string) => target.querySelector(`[data-testid="presence-field-${field}"]`);

beforeEach(() => {
  enterTauri();
  invokeMock.mockReset();
  invokeMock.mockImplementation(async () => null);
  target = newTarget();
  presence.take([]);
  presence.here = null;
});
afterEach(() => {
  for (const v of views) unmount(v);
  views = [];
  target.remove();
  leaveTauri();
});

describe('the tool form', () => {
  function openTool(isNew = false) {
    const tool: Tool = { ...sampleTool(), entry_price: { kind: 'amount', amount_cents: 2000, currency: 'USD', period: 'month' } };
    const form = new EntityForm<Tool>({ save: async () => null });
    form.adopt(tool);
    const price = new PriceInput();
    price.adopt(tool.entry_price);
    show(PresenceTracker, { kind: 'tool', key: isNew ? null : HAIKU });
    show(ToolFields, { form, price, isNew, saving: false, canEdit: true, problemsOf: () => [], onname: () => {}, onslug: () => {} });
  }

  it('marks each field it reports with the member in it, typing or not', () => {
    openTool();
    const fields = reported();
    // The text fields and the comments' fields among them, and the price's.
    expect(fields).toEqual(expect.arrayContaining(['name', 'tagline', 'description', 'license', 'amount', 'release', 'checked']));
    expect(fields.every((f) => mark(f) === null)).toBe(true);
    othersIn('tool', HAIKU, fields);
    for (const [i, field] of fields.entries()) {
      expect(mark(field)?.textContent, field).toContain(`Member ${field} ${i === 0 ? 'is typing here' : 'is in this field'}`);
    }
    // Another tool's members mark nothing here.
    othersIn('tool', 'another-tool', fields);
    expect(fields.filter((f) => mark(f) !== null)).toEqual([]);
  });

  it('marks nothing on a tool not created yet', () => {
    openTool(true);
    othersIn('tool', HAIKU, ['tagline', 'description']);
    expect(mark('tagline')).toBeNull();
    expect(mark('description')).toBeNull();
  });
});

describe('the verdict form', () => {
  it('marks the quote with the member in it', () => {
    const form = new EntityForm<FormDraft>({ save: async () => null });
    form.adopt({ reviewer: 'sam', tool: HAIKU, call: null, quote: 'Fast.' });
    show(PresenceTracker, { kind: 'verdict', key: `sam/${HAIKU}`, testids: { quote: 'verdict-quote' } });
    show(VerdictFields, { form, editable: true, problems: { call: [], quote: [], return_comment: [], other: [] } });
    expect(reported()).toEqual(['quote']);
    othersIn('verdict', `sam/${HAIKU}`, ['quote']);
    expect(mark('quote')?.textContent).toContain('Member quote is typing here');
    othersIn('verdict', `dana/${HAIKU}`, ['quote']);
    expect(mark('quote')).toBeNull();
  });
});

describe('the reviewer form', () => {
  it('marks each field it reports with the member in it', () => {
    const form = new EntityForm<Reviewer>({ save: async () => null });
    form.adopt({ slug: 'sam', name: 'Sam Skeptic', persona: 'The skeptic', bio: 'Doubts.', rubric: ['Does it work?'] });
    show(PresenceTracker, { kind: 'reviewer', key: 'sam' });
    const problems = { slug: [], name: [], persona: [], bio: [], rubric: [], other: [] };
    show(ReviewerFields, { form, isNew: false, canEdit: true, problems, onname: () => {}, onslug: () => {} });
    const fields = reported();
    expect(fields).toEqual(['name', 'persona', 'bio']);
    othersIn('reviewer', 'sam', fields);
    for (const field of fields) expect(mark(field)?.textContent, field).toContain(`Member ${field}`);
  });
});

describe('the lists', () => {
  const avatarsIn = (row: Element | null | undefined) => [...(row?.querySelectorAll<HTMLElement>('[data-testid="presence-avatar"]') ?? [])].map((a) => a.dataset.login);

  it('show who has each tool open, in its row', () => {
    const tools = sampleTools();
    show(ToolsTable, { tools, onopen: () => {} });
    const [first, second] = tools.map((t) => target.querySelector(`[data-testid="tool-row-${t.slug}"]`));
    expect(avatarsIn(first)).toEqual([]);
    presence.take([
      { login: 'omar', name: 'Omar Haddad', kind: 'tool', key: tools[0]!.slug, field: 'tagline', typing: true },
      { login: 'sam', name: 'Sam', kind: 'comparison', key: tools[1]!.slug, field: null, typing: false },
    ]);
    flushSync();
    expect(avatarsIn(first)).toEqual(['omar']);
    expect(first?.querySelector('[data-testid="presence-avatars"]')?.getAttribute('aria-label')).toBe('Also here: Omar Haddad is typing in tagline');
    // A page of the same slug is not the tool.
    expect(avatarsIn(second)).toEqual([]);
  });

  it('show who has each reviewer open, in its row', () => {
    const reviewers = [
      { slug: 'sam', name: 'Sam Skeptic', persona: 'The skeptic', verdict_count: 2 },
      { slug: 'ines', name: 'Inès', persona: 'The editor', verdict_count: 0 },
    ];
    show(ReviewersList, { reviewers, onopen: () => {} });
    presence.take([
      { login: 'omar', name: 'Omar', kind: 'reviewer', key: 'ines', field: null, typing: false },
      { login: 'lee', name: 'Lee', kind: 'reviewer', key: 'ines', field: 'bio', typing: false },
      { login: 'dana', name: 'Dana', kind: 'verdict', key: 'sam/haiku', field: 'quote', typing: true },
    ]);
    flushSync();
    expect(avatarsIn(target.querySelector('[data-testid="reviewer-sam"]'))).toEqual([]);
    expect(avatarsIn(target.querySelector('[data-testid="reviewer-ines"]'))).toEqual(['lee', 'omar']);
  });
});
