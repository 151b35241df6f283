// The live preview of an editor's draft: every change is rendered by the core, one render
// at a time; while one is under way only the newest draft waits to be sent next.
import { toApiError } from '../api';
import type { ApiError } from '../types';

export interface LivePreviewOptions<R extends { html: string }> {
  /** Renders the draft (its JSON) through the core. */
  render: (json: string) => Promise<R>;
  /** The core's answer for a draft (its page is already in `html`). */
  onresult?: (result: R) => void;
  /** The render failed (the error is in `error`). */
  onfailed?: () => void;
  /** After each render, worked or not (e.g. to let a waiting autosave go). */
  onsettled?: () => void;
  /** False once the editor is gone: answers arriving later are dropped. */
  alive: () => boolean;
}

export class LivePreview<R extends { html: string }> {
  html = $state<string | null>(null);
  error = $state<ApiError | null>(null);
  /** A render is under way (or waiting). */
  pending = $state(false);
  /** JSON of the draft the last answer belongs to. */
  renderedJson = $state<string | null>(null);

  #options: LivePreviewOptions<R>;
  #busy = false;
  /** The newest draft that changed while a render was in flight. */
  #queued: string | null = null;

  constructor(options: LivePreviewOptions<R>) {
    this.#options = options;
  }

  /** Renders `current` now, or as soon as the render under way answers. */
  request(current: string) {
    if (this.#busy) {
      this.#queued = current;
      return;
    }
    void this.#render(current);
  }

  async #render(current: string) {
    const alive = this.#options.alive;
    this.#busy = true;
    this.pending = true;
    try {
      const result = await this.#options.render(current);
      if (!alive()) return;
      // An unchanged page leaves the frame alone: no patch, nothing to lay out again.
      if (result.html !== this.html) this.html = result.html;
      this.error = null;
      this.#options.onresult?.(result);
    } catch (err) {
      if (!alive()) return;
      this.error = toApiError(err);
      this.#options.onfailed?.();
    } finally {
      if (alive()) this.renderedJson = current;
      this.#busy = false;
      const next = this.#queued;
      this.#queued = null;
      if (next !== null && alive()) void this.#render(next);
      else this.pending = false;
      this.#options.onsettled?.();
    }
  }
}
