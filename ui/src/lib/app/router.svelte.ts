// Where the desk is: the screen shown, the comparison open in the editor, and the place a
// screen is asked to open (a verdict, a tool, an image). Every move first lets the open editor
// (or screen) save its draft, and does not happen when that save fails.
import type { WorkPlace } from '../bindings';
import type { DeskView } from '../components/Sidebar.svelte';
import type { CheckPlace } from '../editor';
import type { SearchHit } from '../types';

/** What a screen may offer the app: saving before it is left, and Ctrl/Cmd+N. */
export interface Screen {
  beforeLeave?(): Promise<boolean> | null;
  startNew?(): void;
}

/** The open editor; asked to save before the app navigates away from it. */
export interface Editor {
  beforeLeave(): Promise<boolean> | null;
}

/** A place a screen is asked to open; `n` makes asking twice for the same place a new ask. */
export type VerdictAt = { reviewer: string; tool: string; n: number };
export type ToolAt = { slug: string; n: number };
export type MediaAt = { hash: string; n: number };

export class Router {
  view = $state<DeskView>('comparisons');
  openSlug = $state<string | null>(null);
  /** The row the list focuses when the editor closed. */
  returnFocusSlug = $state<string | null>(null);
  /** A tool's or reviewer's row to highlight (from a search hit). */
  highlight = $state<string | null>(null);
  verdictAt = $state<VerdictAt | null>(null);
  toolAt = $state<ToolAt | null>(null);
  mediaAt = $state<MediaAt | null>(null);
  editor = $state<Editor | null>(null);
  /** The screen shown when no comparison is open. */
  screen = $state<Screen | null>(null);
  #asks = 0;

  /** `moved` runs on every move to a screen (the app clears the search and the news there). */
  constructor(private readonly moved: (next: DeskView) => void) {}

  /** Asks the open editor, or else the screen, to save its unsaved work; null when there is none. */
  saveOpenWork(): Promise<boolean> | null {
    if (this.editor) return this.editor.beforeLeave();
    return this.screen?.beforeLeave?.() ?? null;
  }

  /**
   * Run a navigation once the open editor or screen (if any) has saved its draft. Runs
   * at once when there is nothing to save; never runs when the draft cannot be saved
   * (the editor stays open and says why).
   */
  afterEditorSaved(go: () => void) {
    const pending = this.saveOpenWork();
    if (pending === null) {
      go();
      return;
    }
    void pending.then((ok) => {
      if (ok) go();
    });
  }

  navigate(next: DeskView) {
    this.afterEditorSaved(() => this.navigateNow(next));
  }

  navigateNow(next: DeskView) {
    this.view = next;
    this.verdictAt = null;
    this.toolAt = null;
    this.mediaAt = null;
    this.openSlug = null;
    this.returnFocusSlug = null;
    this.highlight = null;
    this.moved(next);
  }

  openDetail(slug: string) {
    this.returnFocusSlug = null;
    this.openSlug = slug;
  }

  /** Closes the editor (after it saved), back to the list at its row. */
  back() {
    this.afterEditorSaved(() => {
      if (this.openSlug === null) return;
      this.returnFocusSlug = this.openSlug;
      this.openSlug = null;
    });
  }

  /** Goes where a work item (or a check's blocker) is done. */
  openPlace(place: WorkPlace) {
    this.afterEditorSaved(() => {
      if (place.kind === 'comparison') {
        this.navigateNow('comparisons');
        this.openDetail(place.slug);
      } else if (place.kind === 'verdict') {
        this.navigateNow('reviewers');
        this.verdictAt = { reviewer: place.reviewer, tool: place.tool, n: ++this.#asks };
      } else if (place.kind === 'tool') {
        this.navigateNow('tools');
        this.toolAt = { slug: place.slug, n: ++this.#asks };
      } else {
        this.navigateNow('publishing');
      }
    });
  }

  /** A check's place (a verdict's form, a tool's, an image's) opened from the editor's checks. */
  openCheckPlace(place: CheckPlace) {
    if (place.kind === 'verdict') {
      this.openPlace(place);
      return;
    }
    this.afterEditorSaved(() => {
      if (place.kind === 'media') {
        this.navigateNow('media');
        this.mediaAt = { hash: place.hash, n: ++this.#asks };
      } else {
        this.navigateNow('tools');
        this.toolAt = { slug: place.slug, n: ++this.#asks };
      }
    });
  }

  /** Opens a search hit: a comparison in the editor, a tool or reviewer highlighted in its list. */
  selectHit(hit: SearchHit) {
    this.afterEditorSaved(() => {
      if (hit.entity === 'comparison') {
        this.navigateNow('comparisons');
        this.openDetail(hit.key);
      } else if (hit.entity === 'tool' || hit.entity === 'reviewer') {
        this.navigateNow(hit.entity === 'tool' ? 'tools' : 'reviewers');
        this.highlight = hit.key;
      }
    });
  }
}
