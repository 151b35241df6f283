// The "New for you … Open My work" notice (issue 25, item 6): it goes once My work is open,
// however it was opened; new work that arrives while My work is open raises none (the list
// shows it); and it takes a row of its own above the status bar instead of floating over
// the screen (it covered the bottom of the editor's preview).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { queries, settle as settleDom } from './test/dom';
import type { MyWork, TeamEdit, WorkItem } from './lib/bindings';
import { sampleOverview } from './test/fixtures';
import { installBackend } from './test/fakeBackend';
import { session } from './lib/session.svelte';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { events, freshDesk, invokeMock } from './test/appSetup';

import App from './App.svelte';

const fresh = freshDesk();
const { byTestId } = queries(() => fresh.target);
const settle = () => settleDom(30);

/** What waits for the editor now; the test adds to it as the team's changes arrive. */
let waiting: WorkItem[] = [];

function accept(tool: string): WorkItem {
  return {
    kind: 'accept_verdict',
    title: `Accept or return Dana Xu's verdict on ${tool}`,
    detail: 'Submitted',
    place: { kind: 'verdict', reviewer: 'dx', tool },
  };
}

/** Another member's change reaches this desk, bringing `item` to the editor's work. */
async function arrives(item: WorkItem) {
  waiting = [...waiting, item];
  const edits: TeamEdit[] = [{ kind: 'verdict', key: `dx/${item.title}`, fields: ['status'], author: 'dx' }];
  const send = events.handlers.get('team-edits');
  expect(send, 'the app follows the team’s edits').toBeDefined();
  send!({ payload: edits });
  await settle();
}

beforeEach(async () => {
  waiting = [];
  localStorage.setItem('verdict-desk.profile', 'editor');
  session.slug = 'editor';
  installBackend(invokeMock, {
    overview: sampleOverview(),
    myWork: (profile): MyWork => ({ profile, items: profile === 'editor' ? waiting : [] }),
  });
  fresh.mount(App);
  await settle();
});

describe('the notice of new work', () => {
  it('goes once My work is opened from the sidebar, and none comes while it is open', async () => {
    await arrives(accept('Mistral Small 4'));
    expect(byTestId('work-news')?.textContent).toContain("New for you: Accept or return Dana Xu's verdict on Mistral Small 4");

    byTestId('nav-work')!.click();
    await settle();
    expect(byTestId('my-work')).not.toBeNull();
    expect(byTestId('work-news')).toBeNull();

    await arrives(accept('Llama 4 Scout'));
    expect(byTestId('work-news')).toBeNull();
    expect([...fresh.target.querySelectorAll('[data-testid="work-title"]')].map((t) => t.textContent)).toContain(
      "Accept or return Dana Xu's verdict on Llama 4 Scout",
    );
  });

  it('opens My work from its button and goes', async () => {
    await arrives(accept('Mistral Small 4'));
    byTestId('work-news-open')!.click();
    await settle();
    expect(byTestId('nav-work')?.getAttribute('aria-current')).toBe('page');
    expect(byTestId('work-news')).toBeNull();
  });

  it('comes back for new work after My work was left', async () => {
    byTestId('nav-work')!.click();
    await settle();
    byTestId('nav-comparisons')!.click();
    await settle();
    await arrives(accept('Mistral Small 4'));
    expect(byTestId('work-news')).not.toBeNull();
  });

  it('sits in its own row above the status bar, outside the screen it would cover', async () => {
    await arrives(accept('Mistral Small 4'));
    const news = byTestId('work-news')!;
    expect(news.closest('main')).toBeNull();
    const row = news.parentElement!;
    expect(row.classList.contains('notice-row')).toBe(true);
    expect(row.parentElement?.classList.contains('shell')).toBe(true);
    expect(row.nextElementSibling?.matches('footer.statusbar')).toBe(true);
  });
});
