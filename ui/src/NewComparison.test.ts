import { beforeEach, describe, expect, it, vi } from 'vitest';
import { key, queries, settle, type } from './test/dom';
import type { Mock } from 'vitest';
import { flushSync } from 'svelte';
import type { Comparison, Overview } from './lib/types';
import { sampleOverview, sampleProfiles } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import type { FakeBackendOptions } from './test/fakeBackend';
import { session } from './lib/session.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import NewComparison from './lib/components/NewComparison.svelte';
import { invalid, pairTaken } from './test/errors';


const HAIKU = 'claude-haiku-open-weights';
const SCOUT = 'llama-4-scout-quantized';
const GEMMA = 'gemma-3-27b';
const EXISTING = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';

/** The sample desk with a third tool, so a new pair can be picked. */
function desk(): Overview {
  const o = sampleOverview();
  o.tools.push({
    slug: GEMMA,
    name: 'Gemma 3 27B',
    vendor: 'Google',
    category: 'Developer Tools',
    tagline: 'Open weights from Google',
    entry: 'Free',
    pricing_checked_on: null,
  });
  return o;
}

const fresh = freshDesk();
let component: ReturnType<typeof fresh.mount> | null = null;
const { byTestId, byLabel } = queries(() => fresh.target);
let oncreated: Mock<(slug: string) => void>;
let onopen: Mock<(slug: string) => void>;
let onclose: Mock<() => void>;





function check(box: HTMLInputElement) {
  box.click();
  flushSync();
}


const title = () => byLabel<HTMLInputElement>('Title');
const slug = () => byLabel<HTMLInputElement>('Slug');
const createButton = () => byTestId<HTMLButtonElement>('nc-create')!;
const createCalls = () =>
  invokeMock.mock.calls.filter(([c]) => c === 'create_comparison').map(([, a]) => a as { profile: string; comparison: Comparison });

function show(overview: Overview = desk(), options: FakeBackendOptions = {}) {
  const fake = installBackend(invokeMock, { overview, ...options });
  component = fresh.mount(NewComparison, {
    tools: overview.tools,
    reviewers: overview.reviewers,
    comparisons: overview.comparisons,
    oncreated,
    onopen,
    onclose,
  });
  flushSync();
  return fake;
}

function actAs(slug: string) {
  session.setProfiles(sampleProfiles());
  session.choose(slug);
}

beforeEach(() => {
  component = null;
  actAs('editor');
  oncreated = vi.fn<(slug: string) => void>();
  onopen = vi.fn<(slug: string) => void>();
  onclose = vi.fn<() => void>();
});

