// The app's window-wide keys: Ctrl+Shift+S syncs, Ctrl+K searches, Ctrl+1… goes to a screen,
// Ctrl+N starts something new, the arrows walk the search results, Escape clears the search
// or leaves the editor.
import { isTextEntry } from '../editor';
import { isNewShortcut, isSearchShortcut, screenShortcut } from '../format';
import { screenForDigit } from '../components/Sidebar.svelte';
import { isSyncShortcut } from '../teamText';
import type { Router } from './router.svelte';
import type { DeskSearch } from './search.svelte';

export interface KeyTargets {
  router: Router;
  search: DeskSearch;
  /** The team's sync, when the desk has a team. */
  sync: (() => void) | null;
  startNew: () => void;
}

export function onAppKeydown(e: KeyboardEvent, app: KeyTargets) {
  const { router, search } = app;
  if (isSyncShortcut(e) && app.sync) {
    e.preventDefault();
    if (!e.repeat) app.sync();
    return;
  }
  if (isSearchShortcut(e)) {
    e.preventDefault();
    search.input?.focus();
    search.input?.select();
    return;
  }
  const digit = screenShortcut(e);
  const target = digit === null ? null : screenForDigit(digit);
  if (target !== null) {
    e.preventDefault();
    if (!e.repeat) router.navigate(target);
    return;
  }
  if (isNewShortcut(e)) {
    e.preventDefault();
    if (!e.repeat) app.startNew();
    return;
  }
  if (search.active && !e.defaultPrevented && !e.isComposing && searchKeys(e, search.input)) return;
  if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
  const focused = e.target instanceof Element ? e.target : document.activeElement;
  if (search.query !== '') {
    e.preventDefault();
    search.query = '';
  } else if (search.input && focused === search.input) {
    search.input.blur();
  } else if (isTextEntry(focused) && focused?.getAttribute('aria-expanded') === 'true') {
    // An open picker closes first; the next Escape leaves.
  } else if (router.openSlug !== null) {
    // From a field too: the header's "Esc" promises it. The editor saves first.
    e.preventDefault();
    router.back();
  }
}

/**
 * Ctrl+K's results by keyboard: ArrowDown from the search field goes to the first result,
 * the arrows move between results (Up from the first returns to the field), Enter in the
 * field opens the first result (Enter on a result is its click). True when it handled `e`.
 */
function searchKeys(e: KeyboardEvent, searchInput: HTMLInputElement | null): boolean {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Enter') return false;
  const results = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="search-results"] button.hit')];
  const focused = document.activeElement;
  if (searchInput && focused === searchInput) {
    const first = results[0];
    if (!first || e.key === 'ArrowUp') return false;
    e.preventDefault();
    if (e.key === 'ArrowDown') first.focus();
    else first.click();
    return true;
  }
  const at = results.indexOf(focused as HTMLButtonElement);
  if (at < 0 || e.key === 'Enter') return false;
  e.preventDefault();
  const next = e.key === 'ArrowDown' ? (results[at + 1] ?? results[at]) : at === 0 ? searchInput : results[at - 1];
  next?.focus();
  return true;
}
