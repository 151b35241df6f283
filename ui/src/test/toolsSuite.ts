// The Tools screen suites' shared setup: a fresh target as the editor Edie before each test,
// the screen unmounted after; the screen shown, a tool opened in its form, and what was sent
// to the core. Each suite file mocks the Tauri core itself (mocks are hoisted per file) and
// hands its mock in here.
import { afterEach, beforeEach, expect, vi, type Mock } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import ToolsScreen from '../lib/components/ToolsScreen.svelte';
import type { Tool } from '../lib/types';
import { enterTauri, leaveTauri, newTarget, queries, settle } from './dom';
import { HAIKU, actAs, installTools, sampleTools } from './fakeTools';
import type { FakeToolsOptions } from './fakeTools';

type Screen = { beforeLeave(): Promise<boolean> | null; startNew(): void };

export function toolsSuite(invokeMock: Mock) {
  let screen: (ReturnType<typeof mount> & Screen) | null = null;
  let target: HTMLElement;
  const { byTestId, byLabel } = queries(() => target);
  let onchanged: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    enterTauri();
    invokeMock.mockReset();
    actAs('edie');
    target = newTarget();
  });

  afterEach(() => {
    if (screen) unmount(screen);
    screen = null;
    target.remove();
    leaveTauri();
    vi.useRealTimers();
  });

  const calls = (command: string) => invokeMock.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);

  function showScreen(highlight: string | null = null) {
    onchanged = vi.fn();
    screen = mount(ToolsScreen, { target, props: { tools: sampleTools(), highlight, onchanged } }) as typeof screen;
    flushSync();
  }

  return {
    get target() {
      return target;
    },
    /** The screen as mounted, with what it offers the app. */
    get screen() {
      return screen;
    },
    /** What the screen tells the app when a tool changed (a fresh mock per screen). */
    get onchanged() {
      return onchanged;
    },
    byTestId,
    byLabel,
    calls,
    drafts: () => calls('preview_tool').map((a) => a['draft'] as Tool),
    /** Every write of a tool, creations and saves, in order. */
    saves: () =>
      invokeMock.mock.calls.filter(([c]) => c === 'save_tool' || c === 'create_tool').map(([, a]) => a as Record<string, unknown>),
    frame: () => byTestId<HTMLIFrameElement>('page-preview'),
    saveState: () => byTestId('tool-save-state')?.textContent,
    showScreen,
    /** The screen with Claude Haiku open in its form. */
    async openTool(options: FakeToolsOptions = {}) {
      const backend = installTools(invokeMock, options);
      showScreen();
      byTestId(`tool-row-${HAIKU}`)!.click();
      flushSync();
      await settle();
      expect(byTestId('tool-editor')).not.toBeNull();
      return backend;
    },
  };
}
