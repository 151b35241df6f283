// What waits for the profile working (My work and its count in the sidebar), read again when
// the profile changes or the desk changed, and the notice of work the team's changes brought.
import { myWork } from './api';
import type { MyWork, WorkItem } from './bindings';
import { Latest } from './query';

const workKey = (i: WorkItem) => `${i.kind}:${i.title}`;

export class WorkFeed {
  /** The current profile's work; null before the first answer or without a profile. */
  work = $state<MyWork | null>(null);
  loading = $state(false);
  /** Work that arrived from the team since the last look, shown as a notice. */
  news = $state<WorkItem[]>([]);

  readonly #latest = new Latest();
  /** Other members' changes arrived since the work was last loaded. */
  #teamTouched = false;
  #last: { profile: string; keys: Set<string> } | null = null;
  #profile: string | null | undefined = undefined;
  /** The desk last followed (null before its first read). */
  #desk: object | null = null;
  /** All of the desk changed since it was last followed. */
  #replaced = false;
  #running = false;
  #again = false;

  /** `workOpen`: whether My work is on screen (its list shows new work: no notice then). */
  constructor(
    private readonly workOpen: () => boolean,
    private readonly currentProfile: () => string | null,
  ) {}

  /**
   * The profile is `profile` and the desk shown is `desk` (the overview, replaced whenever the
   * desk changed): a new profile's work is read at once (the newest read wins); after a change
   * at most one read runs and one waits, since on a big desk a read takes a while and one per
   * save queued up in the core as a person typed. The desk's first read is not a change (nor
   * is following the same desk again): the work is read from the core, not from the lists, so
   * it is not read a second time at start (on a desk of 10,000 pages a read takes a core for
   * three seconds).
   */
  follow(profile: string | null, desk: object | null = null): void {
    const [before, firstDesk] = [this.#desk, this.#desk === null && desk !== null];
    this.#desk = desk;
    if (profile !== this.#profile) {
      this.#profile = profile;
      this.#again = false;
      void this.load(profile);
    } else if (desk !== before && (!firstDesk || this.#replaced)) {
      this.#replaced = false;
      this.#refresh(profile);
    }
  }

  /**
   * All of the desk changed (an import, a team joined): the desk's next whole read is a
   * change even when it is the first (the work read at start may predate it).
   */
  replaced(): void {
    this.#replaced = true;
  }

  /** Other members' changes arrived: read again, noting what they brought. */
  teamChanged(): void {
    this.#teamTouched = true;
    void this.load(this.currentProfile());
  }

  load(profile: string | null): Promise<unknown> {
    if (profile === null) {
      this.#latest.drop();
      this.work = null;
      return Promise.resolve();
    }
    this.loading = true;
    return this.#latest.take(myWork(profile), {
      ok: (result) => {
        this.#noteNews(profile, result);
        this.work = result;
      },
      failed: (err) => {
        // The count is a hint; a failure here must not hide the desk. It is logged.
        this.work = null;
        console.error('Verdict Desk: my work could not be loaded:', err);
      },
      settled: () => (this.loading = false),
    });
  }

  #refresh(profile: string | null): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.load(profile).finally(() => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.#refresh(this.currentProfile());
      }
    });
  }

  /** Notes which items are new since the last load, when the team's changes brought them. */
  #noteNews(profile: string, result: MyWork): void {
    const keys = new Set(result.items.map(workKey));
    if (this.#teamTouched && this.#last?.profile === profile) {
      const before = this.#last.keys;
      const fresh = result.items.filter((i) => !before.has(workKey(i)));
      if (fresh.length > 0 && !this.workOpen()) this.news = fresh;
    }
    this.#teamTouched = false;
    this.#last = { profile, keys };
  }
}
