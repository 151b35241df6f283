// The desk's search (Ctrl+K in the sidebar): the query, debounced, and its hits; answers to
// superseded queries are dropped. Create it while a component initialises (it runs an effect).
import { search } from '../api';
import { Latest } from '../query';
import type { SearchHit } from '../types';

const SEARCH_DEBOUNCE_MS = 150;

export class DeskSearch {
  query = $state('');
  /** null while the first result for the current query is pending */
  hits = $state<SearchHit[] | null>(null);
  searching = $state(false);
  /** The sidebar's search field (Ctrl+K focuses it). */
  input = $state<HTMLInputElement | null>(null);
  readonly trimmed = $derived(this.query.trim());
  readonly active = $derived(this.trimmed.length > 0);
  #searches = new Latest();

  constructor(report: { ok: () => void; failed: (err: unknown) => void }) {
    // Every change of the query restarts the timer.
    $effect(() => {
      const q = this.trimmed;
      this.#searches.drop();
      if (!q) {
        this.hits = null;
        this.searching = false;
        return;
      }
      this.searching = true;
      const timer = setTimeout(() => {
        void this.#searches.take(search(q), {
          ok: (result) => {
            this.hits = result;
            report.ok();
          },
          failed: (err) => {
            this.hits = [];
            report.failed(err);
          },
          settled: () => (this.searching = false),
        });
      }, SEARCH_DEBOUNCE_MS);
      return () => clearTimeout(timer);
    });
  }
}
