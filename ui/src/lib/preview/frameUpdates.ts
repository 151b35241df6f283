// What the preview frame shows next: the first page loads, later pages patch the loaded
// document in place, at most once per animation frame and only the newest of them.
import { patchDocument } from './patch';

export interface FrameHost {
  /** Loads `html` as a new document (the frame's srcdoc); the host calls `loaded()` once it has. */
  load(html: string): void;
  /** The document the last load gave, or null while there is none to patch. */
  document(): Document | null;
  /** A page is in the frame's document now, by a load or a patch. */
  painted(how: 'load' | 'patch'): void;
  /** Runs `fn` before the next paint (requestAnimationFrame); returns its cancel. */
  schedule?(fn: () => void): () => void;
}

function nextAnimationFrame(fn: () => void): () => void {
  const id = requestAnimationFrame(fn);
  return () => cancelAnimationFrame(id);
}

export class FrameUpdates {
  #host: FrameHost;
  #schedule: (fn: () => void) => () => void;
  /** The page last given to `load`. */
  #source: string | null = null;
  /** A load is under way: its document is not there to patch yet. */
  #loading = false;
  /** The page the frame's document holds now. */
  #shown: string | null = null;
  /** The newest page asked for. */
  #wanted: string | null = null;
  #cancel: (() => void) | null = null;

  constructor(host: FrameHost) {
    this.#host = host;
    this.#schedule = host.schedule ?? nextAnimationFrame;
  }

  /** Shows `html`: the first page loads now; later ones go in on the next animation frame. */
  show(html: string) {
    this.#wanted = html;
    if (this.#source === null) {
      this.#load(html);
      return;
    }
    // Renders can answer faster than the screen repaints; patching for each would be work
    // nobody sees, so only the newest page of a frame goes in.
    this.#cancel ??= this.#schedule(() => {
      this.#cancel = null;
      this.#apply();
    });
  }

  /** The frame finished loading the page last given to `load` (or loaded it again). */
  loaded() {
    this.#loading = false;
    this.#shown = this.#source;
    this.#host.painted('load');
    // Pages that came in while it loaded were kept back (changing srcdoc mid-load can be
    // dropped by WebKit); the newest of them goes in now, before the frame paints.
    this.#apply();
  }

  /** Nothing more is applied (the frame is going away). */
  dispose() {
    this.#cancel?.();
    this.#cancel = null;
  }

  #apply() {
    const wanted = this.#wanted;
    if (this.#loading || wanted === null || wanted === this.#shown) return;
    const doc = this.#host.document();
    if (doc && patchDocument(doc, wanted) === 'patched') {
      this.#shown = wanted;
      this.#host.painted('patch');
    } else {
      this.#load(wanted);
    }
  }

  #load(html: string) {
    this.#source = html;
    this.#loading = true;
    this.#host.load(html);
  }
}
