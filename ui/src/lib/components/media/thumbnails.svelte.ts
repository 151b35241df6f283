// The grid's thumbnails: each image's smallest variant as a data: address, asked for once
// when its cell is first drawn (a virtualized grid draws only what is on screen).
import { mediaThumbnail } from '../../api';

export class Thumbnails {
  /** hash → data: address; a missing key has not been asked for, '' failed. */
  urls = $state<Record<string, string>>({});
  #asked = new Set<string>();

  /** The thumbnail of `hash` when it has arrived; asks for it the first time. */
  of(hash: string): string | undefined {
    if (!this.#asked.has(hash)) {
      this.#asked.add(hash);
      mediaThumbnail(hash).then(
        (url) => (this.urls[hash] = url),
        (err: unknown) => {
          // A missing thumbnail shows as a blank tile with the name; the list still works.
          this.urls[hash] = '';
          console.error(`Verdict Desk: no thumbnail for ${hash}:`, err);
        },
      );
    }
    return this.urls[hash];
  }
}
