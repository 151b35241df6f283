// Who is working: the desk's profiles and the one chosen in the role switcher.
// The choice is remembered on this machine; every change is sent to the core
// with the profile's slug, and the core decides what the profile may do.
import type { Profile, Role } from './types';

const STORAGE_KEY = 'verdict-desk.profile';

function remembered(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

class Session {
  profiles = $state<Profile[]>([]);
  slug = $state<string | null>(remembered());
  /**
   * On a team desk, the member signed in: the only profile that works here (their roles are
   * the server's, which enforces them), and the switcher no longer changes it.
   */
  member = $state<string | null>(null);

  /** The profile working now, or null before profiles are loaded. */
  get current(): Profile | null {
    return this.profiles.find((p) => p.slug === this.slug) ?? null;
  }

  /** True when the current profile has `role` (the UI's hint; the core enforces). */
  can(role: Role): boolean {
    return this.current?.roles.includes(role) ?? false;
  }

  /** Replaces the profile list; keeps the chosen profile when it still exists. */
  setProfiles(list: Profile[]) {
    this.profiles = list;
    if (this.member !== null && list.some((p) => p.slug === this.member)) {
      this.slug = this.member;
      return;
    }
    if (!list.some((p) => p.slug === this.slug)) {
      const first = list.find((p) => p.roles.includes('editor')) ?? list[0] ?? null;
      this.slug = first?.slug ?? null;
    }
  }

  /** Signs the member in (team mode) or out (null: back to the desk's profiles). */
  signIn(member: string | null) {
    this.member = member;
    if (member !== null) this.slug = member;
    else if (!this.profiles.some((p) => p.slug === this.slug)) this.setProfiles(this.profiles);
  }

  choose(slug: string) {
    if (this.member !== null && slug !== this.member) return;
    if (!this.profiles.some((p) => p.slug === slug)) return;
    this.slug = slug;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, slug);
    } catch {
      // private mode or no storage: the choice lasts for this run only
    }
  }
}

export const session = new Session();

/** The slug to send with a change: the current profile's, or '' (the core refuses it). */
export function actingAs(): string {
  return session.slug ?? '';
}

/**
 * What to do about a role the one working lacks: switch profile, or on a team desk (where the
 * member's roles are the server's) ask the team's admin. Ends without a full stop.
 */
export function switchAdvice(): string {
  return session.member !== null ? "ask your team's admin for that role" : 'switch profile in the sidebar';
}

/** A person's name from their profile slug or team login (the login when no profile has it). */
export function nameOf(login: string): string {
  return session.profiles.find((p) => p.slug === login)?.name ?? login;
}
