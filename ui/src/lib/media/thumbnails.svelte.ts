// The desk's image thumbnails for its lists (the tools table, the comparison list): one
// request per image for the whole app, however many rows or lists draw it and however often
// they are drawn. An image never changes under its hash, so a thumbnail never goes stale; a
// new logo is a new hash. The lists are virtualized, so a thumbnail is asked for when a row
// showing it is first drawn: only for rows in view.
import { SvelteMap } from 'svelte/reactivity';
import { mediaThumbnail } from '../api';

/** What a thumbnail is: its data: address when it came, '' when it could not be had. */
export type Thumbnail = string;

export class ThumbnailCache {
  /** hash → data: address ('' failed); reactive, so a row redraws when its thumbnail arrives. */
  #urls = new SvelteMap<string, Thumbnail>();
  /** Requests under way, by hash: a second row asking for the same image waits on the first. */
  #pending = new Map<string, Promise<Thumbnail>>();
  #fetch: (hash: string) => Promise<string>;
  #max: number;

  /**
   * `fetch` asks the core for one thumbnail (the `media_thumbnail` command); at most `max`
   * thumbnails are kept (a logo's is a few kilobytes), the oldest dropped first.
   */
  constructor(fetch: (hash: string) => Promise<string> = mediaThumbnail, max = 600) {
    this.#fetch = fetch;
    this.#max = max;
  }

  /** The thumbnail of `hash` if it has come (reactive); asks for it the first time. */
  of(hash: string): Thumbnail | undefined {
    const url = this.#urls.get(hash);
    if (url === undefined) void this.load(hash);
    return url;
  }

  /** The thumbnail of `hash`, asked for at most once while it is kept. Never rejects. */
  load(hash: string): Promise<Thumbnail> {
    const known = this.#urls.get(hash);
    if (known !== undefined) return Promise.resolve(known);
    const pending = this.#pending.get(hash);
    if (pending) return pending;
    const request = this.#fetch(hash).then(
      (url) => url,
      (err: unknown) => {
        // A row without its logo still works; the list is not the place for an error.
        console.error(`Verdict Desk: no thumbnail for ${hash}:`, err);
        return '';
      },
    );
    const settled = request.then((url) => {
      this.#pending.delete(hash);
      this.#keep(hash, url);
      return url;
    });
    this.#pending.set(hash, settled);
    return settled;
  }

  /** How many thumbnails are kept. */
  get size(): number {
    return this.#urls.size;
  }

  #keep(hash: string, url: Thumbnail) {
    while (this.#urls.size >= this.#max) {
      const oldest = this.#urls.keys().next().value;
      if (oldest === undefined) break;
      this.#urls.delete(oldest);
    }
    this.#urls.set(hash, url);
  }
}

/** The app's one cache of list thumbnails. */
export const thumbnails = new ThumbnailCache();
