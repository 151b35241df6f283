// The ordering rule of the UI's reads, in one place: of overlapping reads of one thing, only
// the newest one's answer is taken; an older answer that arrives late is dropped, and so is
// every answer of a read that was dropped (the thing it was for is gone, say a search field
// emptied). Screens use one `Latest` per thing they read instead of counting by hand.

/** What to do with a read's outcome, if it is still the newest when it settles. */
export interface Take<T> {
  ok?(value: T): void;
  failed?(err: unknown): void;
  /** After `ok` or `failed` (a loading mark cleared). */
  settled?(): void;
}

export class Latest {
  #newest = 0;

  /** Drops every read in flight: their answers will not be taken. */
  drop(): void {
    this.#newest += 1;
  }

  /**
   * Starts `read` as the newest read; its outcome goes to `on` only if no newer read started
   * (and nothing was dropped) before it settled. True when its answer was taken.
   */
  take<T>(read: Promise<T> | (() => Promise<T>), on: Take<T>): Promise<boolean> {
    const mine = ++this.#newest;
    const newest = () => mine === this.#newest;
    // `then`, not `await` in an async function: an answer is taken in the same microtask a
    // hand-written `await` would take it, so callers see the timing they always saw.
    return (typeof read === 'function' ? read() : read).then(
      (value) => {
        if (!newest()) return false;
        on.ok?.(value);
        on.settled?.();
        return true;
      },
      (err: unknown) => {
        if (newest()) {
          on.failed?.(err);
          on.settled?.();
        }
        return false;
      },
    );
  }
}
