// One entity form's life, shared by every editor: the draft as loaded, what is saved and
// what failed, debounced autosave, flush before leaving (or closing, or switching profile),
// a fire-and-forget last save on teardown, and the save status the header shows.
import { toApiError } from '../api';
import { AUTOSAVE_DELAY_MS } from '../editor';
import type { ApiError } from '../types';
import { problemsOf } from './problems';
import type { FieldProblem } from './problems';

export interface EntityFormOptions<T> {
  /** Sends the draft to the core; resolves with what it stored. */
  save: (value: T) => Promise<unknown>;
  /** After a save the core accepted, with the value sent and the core's answer. */
  onsaved?: (value: T, stored: unknown) => void;
  /** After a save the core refused (the error is also in `saveError`). */
  onfailed?: (error: ApiError) => void;
  /**
   * Whether a save may go now (checked by `flush`): false keeps the draft unsaved, as when
   * the form already knows a problem the core would refuse. Called with the draft's JSON.
   */
  canSave?: (json: string) => boolean;
  /** Nothing here may be saved (the profile cannot edit): flush and leaving are no-ops. */
  readOnly?: () => boolean;
  /**
   * A save goes even when the draft equals what is saved: an entity not created yet (still
   * blank), or a form saved only on request, where Save always answers.
   */
  saveUnchanged?: () => boolean;
  /** Whether the draft saves on its own after a pause (e.g. not a new entity). */
  autosaves?: () => boolean;
  /**
   * Called when the autosave pause ran out; the form saves by calling `due()` (at once, or
   * later, e.g. once a preview of this very draft found no problem). Default: at once.
   */
  onautosave?: (due: () => void) => void;
  /** Quiet time after the last change before the form saves on its own. */
  delay?: number;
}

/** The element with the focus (null where there is no document). */
function focusedElement(): Element | null {
  return globalThis.document?.activeElement ?? null;
}

