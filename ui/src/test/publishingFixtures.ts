// The Publishing screen suites' sample desk: its pages, its publishing view (targets, the
// queue with a failed and a conflicting job, the pages each target holds), a conflict and a
// receipt.
import type { ComparisonStatus, ComparisonSummary } from '../lib/types';
import type { ConflictView, PublishPlan, PublishingView, Receipt } from '../lib/bindings';
import { sampleOverview } from './fixtures';

export function summary(slug: string, title: string, status: ComparisonStatus): ComparisonSummary {
  return { ...sampleOverview().comparisons[0]!, slug, title, status };
}

export function comparisons(): ComparisonSummary[] {
  return [
    summary('alpha-vs-beta', 'Alpha vs Beta', 'published'),
    summary('gamma-vs-delta', 'Gamma vs Delta', 'published'),
    summary('epsilon-vs-phi', 'Epsilon vs Phi', 'scheduled'),
    summary('draft-page', 'A draft page', 'draft'),
  ];
}

export const SCHEDULED_AT = '2031-01-02T09:00:00Z';

export function sampleView(): PublishingView {
  return {
    targets: [
      { name: 'main-site', kind: 'http', url: 'https://verdicts.example.com/api/v1', user: null, pages: 2 },
      { name: 'blog', kind: 'wordpress', url: 'https://blog.example.com', user: 'ed', pages: 1 },
    ],
    jobs: [
      {
        id: 9,
        target: 'main-site',
        slug: 'gamma-vs-delta',
        op: 'put',
        state: 'queued',
        attempts: 0,
        not_before: '2025-04-13T07:00:00Z',
        last_error: null,
      },
      {
        id: 4,
        target: 'main-site',
        slug: 'alpha-vs-beta',
        op: 'put',
        state: 'failed',
        attempts: 5,
        not_before: '2025-04-13T07:00:00Z',
        last_error: 'HTTP 500 from https://verdicts.example.com/api/v1/pages/alpha-vs-beta',
      },
      {
        id: 7,
        target: 'blog',
        slug: 'alpha-vs-beta',
        op: 'put',
        state: 'conflict',
        attempts: 1,
        not_before: '2025-04-13T07:00:00Z',
        last_error: 'the page changed on the target',
      },
    ],
    pages: [
      {
        target: 'main-site',
        slug: 'alpha-vs-beta',
        remote_id: null,
        url: 'https://verdicts.example.com/alpha-vs-beta/',
        published_at: '2025-04-10T08:00:00Z',
        kept_remote: false,
      },
      { target: 'blog', slug: 'alpha-vs-beta', remote_id: '41', url: 'https://blog.example.com/alpha-vs-beta', published_at: '2025-04-10T08:00:00Z', kept_remote: true },
      { target: 'main-site', slug: 'gamma-vs-delta', remote_id: null, url: null, published_at: '2025-04-11T08:00:00Z', kept_remote: false },
    ],
  };
}

export function sampleConflict(): ConflictView {
  return {
    job: sampleView().jobs[2]!,
    remote_url: 'https://blog.example.com/alpha-vs-beta',
    removed_on_target: false,
    changes: [
      {
        field: 'title',
        before: 'Alpha vs Beta (edited on WordPress)',
        after: 'Alpha vs Beta',
        parts: [
          { kind: 'same', text: 'Alpha vs Beta' },
          { kind: 'removed', text: ' (edited on WordPress)' },
        ],
      },
      {
        field: 'dek',
        before: 'Old dek',
        after: 'New dek',
        parts: [
          { kind: 'removed', text: 'Old' },
          { kind: 'added', text: 'New' },
          { kind: 'same', text: ' dek' },
        ],
      },
    ],
  };
}

export function sampleReceipt(over: Partial<Receipt> = {}): Receipt {
  return {
    target: 'main-site',
    slug: 'alpha-vs-beta',
    state: 'verified',
    checked_at: new Date(Date.now() - 150_000).toISOString(),
    content_hash: 'sha256:1',
    differences: [],
    public_url: 'https://verdicts.example.com/alpha-vs-beta/',
    published_there: null,
    ...over,
  };
}

export const EMPTY_PLAN: PublishPlan = { published: [], queued: [], unchanged: [], kept_remote: [] };
export const pairs = (n: number, target = 'main-site'): [string, string][] => Array.from({ length: n }, (_, i) => [target, `page-${i}`]);
