// The component suites' shared setup: one mock of the Tauri core and one of its events (a
// listener is recorded, so a test sends the core's events by hand), and a fresh desk for each
// test with whatever it mounted unmounted after. Mocks are hoisted per file, so a suite file
// still names the modules it mocks, and points them here:
//   vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
//   vi.mock('@tauri-apps/api/event', () => import('./test/appSetup').then((m) => m.tauriEvent));
import { afterEach, beforeEach, vi, type Mock } from 'vitest';
import { mount, unmount, type Component } from 'svelte';
import { session } from '../lib/session.svelte';
import { enterTauri, leaveTauri, newTarget } from './dom';

type Listener = (event: { payload: unknown }) => void;

/** What the event mock records: the handlers listening, and the names unlistened. */
export interface EventsMock {
  handlers: Map<string, Listener>;
  unlisten: Mock;
}

/** The core's `invoke`: each test scripts it (see `installBackend`). */
export const invokeMock: Mock = vi.fn();

export const events: EventsMock = { handlers: new Map(), unlisten: vi.fn() };

/** The mocked `@tauri-apps/api/core`. */
export const tauriCore = { invoke: invokeMock };

/** The mocked `@tauri-apps/api/event`. */
export const tauriEvent = {
  listen: vi.fn(async (name: string, handler: Listener) => {
    events.handlers.set(name, handler);
    return () => {
      events.unlisten(name);
      events.handlers.delete(name);
    };
  }),
};

type Mounted = ReturnType<typeof mount>;

/**
 * Before each test: inside Tauri, the core's mock and the events reset, no remembered or
 * known profile, a fresh target. After each: what was mounted through here unmounted, the
 * target removed, outside Tauri again, real timers.
 */
export function freshDesk() {
  let target: HTMLElement;
  const mounted = new Set<Mounted>();

  beforeEach(() => {
    enterTauri();
    invokeMock.mockReset();
    localStorage.clear();
    session.setProfiles([]);
    events.handlers.clear();
    events.unlisten.mockReset();
    target = newTarget();
  });

  afterEach(() => {
    for (const component of mounted) unmount(component);
    mounted.clear();
    target.remove();
    leaveTauri();
    vi.useRealTimers();
  });

  return {
    get target() {
      return target;
    },
    /** Mounts `component` into the target; it is unmounted after the test if not before. */
    mount<Props extends Record<string, unknown>>(component: Component<Props>, props: Props = {} as Props): Mounted {
      const instance = mount(component, { target, props });
      mounted.add(instance);
      return instance;
    },
    /** Keeps `instance`, mounted by the test itself, to unmount after the test. */
    track(instance: Mounted) {
      mounted.add(instance);
    },
    /** Unmounts `instance` now, if it is still mounted. */
    unmount(instance: Mounted | null) {
      if (instance && mounted.delete(instance)) unmount(instance);
    },
  };
}
