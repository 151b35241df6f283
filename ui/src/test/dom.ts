// Mounting, settling and driving components in the Vitest suites: one copy of the helpers
// every suite used to define for itself.
import { flushSync } from 'svelte';

type TauriWindow = Window & { __TAURI_INTERNALS__?: unknown };

/** Let promises resolve and Svelte update, `rounds` times over. */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve();
    flushSync();
  }
}

/** A keydown on the focused element (or the body); returns the event to check defaultPrevented. */
export function key(name: string, init: KeyboardEventInit = {}) {
  const el = document.activeElement ?? document.body;
  const event = new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init });
  el.dispatchEvent(event);
  flushSync();
  return event;
}

/** Sets a field's value as typing does (one input event). */
export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

/** Focuses the field, then types into it. */
export function typeFocused(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.focus();
  type(input, value);
}

/** Picks an option of a select, as the user does (one change event). */
export function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

/** Queries inside the mounted component's target. */
export function queries(root: () => ParentNode) {
  return {
    byTestId: <T extends HTMLElement = HTMLElement>(id: string) => root().querySelector<T>(`[data-testid="${id}"]`),
    /** The form control whose visible <label> reads exactly `text`. */
    byLabel<T extends HTMLElement = HTMLInputElement>(text: string): T {
      const label = [...root().querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
      if (!label) throw new Error(`no label "${text}"`);
      const control = label.control ?? (label.htmlFor ? document.getElementById(label.htmlFor) : null);
      if (!control) throw new Error(`no field labelled "${text}"`);
      return control as unknown as T;
    },
  };
}

/** A button by its accessible name (aria-label or text) inside `scope`. */
export function button(scope: ParentNode, name: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

/** A fresh element in the document to mount into. */
export function newTarget(): HTMLElement {
  const target = document.createElement('div');
  document.body.appendChild(target);
  return target;
}

/** Pretend to run inside the Tauri webview (the api module then calls the mocked invoke). */
export function enterTauri() {
  (window as TauriWindow).__TAURI_INTERNALS__ = {};
}

export function leaveTauri() {
  delete (window as TauriWindow).__TAURI_INTERNALS__;
}

/** Waits for the next animation frame (the page preview puts a new page in on one), then settles. */
export async function nextFrame() {
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  await settle();
}

/** The body of the page a preview frame's document holds now (loaded or patched in). */
export function shownBody(frame: HTMLIFrameElement | null): string | null {
  return frame?.contentDocument?.body?.innerHTML ?? null;
}

/** The body `html` has as a document: what `shownBody` gives once a frame shows it. */
export function bodyOf(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
}