describe('new comparison form', () => {
  it('opens as a labelled dialog with the cursor in the title', () => {
    show();
    const dialog = byTestId('new-comparison')!;
    expect(dialog.tagName).toBe('DIALOG');
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.getAttribute('aria-labelledby')).toBe('nc-heading');
    expect(document.getElementById('nc-heading')?.textContent).toBe('New comparison');
    expect(document.activeElement).toBe(title());
  });

  it('creates a draft with the tools in pick order and the whole panel, as the profile working', async () => {
    const fake = show();
    type(title(), 'Gemma 3 vs Claude Haiku');
    check(byLabel('Gemma 3 27B'));
    check(byLabel('Claude Haiku Open Weights'));
    expect(byTestId('nc-tools-hint')?.textContent).toContain('1. Gemma 3 27B · 2. Claude Haiku Open Weights');
    // Everyone is on the panel to begin with.
    expect(byLabel<HTMLInputElement>('Dana Xu').checked).toBe(true);
    expect(byLabel<HTMLInputElement>('Sam Keller').checked).toBe(true);
    expect(createButton().disabled).toBe(false);

    createButton().click();
    await settle();
    expect(createCalls()).toEqual([
      {
        profile: 'editor',
        comparison: {
          slug: 'gemma-3-vs-claude-haiku',
          title: 'Gemma 3 vs Claude Haiku',
          dek: '',
          intro: '',
          tools: [GEMMA, HAIKU],
          panel: ['dx', 'skeptic'],
          status: 'draft',
          scheduled_for: null,
          published_at: null,
        },
      },
    ]);
    expect(oncreated).toHaveBeenCalledWith('gemma-3-vs-claude-haiku');
    expect(onclose).not.toHaveBeenCalled();
    expect(fake.stored.get('gemma-3-vs-claude-haiku')?.status).toBe('draft');
    expect(fake.created.map((c) => c.slug)).toEqual(['gemma-3-vs-claude-haiku']);
  });

  it('leaves unchecked reviewers off the panel and follows a changed pick order', async () => {
    show();
    type(title(), 'Scout vs Gemma');
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Llama 4 Scout Quantized'));
    // Un-picking a tool and picking it again puts it last.
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    check(byLabel('Dana Xu'));
    createButton().click();
    await settle();
    expect(createCalls()[0]?.comparison).toMatchObject({ tools: [SCOUT, GEMMA], panel: ['skeptic'] });
  });

  it('makes the slug from the title until it is written by hand', () => {
    show();
    type(title(), 'Claude Haiku vs Gemma 3!');
    expect(slug().value).toBe('claude-haiku-vs-gemma-3');
    type(title(), 'Claude Haiku vs Gemma 3 (27B)');
    expect(slug().value).toBe('claude-haiku-vs-gemma-3-27b');

    type(slug(), 'haiku-vs-gemma');
    type(title(), 'Haiku vs Gemma, for coding');
    expect(slug().value).toBe('haiku-vs-gemma');

    // Clearing the slug hands it back to the title.
    type(slug(), '');
    expect(slug().value).toBe('haiku-vs-gemma-for-coding');
    type(title(), 'Haiku vs Gemma');
    expect(slug().value).toBe('haiku-vs-gemma');
  });

  it('keeps Create disabled with the reason until two tools are picked', () => {
    show();
    type(title(), 'Haiku vs Gemma');
    expect(createButton().disabled).toBe(true);
    expect(createButton().getAttribute('aria-describedby')).toBe('nc-create-hint');
    expect(byTestId('nc-create-hint')?.textContent).toContain('Pick two tools to compare.');

    check(byLabel('Claude Haiku Open Weights'));
    expect(createButton().disabled).toBe(true);
    expect(byTestId('nc-create-hint')?.textContent).toContain('Pick one more tool: a comparison needs at least two.');
    expect(byTestId('nc-tools-hint')?.textContent).toContain('pick at least one more');

    // Enter in the title does not create either.
    title().form?.requestSubmit();
    flushSync();
    expect(createCalls()).toHaveLength(0);

    check(byLabel('Gemma 3 27B'));
    expect(createButton().disabled).toBe(false);
    check(byLabel('Gemma 3 27B'));
    expect(createButton().disabled).toBe(true);
  });

  it('says when the desk has fewer than two tools', () => {
    const o = sampleOverview();
    o.tools = o.tools.slice(0, 1);
    show(o);
    expect(createButton().disabled).toBe(true);
    expect(byTestId('nc-create-hint')?.textContent).toContain('fewer than two tools');
  });

  it('shows the core refusing a second page for the same tools under Tools, and opens nothing', async () => {
    // The desk has not listed the page yet (say, imported in the meantime), but the core has it.
    const o = desk();
    o.comparisons = [];
    show(o);
    type(title(), 'Scout vs Haiku');
    check(byLabel('Llama 4 Scout Quantized'));
    check(byLabel('Claude Haiku Open Weights'));
    expect(byTestId('nc-tools-error')).toBeNull();

    createButton().click();
    await settle();
    expect(createCalls()).toHaveLength(1);
    expect(oncreated).not.toHaveBeenCalled();
    const error = byTestId('nc-tools-error');
    expect(error?.closest('fieldset')?.querySelector('legend')?.textContent).toBe('Tools');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(error?.textContent).toContain('These tools already have a comparison page');
    // The page is named by the refusal's details (code `pair_taken`), not read out of its text.
    expect(error?.textContent).toContain('“Claude Haiku Open Weights vs Llama 4 Scout Quantized”');
    expect(byLabel('Llama 4 Scout Quantized').getAttribute('aria-describedby')).toContain('nc-tools-error');
    // Focus goes to the tools (the first one picked in the list), where the problem is.
    expect(document.activeElement).toBe(byLabel('Claude Haiku Open Weights'));
    expect(byTestId('error-banner')).toBeNull();
    byTestId('nc-open-existing')?.click();
    expect(onopen).toHaveBeenCalledWith(EXISTING);

    // Another pair: the refusal no longer applies.
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    expect(byTestId('nc-tools-error')).toBeNull();
  });

  it('takes the page in the way from the refusal\'s details, whatever its message says', async () => {
    show(desk(), {
      create: () => {
        // A refusal worded differently (another language, say): the code and details decide.
        throw { ...pairTaken('gemma-vs-haiku', 'Gemma gegen Haiku'), message: 'Diese Werkzeuge haben schon eine Seite.' };
      },
    });
    type(title(), 'Haiku vs Gemma');
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    createButton().click();
    await settle();
    const error = byTestId('nc-tools-error');
    expect(error?.textContent).toContain('“Gemma gegen Haiku”');
    expect(error?.textContent).not.toContain('Diese Werkzeuge');
    expect(byTestId('error-banner')).toBeNull();
    byTestId('nc-open-existing')?.click();
    expect(onopen).toHaveBeenCalledWith('gemma-vs-haiku');
  });

  it('shows a pair refusal without details as a problem under Tools, not a page to open', async () => {
    show(desk(), {
      create: () => {
        throw invalid({ field: 'tools', message: 'these tools already have a comparison page: "gemma-vs-haiku"' });
      },
    });
    type(title(), 'Haiku vs Gemma');
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    createButton().click();
    await settle();
    expect(byTestId('nc-tools-error')?.textContent).toContain('These tools already have a comparison page: "gemma-vs-haiku"');
    expect(byTestId('nc-open-existing')).toBeNull();
  });

  it('points out a pair that already has a page before asking the core, and offers to open it', () => {
    show();
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Llama 4 Scout Quantized'));
    const error = byTestId('nc-tools-error');
    expect(error?.textContent).toContain('“Claude Haiku Open Weights vs Llama 4 Scout Quantized”');
    byTestId('nc-open-existing')?.click();
    expect(onopen).toHaveBeenCalledWith(EXISTING);
    expect(createCalls()).toHaveLength(0);
  });

  it('shows a taken slug under Slug, from the desk and from the core', async () => {
    const o = desk();
    show(o);
    type(title(), 'Claude Haiku Open Weights vs Llama 4 Scout Quantized');
    expect(byTestId('nc-slug-error')?.textContent).toContain('already the address of');
    expect(slug().getAttribute('aria-invalid')).toBe('true');

    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    createButton().click();
    await settle();
    expect(oncreated).not.toHaveBeenCalled();
    expect(byTestId('nc-slug-error')?.textContent).toContain(`A comparison with the slug "${EXISTING}" already exists`);
    expect(document.activeElement).toBe(slug());

    type(slug(), 'haiku-vs-gemma');
    expect(byTestId('nc-slug-error')).toBeNull();
    createButton().click();
    await settle();
    expect(oncreated).toHaveBeenCalledWith('haiku-vs-gemma');
  });

  it('puts field errors under their fields, naming list items', async () => {
    show(desk(), {
      create: () => {
        throw invalid(
          { field: 'title', message: 'must not be empty' },
          { field: 'tools[1]', message: 'no tool "gemma-3-27b"' },
          { field: 'panel[0]', message: 'no reviewer "dx"' },
        );
      },
    });
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    createButton().click();
    await settle();
    expect(byTestId('nc-title-error')?.textContent).toContain('The title must not be empty.');
    expect(title().getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(title());
    expect(byTestId('nc-tools-error')?.textContent).toContain('Tool 2 (Gemma 3 27B): no tool "gemma-3-27b"');
    expect(byTestId('nc-panel-error')?.textContent).toContain('Reviewer 1 (Dana Xu): no reviewer "dx"');

    type(title(), 'Haiku vs Gemma');
    expect(byTestId('nc-title-error')).toBeNull();
    expect(byTestId('nc-tools-error')).not.toBeNull();
  });

  it('shows a refusal that is about no field in a banner', async () => {
    show(desk(), {
      create: () => {
        throw { code: 'database', message: 'The database is locked by another process.' };
      },
    });
    type(title(), 'Haiku vs Gemma');
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    createButton().click();
    await settle();
    expect(byTestId('error-banner')?.textContent).toContain('The database is locked by another process.');
    expect(oncreated).not.toHaveBeenCalled();
  });

  it('is for editors: Create is disabled with a hint, and the core refuses other profiles too', async () => {
    actAs('dx');
    show();
    type(title(), 'Haiku vs Gemma');
    check(byLabel('Claude Haiku Open Weights'));
    check(byLabel('Gemma 3 27B'));
    expect(createButton().disabled).toBe(true);
    expect(byTestId('nc-create-hint')?.textContent).toContain('Editors create comparisons — switch profile in the sidebar');

    title().form?.requestSubmit();
    await settle();
    expect(createCalls()).toHaveLength(0);

    // Should a request get through, the (fake) core refuses it as the core does.
    const page: Comparison = {
      slug: 'haiku-vs-gemma',
      title: 'Haiku vs Gemma',
      dek: '',
      intro: '',
      tools: [HAIKU, GEMMA],
      panel: [],
      status: 'draft',
      scheduled_for: null,
      published_at: null,
    };
    await expect(invokeMock('create_comparison', { profile: 'dx', comparison: page })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('cancels with Escape or Cancel, and keeps Tab inside the form', () => {
    show();
    const escape = key('Escape');
    expect(escape.defaultPrevented).toBe(true);
    expect(onclose).toHaveBeenCalledTimes(1);
    fresh.unmount(component);
    component = null;

    show();
    byTestId('nc-cancel')?.click();
    expect(onclose).toHaveBeenCalledTimes(2);
    fresh.unmount(component);
    component = null;

    show();
    // Create is disabled (no tools yet): Cancel is the last control to take focus.
    const cancel = byTestId<HTMLButtonElement>('nc-cancel')!;
    cancel.focus();
    const tab = key('Tab');
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(title());
    const back = key('Tab', { shiftKey: true });
    expect(back.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(cancel);
  });
});
