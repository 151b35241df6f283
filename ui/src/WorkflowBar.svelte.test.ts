// The workflow bar draws its steps from the core's answer (`allowed_actions`) and restates no
// rule of its own. Publish with no target (issue 18, item 2): the bar says what Publish would
// do before it does it and offers to add a target; a published page says where it is live.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { settle as settleDom } from './test/dom';
import { flushSync } from 'svelte';
import { session } from './lib/session.svelte';
import { sampleComparison, sampleProfiles } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import { allowedActions } from './test/fakeWorkflow';
import type { ActionAvailability, ComparisonStatus, PageAction } from './lib/types';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import WorkflowBar from './lib/components/WorkflowBar.svelte';

const SLUG = sampleComparison().slug;

const fresh = freshDesk();
let app: ReturnType<typeof fresh.mount> | null = null;
const byTestId = (id: string) => fresh.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const button = (id: string) => fresh.target.querySelector<HTMLButtonElement>(`[data-testid="action-${id}"]`);
const asked = () =>
  invokeMock.mock.calls.filter(([c]) => c === 'allowed_actions').map(([, a]) => a as { profile: string; slug: string });

const settle = () => settleDom(10);

/** The bar's props, changed in place to play the editor around it. */
const props = $state<{ slug: string; status: ComparisonStatus; checks: []; targets?: string[]; liveOn?: string[] }>({
  slug: SLUG,
  status: 'approved',
  checks: [],
});

beforeEach(() => {
  app = null;
  session.setProfiles(sampleProfiles());
  session.choose('publisher');
});

/** Mounts the bar over a page stored at `status` (the fake core answers for it). */
async function bar(extra: Partial<typeof props> = {}, status: ComparisonStatus = 'approved') {
  const backend = installBackend(invokeMock, { comparisons: [{ ...sampleComparison(), status: extra.status ?? status }] });
  const onaction = vi.fn(async (_a: PageAction) => true);
  const onaddtarget = vi.fn();
  Object.assign(props, { slug: SLUG, status, checks: [], targets: undefined, liveOn: undefined, ...extra });
  app = fresh.mount(WorkflowBar, {
    get slug() { return props.slug; },
    get status() { return props.status; },
    get checks() { return props.checks; },
    get targets() { return props.targets ?? null; },
    get liveOn() { return props.liveOn ?? []; },
    onaction,
    onaddtarget,
  });
  flushSync();
  await settle();
  return { onaction, onaddtarget, backend };
}

describe('Publish and targets', () => {
  it('with no target, asks first and offers to add one', async () => {
    const { onaction, onaddtarget } = await bar({ targets: [] });
    byTestId('action-publish')!.click();
    await settle();
    expect(onaction).not.toHaveBeenCalled();
    expect(byTestId('publish-no-target')?.textContent).toContain('send it nowhere');
    expect(document.activeElement).toBe(byTestId('add-target-first'));

    byTestId('add-target-first')!.click();
    expect(onaddtarget).toHaveBeenCalledTimes(1);
    expect(onaction).not.toHaveBeenCalled();

    // Marking it published anyway is a choice made knowingly, and said for what it is.
    byTestId('publish-without-target')!.click();
    await settle();
    expect(onaction).toHaveBeenCalledWith({ action: 'publish' });
    expect(fresh.target.textContent).toContain('Marked published. No target holds it yet');
    expect(fresh.target.textContent).not.toContain('Published.');
  });

  it('with a target, publishes at once', async () => {
    const { onaction } = await bar({ targets: ['site'] });
    byTestId('action-publish')!.click();
    await settle();
    expect(byTestId('publish-no-target')).toBeNull();
    expect(onaction).toHaveBeenCalledWith({ action: 'publish' });
  });

  it('a published page says where it is live, or that it is on no target', async () => {
    await bar({ status: 'published', targets: ['site', 'mirror'], liveOn: ['site'] });
    expect(byTestId('live-on')?.textContent?.trim()).toBe('Live on site.');
    fresh.unmount(app);
    app = null;
    await bar({ status: 'published', targets: [], liveOn: [] });
    expect(byTestId('live-on')?.textContent).toContain('On no publishing target');
    // Publishing it elsewhere is advice for those who publish (the core says who does).
    expect(byTestId('live-on')?.textContent).toContain('Add a target in Publishing');
    fresh.unmount(app);
    app = null;
    session.choose('editor');
    await bar({ status: 'published', targets: [], liveOn: [] });
    expect(byTestId('live-on')?.textContent).not.toContain('Add a target in Publishing');
  });
});