/** A field's value as comparable text (`undefined` for a field that is not there). */
function asJson(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

export class EntityForm<T> {
  /** The source of truth while editing; only the form (and a reload) changes it. */
  draft = $state<T | null>(null);
  /** JSON of the draft as last saved (or loaded). */
  savedJson = $state<string | null>(null);
  /** JSON of the draft the last failed save sent; autosave does not resend it unchanged. */
  failedJson = $state<string | null>(null);
  saveError = $state<ApiError | null>(null);
  saving = $state(false);
  loading = $state(false);
  loadError = $state<ApiError | null>(null);
  /** Leaving was refused because the draft could not be saved. */
  leaveBlocked = $state(false);
  /** Another member changed fields that are being edited here (see `takeRemote`). */
  remoteNotice = $state<{ author: string; fields: string[]; theirs: Record<string, unknown> } | null>(null);

  readonly json = $derived(this.draft === null ? null : JSON.stringify(this.draft));
  /** The draft differs from what is saved. */
  readonly dirty = $derived(this.json !== null && this.json !== this.savedJson);
  /** The last save failed and the draft has not changed since. */
  readonly failed = $derived(this.saveError !== null && this.json !== null && this.json === this.failedJson);
  /** The field problems of the last refused save (empty when it was not `invalid`). */
  readonly problems: FieldProblem[] = $derived(problemsOf(this.saveError));

  /** The user chose to leave without saving: nothing is sent any more. */
  discarding = false;
  destroyed = false;

  #options: EntityFormOptions<T>;
  /**
   * Where the person is typing: the control that had the focus, and the fields typing there
   * changed, each with its value (as JSON) before they typed (the team still holding that
   * is no news). While that control keeps the focus its fields are being edited, saved or
   * not: a save can still meet another desk's change of the same field as a conflict, and
   * the team's value then comes back, which must not replace the text under the cursor.
   */
  #typing: { element: Element | null; before: Map<string, string> } | null = null;
  /** The draft's JSON as `changed` last saw it, or as the form itself last set it. */
  #seenJson: string | null = null;
  #inFlight: Promise<boolean> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped whenever the countdown is cleared: an autosave handed out before does nothing. */
  #generation = 0;

  constructor(options: EntityFormOptions<T>) {
    this.#options = options;
  }

  /** Loads the entity into the form; false when it could not be (see `loadError`). */
  async load(fetch: () => Promise<T>): Promise<boolean> {
    this.loading = true;
    this.loadError = null;
    try {
      const loaded = await fetch();
      if (this.destroyed) return false;
      this.adopt(loaded);
      return true;
    } catch (err) {
      if (!this.destroyed) this.loadError = toApiError(err);
      return false;
    } finally {
      if (!this.destroyed) this.loading = false;
    }
  }

  /** Makes `value` the draft and the saved state: nothing of it is pending. */
  adopt(value: T) {
    this.draft = value;
    this.savedJson = JSON.stringify(value);
    this.#seenJson = this.savedJson;
    this.#typing = null;
    this.failedJson = null;
    this.saveError = null;
    this.leaveBlocked = false;
  }

  clearAutosave() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#generation++;
  }

  /** Call on every change of the draft: (re)starts the autosave countdown. */
  changed(current: string) {
    this.#noteTyped(current);
    this.clearAutosave();
    if (this.#readOnly() || (this.#options.autosaves && !this.#options.autosaves())) return;
    if (current === this.savedJson || current === this.failedJson) return;
    const generation = this.#generation;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const due = () => {
        if (generation === this.#generation && !this.destroyed && this.json !== null) void this.flush(false);
      };
      if (this.#options.onautosave) this.#options.onautosave(due);
      else due();
    }, this.#options.delay ?? AUTOSAVE_DELAY_MS);
  }

  /** Waits for the save under way, if any. */
  async settle() {
    while (this.#inFlight) await this.#inFlight;
  }

  /**
   * Saves the draft as it is now, after any save already under way. Resolves true when the
   * draft is saved (or nothing needed saving); false when it may not be saved yet or the
   * core refused it. Without `force`, a draft that failed and has not changed is not resent.
   */
  async flush(force: boolean): Promise<boolean> {
    this.clearAutosave();
    // Inline, not `settle()`: with nothing under way the save must start synchronously.
    while (this.#inFlight) await this.#inFlight;
    if (this.draft === null || this.destroyed || this.#readOnly()) return true;
    const current = JSON.stringify(this.draft);
    if (current === this.savedJson && !this.#options.saveUnchanged?.()) return true;
    if (!force && current === this.failedJson) return false;
    if (this.#options.canSave && !this.#options.canSave(current)) return false;
    return this.#start(current);
  }

  #start(current: string): Promise<boolean> {
    this.saving = true;
    const attempt = this.#save(current).finally(() => {
      this.saving = false;
      if (this.#inFlight === attempt) this.#inFlight = null;
    });
    this.#inFlight = attempt;
    return attempt;
  }

  async #save(current: string): Promise<boolean> {
    const value = JSON.parse(current) as T;
    try {
      const stored = await this.#options.save(value);
      this.savedJson = current;
      this.failedJson = null;
      this.saveError = null;
      this.leaveBlocked = false;
      this.#options.onsaved?.(value, stored);
      return true;
    } catch (err) {
      const error = toApiError(err);
      this.saveError = error;
      this.failedJson = current;
      this.#options.onfailed?.(error);
      return false;
    }
  }

  /**
   * Called before the app navigates away. Null when nothing needs saving (leave at once);
   * otherwise resolves true once the draft is saved, or false when it cannot be (the form
   * stays open with `leaveBlocked`, and `onblocked` may point at the problem).
   */
  beforeLeave(onblocked?: () => void): Promise<boolean> | null {
    if (this.discarding || this.draft === null || this.#readOnly()) return null;
    this.clearAutosave();
    if (!this.saving && this.json === this.savedJson) return null;
    return this.flush(false).then((ok) => {
      if (!ok && !this.destroyed) {
        this.leaveBlocked = true;
        onblocked?.();
      }
      return ok;
    });
  }

  /** Leave without saving: nothing more is sent. */
  discard() {
    this.discarding = true;
    this.clearAutosave();
  }

  /**
   * The draft's JSON when it is unsaved and worth a last, fire-and-forget save (the form or
   * the window is going away); null otherwise. `canSave` is asked as for any save.
   */
  unsentJson(): string | null {
    if (this.discarding || this.draft === null || this.#readOnly()) return null;
    const current = JSON.stringify(this.draft);
    if (current === this.savedJson || current === this.failedJson) return null;
    if (this.#options.canSave && !this.#options.canSave(current)) return null;
    return current;
  }

  /** Adds the fields that differ from the draft as last seen to what the person typed. */
  #noteTyped(current: string) {
    const seen = this.#seenJson;
    this.#seenJson = current;
    if (seen === null || seen === current) return;
    const before = JSON.parse(seen) as Record<string, unknown>;
    const now = JSON.parse(current) as Record<string, unknown>;
    const focused = focusedElement();
    for (const field of new Set([...Object.keys(before), ...Object.keys(now)])) {
      const was = asJson(before[field]);
      if (was === asJson(now[field])) continue;
      if (this.#typing?.element !== focused) this.#typing = { element: focused, before: new Map() };
      if (!this.#typing.before.has(field)) this.#typing.before.set(field, was);
    }
  }

  /** For a field being typed in now (its control still has the focus): its value before. */
  #beingTyped(field: string): string | undefined {
    const typing = this.#typing;
    if (typing === null || typing.element !== focusedElement()) return undefined;
    return typing.before.get(field);
  }

  #readOnly(): boolean {
    return this.#options.readOnly?.() ?? false;
  }

  /**
   * Takes the entity as it is now stored, after another team member changed it: the fields
   * not being edited here show the new values; a field being edited here keeps what was
   * typed (it is never overwritten) and is named in `remoteNotice` with their value. Being
   * edited: typed in and not saved, or saved but not yet confirmed by the team (a save that
   * met their change of the same field is a conflict; their value, set back here, must not
   * replace the text under the person's cursor). Waits for a save under way first, so the
   * change is merged on top of it.
   */
  async takeRemote(fresh: T, author: string) {
    await this.settle();
    if (this.destroyed || this.draft === null) return;
    if (this.json !== null) this.#noteTyped(this.json);
    const base = (this.savedJson === null ? {} : JSON.parse(this.savedJson)) as Record<string, unknown>;
    const draft = this.draft as Record<string, unknown>;
    const incoming = fresh as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...incoming };
    const kept: string[] = [];
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    for (const field of Object.keys(draft)) {
      const unsaved = !same(draft[field], base[field]);
      const before = this.#beingTyped(field);
      if (!unsaved && before === undefined) continue;
      merged[field] = draft[field];
      if (same(incoming[field], draft[field])) {
        // The team holds what was typed: the field is no longer in question.
        this.#typing?.before.delete(field);
      } else if (unsaved ? !same(incoming[field], base[field]) : asJson(incoming[field]) !== before) {
        // Theirs is news: not what this form last had, nor (saved, not yet on the team) the
        // value before the person typed. Said once: the same value again is not news.
        kept.push(field);
        if (!unsaved) this.#typing?.before.set(field, asJson(incoming[field]));
      }
    }
    this.savedJson = JSON.stringify(fresh);
    this.draft = merged as T;
    this.#seenJson = JSON.stringify(merged);
    if (kept.length > 0) {
      const theirs = Object.fromEntries(kept.map((f) => [f, incoming[f]]));
      this.remoteNotice = { author, fields: kept, theirs };
    }
  }

  /** Drops what is typed in the fields `remoteNotice` names, for the other member's values. */
  takeTheirs() {
    const notice = this.remoteNotice;
    if (!notice || this.draft === null) return;
    this.draft = { ...(this.draft as Record<string, unknown>), ...notice.theirs } as T;
    this.#seenJson = JSON.stringify(this.draft);
    for (const field of notice.fields) this.#typing?.before.delete(field);
    this.remoteNotice = null;
  }

  /** The component is going away: no more timers, no more state updates. */
  destroy() {
    this.destroyed = true;
    this.clearAutosave();
  }
}
