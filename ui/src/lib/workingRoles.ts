// The roles of whoever works now, as the sidebar's badge and My work name them. On a team
// desk they are the member's roles as the team's server holds them: the desk profile made for
// a member keeps only the desk's roles, so an editor who is also the team's admin read as
// "Editor" alone. Elsewhere they are the chosen profile's.
import { session } from './session.svelte';
import { team } from './team.svelte';
import { TEAM_ROLE_NAMES, roleLabel } from './teamText';

/** The working person's roles (team roles included on a team desk), in the desk's order. */
export function workingRoles(): string[] {
  const link = team.status?.link ?? null;
  const roles =
    session.member !== null && link !== null && link.user === session.member ? link.roles : (session.current?.roles ?? []);
  const rank = (r: string) => {
    const at = (TEAM_ROLE_NAMES as readonly string[]).indexOf(r);
    return at < 0 ? TEAM_ROLE_NAMES.length : at;
  };
  return [...new Set(roles)].sort((a, b) => rank(a) - rank(b));
}

/** "Editor, Admin": the working person's roles as people read them. */
export function workingRoleText(): string {
  return workingRoles().map(roleLabel).join(', ');
}
