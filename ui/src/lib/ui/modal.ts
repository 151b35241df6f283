// The behaviour of a modal <dialog>, shared by every dialog of the app: opened modal
// (`openModal`, before the dialog puts its focus somewhere), Escape cancels, Tab keeps focus
// inside (a modal dialog makes the rest inert; this covers webviews and test DOMs without
// one), closed again when the dialog leaves the page.

export interface ModalOptions {
  /** Escape was pressed. */
  oncancel: () => void;
  /** Keep Escape from the app's window-level handlers too (not only mark it handled). */
  isolate?: boolean;
}

/** Shows `dialog` as a modal (or just open, where the DOM has no modal dialogs). */
export function openModal(dialog: HTMLDialogElement | null) {
  if (!dialog) return;
  if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
  else dialog.setAttribute('open', '');
}

/** The enabled, visible things Tab may land on inside `root`. */
export function focusables(root: HTMLElement | null): HTMLElement[] {
  if (!root) return [];
  return Array.from(root.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')).filter(
    (el) => !(el as HTMLButtonElement).disabled && el.getAttribute('aria-hidden') !== 'true',
  );
}

/** Svelte action for a `<dialog>`: `<dialog use:modal={{ oncancel }}>`. */
export function modal(dialog: HTMLDialogElement, options: ModalOptions) {
  let current = options;
  function onKeydown(e: KeyboardEvent) {
    if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      if (current.isolate) e.stopPropagation();
      current.oncancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const items = focusables(dialog);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    const inside = active instanceof Node && dialog.contains(active);
    if (e.shiftKey && (active === first || !inside)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !inside)) {
      e.preventDefault();
      first.focus();
    }
  }
  function onCancel(e: Event) {
    // The browser's own Escape handling: the dialog is closed by its screen, not by it.
    e.preventDefault();
    current.oncancel();
  }
  dialog.addEventListener('keydown', onKeydown);
  dialog.addEventListener('cancel', onCancel);
  return {
    update(next: ModalOptions) {
      current = next;
    },
    destroy() {
      dialog.removeEventListener('keydown', onKeydown);
      dialog.removeEventListener('cancel', onCancel);
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
    },
  };
}
