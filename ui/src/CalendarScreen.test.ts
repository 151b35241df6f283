// The Calendar screen (issue 31): the month of the member's time zone from the core, arrows
// moving between days and Enter opening, a scheduled page dragged to another day rescheduled
// through the core (and undone), the keyboard's move, and a refusal's reason shown.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { key, settle } from './test/dom';
import { answerWith, emitDeskChanged } from './test/answers';
import type { Calendar, CalendarEntry, CalendarQuery } from './lib/bindings';
import { viewDays } from './lib/calendar';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { freshDesk, invokeMock } from './test/appSetup';

import CalendarScreen from './lib/components/calendar/CalendarScreen.svelte';

const TODAY = '2026-12-07';
const SCHEDULED: CalendarEntry = {
  kind: 'scheduled',
  slug: 'haiku-vs-scout',
  title: 'Haiku vs Scout',
  status: 'scheduled',
  day: '2026-12-10',
  time: '09:30',
  at: '2026-12-10T08:30:00Z',
  assignee: 'editor',
  overdue: false,
};
const DUE: CalendarEntry = {
  ...SCHEDULED,
  kind: 'page_due',
  slug: 'mistral-vs-scout',
  title: 'Mistral vs Scout',
  status: 'draft',
  day: '2026-12-07',
  time: null,
  at: null,
};

const fresh = freshDesk();
let entries: CalendarEntry[];
let queries: CalendarQuery[];
let moves: { slug: string; day: string; time: string | null; time_zone: string }[];
let refuse: string | null;
const opened: string[] = [];
const openedTools: string[] = [];

const day = (d: string) => fresh.target.querySelector<HTMLElement>(`[data-day="${d}"]`)!;
const byTestId = (id: string) => fresh.target.querySelector<HTMLElement>(`[data-testid="${id}"]`);

function answer(q: CalendarQuery): Calendar {
  queries.push(q);
  return { from: q.from, to: q.to, time_zone: q.time_zone, entries: entries.filter((e) => !q.person || e.assignee === q.person) };
}

beforeEach(async () => {
  entries = [SCHEDULED, DUE];
  queries = [];
  moves = [];
  refuse = null;
  opened.length = 0;
  openedTools.length = 0;
  answerWith(
    invokeMock,
    {
      calendar: ({ query }) => answer(query),
      reschedule_page: ({ slug, day: to, time, timeZone }) => {
        if (refuse) throw { code: 'invalid', message: `scheduled_for: ${refuse}`, field: 'scheduled_for', problems: [] };
        moves.push({ slug, day: to, time: time ?? null, time_zone: timeZone });
        const moved = entries.find((e) => e.slug === slug)!;
        entries = entries.map((e) => (e === moved ? { ...e, day: to, time: time ?? e.time } : e));
        return { slug } as never;
      },
    },
    (cmd) => {
      throw { code: 'error', message: `unexpected ${cmd}`, field: null, problems: [] };
    },
  );
  fresh.mount(CalendarScreen, { onopen: (s: string) => opened.push(s), onopentool: (s: string) => openedTools.push(s), timeZone: 'Europe/Berlin', today: TODAY });
  await settle();
});

