// Open comment threads per page, for the lists: read once, and again whenever the core says
// comments changed (made here, or taken from the team).
import { commentCounts, hasBackend } from './api';
import type { DeskChanges } from './bindings';

class CommentCounts {
  bySlug = $state<Map<string, number>>(new Map());
  /** Moves each time the core says comments changed: open threads read theirs again. */
  changes = $state(0);

  async load() {
    if (!hasBackend()) return;
    try {
      this.bySlug = new Map((await commentCounts()).map((c) => [c.slug, c.open]));
    } catch {
      // A count is a hint: a list without it still works.
    }
  }

  /** Reads the counts again when a change the core told touched comments (the desk's data
   * hands every `deskChanged` event here: one listener for the whole app). */
  take(event: DeskChanges) {
    if (event.changes.some((c) => c.kind === 'comment')) {
      this.changes += 1;
      void this.load();
    }
  }

  of(slug: string): number {
    return this.bySlug.get(slug) ?? 0;
  }
}

export const commentCountsStore = new CommentCounts();
