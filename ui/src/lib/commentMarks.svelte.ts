// Where the open comments' words are in a form's fields while they are being edited, for the
// highlight drawn in each field. The comments panel hands over the threads it read (with the
// fields' texts at that moment); a field asks for its marks with the text it holds now, and
// each anchor follows the words through every edit since, keystroke by keystroke, as the core
// maps it on save. A hint drawn behind the text: the panel's thread list stays the record.
import type { CommentThread, EntityKind } from './bindings';
import { anchorRange, editBetween, mapRange } from './comments';
import type { MarkRange } from './ui/marks';

/** A thread held for its field: the range of its words in `base`. */
interface Held {
  thread: CommentThread;
  base: string;
  range: MarkRange | null;
}

/** A field's marks as last asked for: the text then, and each thread's range in it. */
interface Followed {
  held: Held[];
  value: string;
  ranges: Map<string, MarkRange | null>;
}

const entityKey = (kind: EntityKind, key: string) => `${kind}:${key}`;
const sameAnchor = (a: CommentThread, b: CommentThread) =>
  a.anchor.start === b.anchor.start && a.anchor.end === b.anchor.end && a.anchor.quote === b.anchor.quote && a.anchor.deleted === b.anchor.deleted;

class CommentMarks {
  /** The open threads on each entity's fields, by `kind:key`. */
  #held = $state.raw<Record<string, Held[]>>({});
  /** Not state: the ranges followed through the edits, by `kind:key|field` (a cache). */
  #followed = new Map<string, Followed>();

  /**
   * The threads read for `kind`/`key` (any others, a page's tools' and verdicts', are left
   * out), with its fields' texts now. A thread whose anchor is the one already held keeps the
   * place it was followed to; a new or moved one is placed in today's text.
   */
  take(kind: EntityKind, key: string, threads: readonly CommentThread[], texts: Record<string, string>) {
    const id = entityKey(kind, key);
    const before = new Map((this.#held[id] ?? []).map((h) => [h.thread.id, h]));
    const held: Held[] = [];
    for (const t of threads) {
      if (t.target.kind !== kind || t.target.key !== key || t.resolved_at !== null || t.anchor.deleted) continue;
      const was = before.get(t.id);
      const followed = this.#followed.get(`${id}|${t.target.field}`);
      if (was && followed && sameAnchor(was.thread, t) && followed.ranges.has(t.id)) {
        held.push({ thread: t, base: followed.value, range: followed.ranges.get(t.id) ?? null });
      } else {
        const base = texts[t.target.field] ?? '';
        held.push({ thread: t, base, range: anchorRange(base, t.anchor) });
      }
    }
    this.#held = { ...this.#held, [id]: held };
  }

  /** The form of `kind`/`key` closed: its threads are no longer held. */
  forget(kind: EntityKind, key: string) {
    const id = entityKey(kind, key);
    if (id in this.#held) {
      const { [id]: _gone, ...rest } = this.#held;
      this.#held = rest;
    }
    for (const k of [...this.#followed.keys()]) if (k.startsWith(`${id}|`)) this.#followed.delete(k);
  }

  /** The ranges of the open threads' words in `field` of `kind`/`key`, whose text is `value`. */
  ranges(kind: EntityKind, key: string, field: string, value: string): MarkRange[] {
    const id = entityKey(kind, key);
    const held = (this.#held[id] ?? []).filter((h) => h.thread.target.field === field);
    const cacheKey = `${id}|${field}`;
    let followed = this.#followed.get(cacheKey);
    if (!followed || followed.held !== this.#held[id]) {
      // Newly taken threads: each from its own base text to this one.
      const ranges = new Map<string, MarkRange | null>();
      for (const h of held) ranges.set(h.thread.id, h.range && mapRange(h.range, editBetween(h.base, value)));
      followed = { held: this.#held[id] ?? [], value, ranges };
      this.#followed.set(cacheKey, followed);
    } else if (followed.value !== value) {
      // One more edit (a keystroke, a paste, a cut): each range follows it.
      const edit = editBetween(followed.value, value);
      for (const [thread, range] of followed.ranges) followed.ranges.set(thread, range && mapRange(range, edit));
      followed.value = value;
    }
    return [...followed.ranges.values()].filter((r): r is MarkRange => r !== null);
  }
}

export const commentMarks = new CommentMarks();
