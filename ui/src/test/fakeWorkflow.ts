// The core's page workflow (workflow.rs) and comparison history, layered over the shared
// fake backend: commands handled here, everything else goes to the backend underneath.
import type { Mock } from 'vitest';
import type { Comparison, ComparisonStatus, PageAction, Profile, RevisionView } from '../lib/types';
import { invalid, refusal } from './errors';

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

/** Applies `action` as the core does, or throws the core's refusal. */
export function applyPageAction(profile: Profile | undefined, page: Comparison, action: PageAction, now: Date): Comparison {
  const role = action.action === 'submit_for_review' || action.action === 'return_to_draft' ? 'editor' : 'publisher';
  if (!profile || !profile.roles.includes(role)) {
    throw {
      code: 'forbidden',
      problems: [],
      message: `${profile?.name ?? 'Nobody'} (${profile?.roles.join(', ') ?? ''}) may not ${VERB[action.action]}: that needs the ${role} role`,
    };
  }
  const wrong = (hint: string) => ({
    code: 'wrong_state',
    problems: [],
    message: `cannot ${action.action.replace(/_/g, ' ')} ${STATE_NAME[page.status]}: ${hint}`,
  });
  const next = { ...page };
  const s = page.status;
  switch (action.action) {
    case 'submit_for_review':
      if (s !== 'draft') throw wrong('only drafts go to review');
      next.status = 'in_review';
      break;
    case 'return_to_draft':
      if (s !== 'in_review' && s !== 'approved' && s !== 'scheduled') throw wrong('unpublish it first, or it is already a draft');
      next.status = 'draft';
      break;
    case 'approve':
      if (s !== 'in_review') throw wrong('a page is approved from review');
      next.status = 'approved';
      break;
    case 'schedule':
      if (s !== 'approved' && s !== 'scheduled') throw wrong('approve the page first');
      if (new Date(action.at).getTime() <= now.getTime()) {
        throw invalid({ field: 'scheduled_for', message: 'the publish time must be in the future' });
      }
      next.status = 'scheduled';
      next.scheduled_for = action.at;
      break;
    case 'publish':
      if (s === 'published') throw wrong('it is already published');
      if (s !== 'approved' && s !== 'scheduled') throw wrong('approve the page first');
      next.status = 'published';
      next.published_at = now.toISOString();
      break;
    case 'unpublish':
      if (s !== 'published') throw wrong('only a published page can be unpublished');
      next.status = 'approved';
      break;
  }
  if (next.status !== 'scheduled') next.scheduled_for = null;
  return next;
}

export function installWorkflow(invoke: Mock, options: FakeWorkflowOptions): void {
  const underneath = invoke.getMockImplementation();
  const now = options.now ?? (() => new Date());
  invoke.mockImplementation(async (cmd: string, args: Record<string, unknown> = {}) => {
    switch (cmd) {
      case 'page_action': {
        const profile = String(args['profile']);
        const slug = String(args['slug']);
        const action = args['action'] as PageAction;
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
      }
      case 'history': {
        const list = options.revisions?.get(String(args['key'])) ?? [];
        return list.map(({ value: _value, ...view }) => structuredClone(view));
      }
      case 'restore_revision': {
        const key = String(args['key']);
        const list = options.revisions?.get(key) ?? [];
        const revision = list.find((r) => r.number === args['number']);
        if (!revision) throw refusal('not_found', `no revision ${String(args['number'])}`);
        const current = options.stored.get(key);
        const restored = { ...revision.value, status: current?.status ?? revision.value.status };
        options.stored.set(key, restored);
        const number = (list[0]?.number ?? 0) + 1;
        list.unshift({ number, saved_at: now().toISOString(), changes: [], value: restored });
        return null;
      }
      default:
        return underneath?.(cmd, args);
    }
  });
}