describe("the core's answer", () => {
  it('draws the steps and their reasons from the answer, not from the profile\'s roles', async () => {
    // An answer no rule in the UI would give: a publisher told a draft may be published, and
    // that approving needs the editor role. The bar shows what the core said.
    const answer: ActionAvailability[] = [
      { action: 'publish', role: 'publisher', applies: true, allowed: true, reason: null, main: true, asks_about_blockers: false },
      {
        action: 'approve',
        role: 'editor',
        applies: true,
        allowed: false,
        reason: { kind: 'missing_role', role: 'editor' },
        main: false,
        asks_about_blockers: true,
      },
      {
        action: 'unpublish',
        role: 'publisher',
        applies: false,
        allowed: false,
        reason: { kind: 'wrong_state', status: 'draft', hint: 'only a published page can be unpublished' },
        main: false,
        asks_about_blockers: false,
      },
    ];
    installBackend(invokeMock, { comparisons: [{ ...sampleComparison(), status: 'draft' }] });
    const underneath = invokeMock.getMockImplementation()!;
    invokeMock.mockImplementation(async (cmd: string, args: Record<string, unknown>) =>
      cmd === 'allowed_actions' ? structuredClone(answer) : underneath(cmd, args),
    );
    const onaction = vi.fn(async (_a: PageAction) => true);
    app = fresh.mount(WorkflowBar, { slug: SLUG, status: 'draft', checks: [], targets: ['site'], onaction });
    flushSync();
    await settle();

    expect(asked()).toEqual([{ profile: 'publisher', slug: SLUG }]);
    expect([...fresh.target.querySelectorAll('[data-testid^="action-"]')].map((b) => b.getAttribute('data-testid'))).toEqual([
      'action-publish',
      'action-approve',
    ]);
    expect(button('publish')?.disabled).toBe(false);
    expect(button('publish')?.classList.contains('primary')).toBe(true);
    expect(button('approve')?.disabled).toBe(true);
    expect(button('approve')?.getAttribute('data-role')).toBe('editor');
    expect(button('approve')?.title).toBe('Editors approve pages — switch profile in the sidebar');
    expect(byTestId('workflow-hint')?.textContent).toBe('Editors approve pages — switch profile in the sidebar.');
    // A step the state rules out is not offered at all.
    expect(button('unpublish')).toBeNull();
    // The core says Publish does not ask about blockers here: it runs at once.
    button('publish')!.click();
    await settle();
    expect(byTestId('workflow-confirm')).toBeNull();
    expect(onaction).toHaveBeenCalledWith({ action: 'publish' });
  });

  it('asks again when the page, its state or the profile working changes, and shows only the latest answer', async () => {
    const { backend } = await bar({}, 'in_review');
    expect(asked()).toEqual([{ profile: 'publisher', slug: SLUG }]);
    expect(button('approve')?.disabled).toBe(false);
    expect(button('return_to_draft')?.disabled).toBe(true);

    session.choose('editor');
    flushSync();
    // Until the core has answered for the editor, nothing can be pressed on the publisher's answer.
    expect(button('approve')?.disabled).toBe(true);
    await settle();
    expect(asked().at(-1)).toEqual({ profile: 'editor', slug: SLUG });
    expect(button('approve')?.disabled).toBe(true);
    expect(button('return_to_draft')?.disabled).toBe(false);

    // Returned to draft (elsewhere): the stored page and the editor around the bar both say so.
    backend.stored.set(SLUG, { ...backend.stored.get(SLUG)!, status: 'draft' });
    props.status = 'draft';
    flushSync();
    await settle();
    expect(asked()).toHaveLength(3);
    expect(button('submit_for_review')?.disabled).toBe(false);
    expect(button('approve')).toBeNull();

    props.slug = 'another-page';
    flushSync();
    await settle();
    expect(asked().at(-1)).toEqual({ profile: 'editor', slug: 'another-page' });
    // The fake core has no such page: the bar says it does not know, and offers nothing.
    expect(byTestId('workflow-error')?.textContent).toContain('no comparison "another-page"');

    // Nothing the answer does not depend on asks again.
    const before = asked().length;
    session.setProfiles(sampleProfiles());
    flushSync();
    await settle();
    expect(asked()).toHaveLength(before);
  });

  it('drops an answer that arrives after a newer question', async () => {
    await bar({}, 'in_review');
    const answers: Array<{ profile: string; resolve: () => void }> = [];
    const underneath = invokeMock.getMockImplementation()!;
    invokeMock.mockImplementation((cmd: string, args: Record<string, unknown>) => {
      if (cmd !== 'allowed_actions') return underneath(cmd, args);
      const profile = String(args['profile']);
      return new Promise((resolve) => {
        answers.push({
          profile,
          resolve: () => resolve(allowedActions(sampleProfiles().find((p) => p.slug === profile), 'in_review')),
        });
      });
    });
    session.choose('editor');
    flushSync();
    session.choose('publisher');
    flushSync();
    expect(answers.map((a) => a.profile)).toEqual(['editor', 'publisher']);
    answers[1]!.resolve();
    await settle();
    expect(button('approve')?.disabled).toBe(false);
    // The editor's answer, late, is not the profile working now: it changes nothing.
    answers[0]!.resolve();
    await settle();
    expect(button('approve')?.disabled).toBe(false);
    expect(button('return_to_draft')?.disabled).toBe(true);
  });

  it('says to choose a profile when nobody is working', async () => {
    session.setProfiles([]);
    await bar({}, 'draft');
    expect(asked()).toEqual([{ profile: '', slug: SLUG }]);
    expect(button('submit_for_review')?.disabled).toBe(true);
    expect(button('submit_for_review')?.title).toBe('Choose a profile in the sidebar');
    expect(byTestId('workflow-hint')?.textContent).toBe('Choose a profile in the sidebar to move this page along.');
  });
});
