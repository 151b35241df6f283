// Small helpers for accessible form markup.
import { tick } from 'svelte';

/** aria-describedby from the ids given (falsy ones skipped); undefined when none. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return list.length > 0 ? list.join(' ') : undefined;
}

/** After the next update, focus the first field marked invalid inside `container`. */
export async function focusFirstInvalid(container: HTMLElement | null) {
  await tick();
  container?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** Focuses the element with this id unless it is a disabled control; true when it did. */
export function focusById(id: string): boolean {
  const el = document.getElementById(id);
  if (el && !(el as HTMLButtonElement).disabled) {
    el.focus();
    return true;
  }
  return false;
}
