// What every editor (comparison, tool, reviewer, verdict) does around its EntityForm when it is
// left: save before the app moves away (or say why not and put the focus on the problem),
// "Leave without saving", and a last fire-and-forget save when the editor or the window goes
// away without asking. Create it while the editor initialises (it registers its teardown).
import { onDestroy } from 'svelte';
import type { EntityForm } from './entityForm.svelte';

export interface EditorShellOptions<T> {
  form: EntityForm<T>;
  /** Puts the focus on the first problem after a save the user asked for was refused. */
  focusFirstProblem: () => unknown;
  /** Sends an unsaved draft without waiting (and does what follows a save). */
  send: (value: T) => Promise<unknown>;
  /** Whether this draft may be sent so now (e.g. not an entity that was never created). */
  sendable?: () => boolean;
  /** Closes the editor (after "Leave without saving"). */
  onback?: () => void;
}

export interface EditorShell {
  /**
   * Called before the app (or the screen) moves away. Null when nothing needs saving (leave
   * at once); otherwise resolves true once the draft is saved, or false when it cannot be
   * (the editor stays open, says why, and offers to leave without saving).
   */
  beforeLeave(): Promise<boolean> | null;
  /** Saves now (`force`: also when it would not autosave, as Ctrl+S does). */
  flush(force: boolean): Promise<boolean>;
  /** Drops the unsaved changes and closes the editor. */
  leaveWithoutSaving(): void;
  /** Sends what is unsaved, fire and forget: the editor or the window is going away. */
  sendUnsaved(): void;
}

export function editorShell<T>(options: EditorShellOptions<T>): EditorShell {
  const { form } = options;

  function sendUnsaved() {
    if (options.sendable && !options.sendable()) return;
    const current = form.unsentJson();
    if (current === null) return;
    form.clearAutosave();
    options.send(JSON.parse(current) as T).catch(() => {});
  }

  // Safety net for teardown paths that did not go through beforeLeave (e.g. the app closing).
  onDestroy(() => {
    form.destroy();
    sendUnsaved();
  });

  return {
    beforeLeave: () => form.beforeLeave(() => void options.focusFirstProblem()),
    flush: (force) => form.flush(force),
    leaveWithoutSaving() {
      form.discard();
      options.onback?.();
    },
    sendUnsaved,
  };
}
