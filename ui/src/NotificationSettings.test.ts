// Settings › Notifications (issue 31): every kind of desktop notification with its switch,
// as the desk keeps them; switching one sends its kind and shows what the desk answered; a
// refusal is shown and the switches show what the desk still keeps.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';
import { queries, settle } from './test/dom';
import type { NoticeSwitch } from './lib/bindings';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { freshDesk, invokeMock } from './test/appSetup';

import NotificationSettings from './lib/components/settings/NotificationSettings.svelte';
import { session } from './lib/session.svelte';

const fresh = freshDesk();
const { byTestId } = queries(() => fresh.target);

function desk(): NoticeSwitch[] {
  return [
    { kind: 'mentioned', label: 'Someone mentions me in a comment', on: true, team_only: true },
    { kind: 'missed_schedule', label: 'A scheduled page missed its time (publishers)', on: false, team_only: false },
  ];
}

/** A backend keeping the switches; `refuse` makes a change fail as the core would. */
function backend(kept: NoticeSwitch[], refuse = false) {
  const calls: { cmd: string; args: unknown }[] = [];
  invokeMock.mockImplementation(async (cmd: string, args?: { kind: string; on: boolean }) => {
    calls.push({ cmd, args });
    if (cmd === 'notice_switches') return kept.map((s) => ({ ...s }));
    if (cmd === 'set_notice_switch') {
      if (refuse) throw { code: 'invalid', message: 'kind: "x" is not a kind of notification', field: 'kind', problems: [] };
      const s = kept.find((k) => k.kind === args!.kind)!;
      s.on = args!.on;
      return kept.map((k) => ({ ...k }));
    }
    throw new Error(`unexpected command ${cmd}`);
  });
  return calls;
}

async function show(team = false) {
  session.signIn(team ? 'ines' : null);
  fresh.mount(NotificationSettings);
  flushSync();
  await settle();
}

const box = (kind: string) => byTestId<HTMLInputElement>(`notice-${kind}`)!;

afterEach(() => {
  session.signIn(null);
});

describe('Settings: notifications', () => {
  it('shows each kind with its label, on or off as the desk keeps it', async () => {
    backend(desk());
    await show();
    expect(box('mentioned').checked).toBe(true);
    expect(box('missed_schedule').checked).toBe(false);
    expect(fresh.target.textContent).toContain('Someone mentions me in a comment');
    // Alone, the kinds about team members say they come only on a team desk.
    expect(box('mentioned').getAttribute('aria-describedby')).toBe('notice-team-hint');
    expect(box('missed_schedule').getAttribute('aria-describedby')).toBeNull();
    expect(byTestId('notice-team-hint')).not.toBeNull();
  });

  it('on a team desk has no such hint', async () => {
    backend(desk());
    await show(true);
    expect(byTestId('notice-team-hint')).toBeNull();
    expect(box('mentioned').getAttribute('aria-describedby')).toBeNull();
  });

  it('switching one off sends its kind and shows what the desk kept', async () => {
    const kept = desk();
    const calls = backend(kept);
    await show(true);
    box('mentioned').click();
    await settle();
    expect(calls.filter((c) => c.cmd === 'set_notice_switch')).toEqual([
      { cmd: 'set_notice_switch', args: { kind: 'mentioned', on: false } },
    ]);
    expect(box('mentioned').checked).toBe(false);
    expect(kept[0]!.on).toBe(false);
    box('missed_schedule').click();
    await settle();
    expect(box('missed_schedule').checked).toBe(true);
  });

  it('a refused change is shown, and the switch goes back to what the desk keeps', async () => {
    backend(desk(), true);
    await show(true);
    box('mentioned').click();
    await settle();
    const banner = byTestId('error-banner');
    expect(banner?.textContent).toContain('is not a kind of notification');
    expect(banner?.textContent).toContain('(field: kind)');
    expect(box('mentioned').checked).toBe(true);
  });
});
