// The team desk as the UI sees it: the live sync's status (from the core's `team-status`
// events), the member signed in, and what other members changed (`team-edits`), for the
// screens that show it. One instance, started by the app.
import { onTeamEdits, onTeamStatus, teamStatus, teamSyncNow, toApiError } from './api';
import type { LiveStatus, TeamEdit } from './bindings';
import { session } from './session.svelte';

type EditListener = (edits: TeamEdit[]) => void;

class TeamDesk {
  status = $state<LiveStatus | null>(null);
  /** Why the status could not be read, if it could not. */
  problem = $state<string | null>(null);
  #listeners = new Set<EditListener>();
  /** Status events taken so far (see `refresh`). */
  #events = 0;

  /** True on a team desk. */
  get on(): boolean {
    return this.status?.link != null;
  }

  /** Called when the member signed in changes (the app reloads the profiles). */
  onmember: (() => void) | null = null;

  /** Takes a status (from a command or an event) and signs its member in or out. */
  take(status: LiveStatus) {
    this.status = status;
    const member = status.link?.user ?? null;
    if (member !== session.member) {
      session.signIn(member);
      this.onmember?.();
    }
  }

  /** Hears other members' changes until the returned function is called. */
  followEdits(listener: EditListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  tell(edits: TeamEdit[]) {
    for (const l of this.#listeners) l(edits);
  }

  /** Takes a status the core sent as an event: always the newest (they come in order). */
  takeEvent(status: LiveStatus) {
    this.#events += 1;
    this.take(status);
  }

  /**
   * Reads the status now. An event that arrives while the read is under way is newer than
   * what the read may answer (the core records a status, then sends it), so the answer is
   * then dropped: taking it put "Syncing…" back over "Synced" after a join, until the next
   * round 30 s later.
   */
  async refresh() {
    const events = this.#events;
    try {
      const status = await teamStatus();
      if (this.#events === events) this.take(status);
      this.problem = null;
    } catch (err) {
      this.problem = toApiError(err).message;
    }
  }

  async syncNow() {
    try {
      await teamSyncNow();
    } catch (err) {
      this.problem = toApiError(err).message;
    }
  }
}

export const team = new TeamDesk();

/** Reads the status and follows the core's team events; returns the function that stops. */
export function startTeam(onedits?: EditListener, onmember?: () => void): () => void {
  team.onmember = onmember ?? null;
  void team.refresh();
  const stops = [
    onTeamStatus((s) => team.takeEvent(s)),
    onTeamEdits((edits) => {
      team.tell(edits);
      onedits?.(edits);
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

/**
 * Calls `onedit` with the author when another member's change to the entity `kind`/`key()`
 * reaches this desk (the open form then takes it with `EntityForm.takeRemote`). Returns the
 * function that stops.
 */
export function followEntity(kind: TeamEdit['kind'], key: () => string | null, onedit: (author: string) => void): () => void {
  return team.followEdits((edits) => {
    const k = key();
    const mine = edits.filter((e) => e.kind === kind && e.key === k);
    const last = mine[mine.length - 1];
    if (last) onedit(last.author);
  });
}
