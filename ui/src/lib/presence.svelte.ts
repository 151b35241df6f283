// Presence as the UI sees it: who else has which page or form open, and who is typing in which
// field (the core's `team-presence` events), and where this desk is (told to the core, which
// tells the team on a team desk and keeps it to itself on a desk alone). A hint only: nothing
// is ever locked or refused because someone else is there. One instance, started by the app.
import { hasBackend, onTeamPresence, teamPresence, teamSetPresence } from './api';
import type { EntityKind, Presence, PresencePlace } from './bindings';

/** How long after the last keystroke a member counts as typing. */
export const TYPING_IDLE_MS = 3000;

class PresenceStore {
  /** The other members' places, as the core last told them. */
  others = $state<Presence[]>([]);
  /** Where this desk is, as last told to the core. */
  here = $state<PresencePlace | null>(null);
  #idle: ReturnType<typeof setTimeout> | null = null;

  /** Takes the others' places (a `team-presence` event, or the first read). */
  take(others: Presence[]) {
    this.others = others;
  }

  /** The members on `kind`/`key`, one entry each (typing ones first, then by name). */
  at(kind: EntityKind, key: string): Presence[] {
    const byLogin = new Map<string, Presence>();
    for (const p of this.others) {
      if (p.kind !== kind || p.key !== key) continue;
      const seen = byLogin.get(p.login);
      if (!seen || (p.typing && !seen.typing)) byLogin.set(p.login, p);
    }
    return [...byLogin.values()].sort((a, b) => Number(b.typing) - Number(a.typing) || a.name.localeCompare(b.name));
  }

  /** The members with `field` of `kind`/`key` in focus (typing or not). */
  inField(kind: EntityKind, key: string, field: string): Presence[] {
    return this.at(kind, key).filter((p) => p.field === field);
  }

  /** This desk opened `kind`/`key` (no field in focus yet). */
  open(kind: EntityKind, key: string) {
    if (this.here?.kind === kind && this.here.key === key) return;
    this.#tell({ kind, key, field: null, typing: false });
  }

  /** This desk closed `kind`/`key`; nothing happens if it has moved on to another place. */
  leave(kind: EntityKind, key: string) {
    if (this.here?.kind !== kind || this.here.key !== key) return;
    this.#tell(null);
  }

  /** The field in focus on the open place changed (`null`: none). */
  focus(field: string | null) {
    const here = this.here;
    if (!here || here.field === field) return;
    this.#tell({ ...here, field, typing: false });
  }

  /** A keystroke in the focused field: typing now, and until TYPING_IDLE_MS pass without one. */
  typed() {
    const here = this.here;
    if (!here?.field) return;
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = setTimeout(() => {
      this.#idle = null;
      const now = this.here;
      if (now?.typing) this.#tell({ ...now, typing: false });
    }, TYPING_IDLE_MS);
    if (!here.typing) this.#tell({ ...here, typing: true });
  }

  #tell(place: PresencePlace | null) {
    if (!place?.typing && this.#idle) {
      clearTimeout(this.#idle);
      this.#idle = null;
    }
    this.here = place;
    if (!hasBackend()) return;
    // A hint: when it cannot be told, the others simply do not see this desk there.
    teamSetPresence(place).catch(() => {});
  }
}

export const presence = new PresenceStore();

/** Reads the others' places and follows the core's presence events; returns the stop. */
export function startPresence(): () => void {
  if (hasBackend()) {
    teamPresence()
      .then((others) => presence.take(others))
      .catch(() => {});
  }
  return onTeamPresence((others) => presence.take(others));
}

/** A member's initials for an avatar: the first letters of the first two words of the name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => [...w][0]!.toUpperCase());
  return letters.join('') || '?';
}

/** A steady colour per login (the same member looks the same on every screen). */
export function hue(login: string): number {
  let h = 0;
  for (const ch of login) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return h;
}

/** What an avatar says of a member: where they are, typing or not. */
export function describe(p: Presence, label: (field: string) => string = (f) => f): string {
  if (!p.field) return `${p.name} has this open`;
  return p.typing ? `${p.name} is typing in ${label(p.field)}` : `${p.name} is in ${label(p.field)}`;
}
