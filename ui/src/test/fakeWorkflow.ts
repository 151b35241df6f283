// The core's page workflow (workflow.rs) and comparison history, layered over the shared
// fake backend: commands handled here, everything else goes to the backend underneath.
import type { Mock } from 'vitest';
import type { ActionAvailability, ActionBlock, Comparison, ComparisonStatus, PageAction, Profile, RevisionView, Role } from '../lib/types';
import { invalid, refusal } from './errors';
import { answerWith } from './answers';

export interface FakeWorkflowOptions {
  /** Stored comparisons (the fake backend's map), changed by every step taken. */
  stored: Map<string, Comparison>;
  profiles: Profile[];
  /** Replaces the rules for one call: return the stored page, or throw an ApiError. */
  pageAction?: (profile: string, slug: string, action: PageAction) => Comparison | Promise<Comparison>;
  /** Revisions by comparison slug, newest first; restoring one stores its `value`. */
  revisions?: Map<string, Array<RevisionView & { value: Comparison }>>;
  now?: () => Date;
}

const STATE_NAME: Record<ComparisonStatus, string> = {
  draft: 'a draft',
  in_review: 'a page in review',
  approved: 'an approved page',
  scheduled: 'a scheduled page',
  published: 'a published page',
};

const VERB: Record<PageAction['action'], string> = {
  submit_for_review: 'submit pages for review',
  return_to_draft: 'return pages to draft',
  approve: 'approve pages',
  schedule: 'schedule pages',
  publish: 'publish pages',
  unpublish: 'unpublish pages',
};

type Kind = PageAction['action'];

/** The steps in the order the core offers them (workflow.rs `PageActionKind::ALL`). */
const KINDS: Kind[] = ['submit_for_review', 'approve', 'publish', 'schedule', 'return_to_draft', 'unpublish'];

const RANK: Record<ComparisonStatus, number> = { draft: 0, in_review: 1, approved: 2, scheduled: 3, published: 4 };

const roleOf = (kind: Kind): Role => (kind === 'submit_for_review' || kind === 'return_to_draft' ? 'editor' : 'publisher');

/** Where `kind` takes a page in state `s`, or the hint saying why it does not apply there. */
function nextStatus(kind: Kind, s: ComparisonStatus): { to: ComparisonStatus } | { hint: string } {
  switch (kind) {
    case 'submit_for_review':
      return s === 'draft' ? { to: 'in_review' } : { hint: 'only drafts go to review' };
    case 'return_to_draft':
      return s === 'in_review' || s === 'approved' || s === 'scheduled'
        ? { to: 'draft' }
        : { hint: 'unpublish it first, or it is already a draft' };
    case 'approve':
      return s === 'in_review' ? { to: 'approved' } : { hint: 'a page is approved from review' };
    case 'schedule':
      return s === 'approved' || s === 'scheduled' ? { to: 'scheduled' } : { hint: 'approve the page first' };
    case 'publish':
      if (s === 'published') return { hint: 'it is already published' };
      return s === 'approved' || s === 'scheduled' ? { to: 'published' } : { hint: 'approve the page first' };
    case 'unpublish':
      return s === 'published' ? { to: 'approved' } : { hint: 'only a published page can be unpublished' };
  }
}

/** Applies `action` as the core does, or throws the core's refusal. */
export function applyPageAction(profile: Profile | undefined, page: Comparison, action: PageAction, now: Date): Comparison {
  const role = roleOf(action.action);
  if (!profile || !profile.roles.includes(role)) {
    throw {
      code: 'forbidden',
      problems: [],
      message: `${profile?.name ?? 'Nobody'} (${profile?.roles.join(', ') ?? ''}) may not ${VERB[action.action]}: that needs the ${role} role`,
    };
  }
  const step = nextStatus(action.action, page.status);
  if ('hint' in step) {
    throw {
      code: 'wrong_state',
      problems: [],
      message: `cannot ${action.action.replace(/_/g, ' ')} ${STATE_NAME[page.status]}: ${step.hint}`,
    };
  }
  const next = { ...page, status: step.to };
  if (action.action === 'schedule') {
    if (new Date(action.at).getTime() <= now.getTime()) {
      throw invalid({ field: 'scheduled_for', message: 'the publish time must be in the future' });
    }
    next.scheduled_for = action.at;
  }
  if (action.action === 'publish') next.published_at = now.toISOString();
  if (next.status !== 'scheduled') next.scheduled_for = null;
  return next;
}

/** allowed_actions as the core answers it (workflow/availability.rs), from the same rules. */
export function allowedActions(profile: Profile | undefined, status: ComparisonStatus): ActionAvailability[] {
  const forward = (kind: Kind) => {
    const step = nextStatus(kind, status);
    return 'to' in step && RANK[step.to] > RANK[status] ? RANK[step.to] : null;
  };
  const furthest = Math.max(-1, ...KINDS.map((k) => forward(k) ?? -1));
  return KINDS.map((kind) => {
    const step = nextStatus(kind, status);
    const role = roleOf(kind);
    const reason: ActionBlock | null = !profile
      ? { kind: 'no_profile' }
      : !profile.roles.includes(role)
        ? { kind: 'missing_role', role }
        : 'hint' in step
          ? { kind: 'wrong_state', status, hint: step.hint }
          : null;
    return {
      action: kind,
      role,
      applies: 'to' in step,
      allowed: reason === null,
      reason,
      main: furthest >= 0 && forward(kind) === furthest,
      asks_about_blockers: kind === 'approve' || kind === 'schedule' || kind === 'publish',
    };
  });
}

export function installWorkflow(invoke: Mock, options: FakeWorkflowOptions): void {
  const underneath = invoke.getMockImplementation();
  const now = options.now ?? (() => new Date());
  answerWith(
    invoke,
    {
      page_action: ({ profile, slug, action }) => {
        if (options.pageAction) return options.pageAction(profile, slug, action);
        const page = options.stored.get(slug);
        if (!page) throw refusal('not_found', `no comparison "${slug}"`);
        const next = applyPageAction(
          options.profiles.find((p) => p.slug === profile),
          page,
          action,
          now(),
        );
        options.stored.set(slug, next);
        return structuredClone(next);
      },
      history: ({ key }) => {
        const list = options.revisions?.get(key) ?? [];
        return list.map(({ value: _value, ...view }) => structuredClone(view));
      },
      restore_revision: ({ key, number: wanted }) => {
        const list = options.revisions?.get(key) ?? [];
        const revision = list.find((r) => r.number === wanted);
        if (!revision) throw refusal('not_found', `no revision ${wanted}`);
        const current = options.stored.get(key);
        const restored = { ...revision.value, status: current?.status ?? revision.value.status };
        options.stored.set(key, restored);
        const number = (list[0]?.number ?? 0) + 1;
        list.unshift({ number, saved_at: now().toISOString(), author: null, changes: [], value: restored });
      },
    },
    (cmd, args) => underneath?.(cmd, args),
  );
}
