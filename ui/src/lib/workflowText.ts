// The workflow bar's words: each step's label, what it says when done, and why a step cannot
// be taken here (the core says which role is missing; these sentences name what that role does).
import { switchAdvice } from './session.svelte';
import type { ActionAvailability, ActionBlock, ComparisonStatus, PageActionKind, Role } from './types';

export type ActionKind = PageActionKind;

/** What a step's button says; a scheduled page's steps read as changes to that schedule. */
export function labelOf(kind: ActionKind, status: ComparisonStatus): string {
  switch (kind) {
    case 'submit_for_review':
      return 'Submit for review';
    case 'approve':
      return 'Approve';
    case 'publish':
      return status === 'scheduled' ? 'Publish now' : 'Publish';
    case 'schedule':
      return status === 'scheduled' ? 'Reschedule…' : 'Schedule…';
    case 'return_to_draft':
      return 'Return to draft';
    case 'unpublish':
      return 'Unpublish';
  }
}

const VERBS: Record<ActionKind, string> = {
  submit_for_review: 'submit pages for review',
  return_to_draft: 'return pages to draft',
  approve: 'approve',
  schedule: 'schedule',
  publish: 'publish',
  unpublish: 'unpublish',
};

/** What is announced once a step is done. */
export const DONE: Record<Exclude<ActionKind, 'schedule'>, string> = {
  submit_for_review: 'Submitted for review.',
  return_to_draft: 'Returned to draft.',
  approve: 'Approved.',
  publish: 'Published.',
  unpublish: 'Unpublished: the page is approved again.',
};

function joinAnd(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "Publishers approve pages", "Publishers schedule and publish pages", "Editors return pages to draft". */
export function roleHint(role: Role, kinds: ActionKind[]): string {
  const verbs = [...new Set(kinds.map((k) => VERBS[k]))];
  const who = role === 'publisher' ? 'Publishers' : role === 'editor' ? 'Editors' : 'Reviewers';
  const phrase = verbs.every((v) => !v.includes('pages')) ? `${joinAnd(verbs)} pages` : joinAnd(verbs);
  return `${who} ${phrase} — ${switchAdvice()}`;
}

/** One hint per role the profile lacks among `actions`, naming what that role does here. */
export function roleHintsOf(actions: readonly ActionAvailability[]): { role: Role; text: string }[] {
  const missing = new Map<Role, ActionKind[]>();
  for (const a of actions) {
    if (a.reason?.kind !== 'missing_role') continue;
    const role = a.reason.role;
    missing.set(role, [...(missing.get(role) ?? []), a.action]);
  }
  return [...missing].map(([role, kinds]) => ({ role, text: roleHint(role, kinds) }));
}

/** Why nobody here moves the page along (no profile, another member signed in). */
export function nobodyText(reason: ActionBlock): string {
  return reason.kind === 'not_signed_in'
    ? `This desk is signed in to the team as ${reason.member}: only they move pages along here`
    : 'Choose a profile in the sidebar to move this page along';
}

/** Why a step that applies cannot be pressed: the hint that says so, and its words as a tooltip. */
export function whyNot(a: ActionAvailability): { id: string; title: string } | null {
  switch (a.reason?.kind) {
    case undefined:
    case 'wrong_state':
      return null;
    case 'missing_role':
      return { id: `wf-hint-${a.reason.role}`, title: roleHint(a.reason.role, [a.action]) };
    case 'no_profile':
      return { id: 'wf-hint-profile', title: 'Choose a profile in the sidebar' };
    case 'not_signed_in':
      return { id: 'wf-hint-profile', title: nobodyText(a.reason) };
  }
}