describe('Calendar screen', () => {
  it('asks the core for the whole weeks of the month in the member’s time zone', () => {
    const days = viewDays('month', TODAY);
    expect(queries.at(-1)).toMatchObject({ from: days[0], to: days.at(-1), time_zone: 'Europe/Berlin' });
    expect(days[0]).toBe('2026-11-30');
    expect(days.at(-1)).toBe('2027-01-03');
    expect(day('2026-12-10').textContent).toContain('09:30');
    expect(day('2026-12-10').textContent).toContain('Haiku vs Scout');
  });

  it('moves between days with the arrows and opens with Enter', async () => {
    day(TODAY).focus();
    key('ArrowRight');
    expect(document.activeElement).toBe(day('2026-12-08'));
    key('ArrowDown');
    expect(document.activeElement).toBe(day('2026-12-15'));
    key('ArrowUp');
    key('ArrowLeft');
    expect(document.activeElement).toBe(day('2026-12-07'));
    key('Enter');
    expect(opened).toEqual(['mistral-vs-scout']);
    // The week view shows the focused day's week only.
    fresh.target.querySelector<HTMLButtonElement>('button[aria-pressed="false"]')!.click();
    await settle();
    expect(queries.at(-1)).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
  });

  it('reschedules a page dragged to another day, and undoes it', async () => {
    const entry = day('2026-12-10').querySelector<HTMLElement>('[data-kind="scheduled"]')!;
    expect(entry.draggable).toBe(true);
    entry.dispatchEvent(new Event('dragstart', { bubbles: true }));
    day('2026-12-12').dispatchEvent(new Event('drop', { bubbles: true, cancelable: true }));
    await settle();
    expect(moves).toEqual([{ slug: 'haiku-vs-scout', day: '2026-12-12', time: null, time_zone: 'Europe/Berlin' }]);
    expect(byTestId('calendar-notice')!.textContent).toContain('Moved “Haiku vs Scout”');
    expect(day('2026-12-12').textContent).toContain('Haiku vs Scout');
    byTestId('calendar-undo')!.click();
    await settle();
    expect(moves[1]).toEqual({ slug: 'haiku-vs-scout', day: '2026-12-10', time: '09:30', time_zone: 'Europe/Berlin' });
    expect(day('2026-12-10').textContent).toContain('Haiku vs Scout');
  });

  it('moves a page from the keyboard: M picks it up, arrows choose, Enter drops', async () => {
    day('2026-12-10').focus();
    key('m');
    key('ArrowRight');
    key('Enter');
    await settle();
    expect(moves).toEqual([{ slug: 'haiku-vs-scout', day: '2026-12-11', time: null, time_zone: 'Europe/Berlin' }]);
    // Escape puts a picked-up page down where it was.
    day('2026-12-11').focus();
    key('m');
    key('ArrowLeft');
    key('Escape');
    key('Enter');
    await settle();
    expect(moves).toHaveLength(1);
  });

  it('shows the reason when the core refuses the move', async () => {
    refuse = 'the publish time must be in the future';
    day('2026-12-10').focus();
    key('m');
    key('ArrowLeft');
    key('ArrowLeft');
    key('ArrowLeft');
    key('Enter');
    await settle();
    expect(moves).toEqual([]);
    expect(byTestId('calendar-problem')!.textContent).toBe(
      '“Haiku vs Scout” was not moved: the publish time must be in the future',
    );
    expect(day('2026-12-10').textContent).toContain('Haiku vs Scout');
    expect(byTestId('calendar-undo')).toBeNull();
  });

  it('filters by person', async () => {
    const select = byTestId('calendar-person') as HTMLSelectElement;
    select.innerHTML += '<option value="nobody">Nobody</option>';
    select.value = 'nobody';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(queries.at(-1)!.person).toBe('nobody');
    expect(fresh.target.querySelectorAll('[data-testid="calendar-entry"]')).toHaveLength(0);
  });

  it('opens a fact due for a recheck in its tool', async () => {
    entries = [...entries, { ...DUE, kind: 'fact_due', slug: 'llama-4-scout', title: 'Recheck Llama 4 Scout’s price', status: null, day: '2026-12-08' }];
    emitDeskChanged([{ kind: 'tool', key: 'llama-4-scout', what: 'saved' }]);
    await settle();
    const fact = day('2026-12-08').querySelector<HTMLElement>('[data-kind="fact_due"]')!;
    expect(fact.textContent).toContain('Recheck');
    fact.click();
    expect(openedTools).toEqual(['llama-4-scout']);
    expect(opened).toEqual([]);
  });

  it('reads the days again when a page changes, here or from the team', async () => {
    const before = queries.length;
    entries = entries.map((e) => (e.slug === SCHEDULED.slug ? { ...e, day: '2026-12-11' } : e));
    emitDeskChanged([{ kind: 'comparison', key: SCHEDULED.slug, what: 'saved' }], 'team');
    await settle();
    expect(queries.length).toBe(before + 1);
    expect(day('2026-12-11').textContent).toContain('Haiku vs Scout');
    expect(day('2026-12-10').textContent).not.toContain('Haiku vs Scout');
    // A change that no calendar entry stands on reads nothing.
    emitDeskChanged([{ kind: 'reviewer', key: 'devon', what: 'saved' }]);
    await settle();
    expect(queries.length).toBe(before + 1);
  });
});
