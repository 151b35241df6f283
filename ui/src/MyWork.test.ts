// My work (issue 18, item 4): the sidebar counts what waits for the profile working, the
// screen lists it by kind, and each item goes to the place that does it. A check's blocker
// on a verdict links to that verdict's form.
import { describe, expect, it, vi } from 'vitest';
import { settle as settleDom } from './test/dom';
import type { MyWork } from './lib/bindings';
import { sampleComparison, sampleOverview } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import { session } from './lib/session.svelte';
import { placeOfCheck } from './lib/editor';
import { emitDeskChanged } from './test/answers';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk, invokeMock } from './test/appSetup';

import App from './App.svelte';

const SLUG = 'claude-haiku-open-weights-vs-llama-4-scout-quantized';

const fresh = freshDesk();
const byTestId = (id: string) => fresh.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const allByTestId = (id: string) => [...fresh.target.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

const settle = () => settleDom(30);

/** What the core answers per profile: a reviewer owes a verdict, the editor has one to accept and a page. */
function work(profile: string): MyWork {
  switch (profile) {
    case 'dx':
      return {
        profile,
        items: [
          {
            kind: 'write_verdict',
            title: 'Write your verdict on Mistral Small 4',
            detail: 'Needed by “Haiku vs Mistral”',
            place: { kind: 'verdict', reviewer: 'dx', tool: 'mistral-small-4' },
          },
        ],
      };
    case 'editor':
      return {
        profile,
        items: [
          {
            kind: 'accept_verdict',
            title: "Accept or return Dana Xu's verdict on Mistral Small 4",
            detail: 'Submitted; needed by “Haiku vs Mistral”',
            place: { kind: 'verdict', reviewer: 'dx', tool: 'mistral-small-4' },
          },
          {
            kind: 'finish_page',
            title: `Finish “${sampleComparison().title}”`,
            detail: 'In review with 1 blocker',
            place: { kind: 'comparison', slug: SLUG },
          },
        ],
      };
    default:
      return { profile, items: [] };
  }
}

async function start(profile: string) {
  localStorage.setItem('verdict-desk.profile', profile);
  session.slug = profile;
  const fake = installBackend(invokeMock, { overview: sampleOverview(), myWork: work });
  fresh.mount(App);
  await settle();
  return fake;
}

describe('My work', () => {
  it("counts the reviewer's work in the sidebar and opens the verdict they owe", async () => {
    const fake = await start('dx');
    expect(fake.calls('my_work').at(-1)).toEqual({ profile: 'dx' });
    expect(byTestId('nav-work-count')?.textContent).toBe('1');

    byTestId('nav-work')!.click();
    await settle();
    const items = allByTestId('work-item');
    expect(items.map((i) => i.dataset['kind'])).toEqual(['write_verdict']);
    expect(byTestId('my-work')?.textContent).toContain('Verdicts to write');
    expect(items[0]!.textContent).toContain('Write your verdict on Mistral Small 4');

    byTestId('work-open')!.click();
    await settle();
    expect(byTestId('nav-reviewers')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('reviewers-tab-verdicts')?.getAttribute('aria-selected')).toBe('true');
    expect(fake.calls('get_verdict')).toContainEqual({ reviewer: 'dx', tool: 'mistral-small-4' });
  });

  it("shows the editor's verdicts to accept and pages to finish, and follows the profile", async () => {
    const fake = await start('editor');
    expect(byTestId('nav-work-count')?.textContent).toBe('2');
    byTestId('nav-work')!.click();
    await settle();
    expect(allByTestId('work-item').map((i) => i.dataset['kind'])).toEqual(['accept_verdict', 'finish_page']);
    expect(byTestId('my-work')?.textContent).toContain('Verdicts to accept');

    // The page item opens the comparison editor on that page.
    allByTestId('work-open')[1]!.click();
    await settle();
    expect(byTestId('nav-comparisons')?.getAttribute('aria-current')).toBe('page');
    expect(fake.calls('get_comparison')).toContainEqual({ slug: SLUG });

    // Switching to a profile with nothing waiting empties the count.
    session.choose('publisher');
    await settle();
    expect(fake.calls('my_work').at(-1)).toEqual({ profile: 'publisher' });
    expect(byTestId('nav-work-count')?.textContent).toBe('0');
  });
});

describe('My work after changes', () => {
  it('reads once more after a burst of saves, not once per save, while a read is running', async () => {
    localStorage.setItem('verdict-desk.profile', 'editor');
    session.slug = 'editor';
    // Each read answers only when the test says: a big desk's read takes a while.
    const waiting: (() => void)[] = [];
    const fake = installBackend(invokeMock, {
      overview: sampleOverview(),
      myWork: (profile) => new Promise<MyWork>((answer) => waiting.push(() => answer(work(profile)))),
    });
    fresh.mount(App);
    await settle();
    const first = fake.calls('my_work').length;
    expect(first).toBeGreaterThan(0);
    waiting.splice(0).forEach((answer) => answer());
    await settle();
    const before = fake.calls('my_work').length;

    // Five saves land one after another while the first read after them runs.
    for (let i = 0; i < 5; i++) {
      emitDeskChanged([{ kind: 'comparison', key: SLUG, what: 'saved' }]);
      await settle();
    }
    expect(fake.calls('my_work').length - before).toBe(1);
    waiting.splice(0).forEach((answer) => answer());
    await settle();
    // One more read covers the four that came in while it ran; then nothing is running.
    expect(fake.calls('my_work').length - before).toBe(2);
    waiting.splice(0).forEach((answer) => answer());
    await settle();
    expect(fake.calls('my_work').length - before).toBe(2);
    expect(byTestId('nav-work-count')?.textContent).toBe('2');
  });
});

describe('placeOfCheck', () => {
  it("points a verdict's blocker at its form, a tool's warning at the tool, an image's at the image", () => {
    expect(placeOfCheck('verdict:devon-dx/mistral-small-4')).toEqual({
      kind: 'verdict',
      reviewer: 'devon-dx',
      tool: 'mistral-small-4',
    });
    expect(placeOfCheck('tool:mistral-small-4.pricing_checked_on')).toEqual({ kind: 'tool', slug: 'mistral-small-4' });
    const hash = 'ab'.repeat(32);
    expect(placeOfCheck(`media:${hash}.alt`)).toEqual({ kind: 'media', hash });
    expect(placeOfCheck('media:not-a-hash.alt')).toBeNull();
    expect(placeOfCheck('dek')).toBeNull();
    expect(placeOfCheck('tools[1]')).toBeNull();
    expect(placeOfCheck('')).toBeNull();
  });
});
