// A reviewer's bio takes comments on its words like a tool's description or a page's intro:
// the reviewer form has the comments panel, and the open threads' words are marked in the bio.
import { describe, expect, it, vi } from 'vitest';
import type { CommentThread } from './lib/bindings';

vi.mock('@tauri-apps/api/core', () => import('./test/appSetup').then((m) => m.tauriCore));
import { reviewersSuite } from './test/reviewersSuite';
import { settle } from './test/dom';

const t = reviewersSuite();
const { byTestId, must, calls, open } = t;

const BIO = 'Ships developer tools for a living.';

function onBio(words: string): CommentThread {
  const start = BIO.indexOf(words);
  return {
    id: 'c1',
    target: { kind: 'reviewer', key: 'dx', field: 'bio' },
    anchor: { start, end: start + words.length, quote: words, deleted: false },
    resolved_at: null,
    resolved_by: null,
    comments: [{ id: 'c1-1', author: 'erin', body: 'Which tools?', mentions: [], created_at: 'now', pending: false, refused: null }],
  };
}

describe('comments on a reviewer', () => {
  it('lists the bio’s threads beside the form and marks their words in the bio', async () => {
    await open('erin', { override: { entity_comments: () => [onBio('developer tools')] } });
    must('reviewer-row-dx').click();
    await settle();
    expect(calls('entity_comments')).toContainEqual({ kind: 'reviewer', key: 'dx' });
    expect(byTestId('comments-error')).toBeNull();
    const thread = must('comment-thread');
    expect(thread.querySelector('blockquote')?.textContent).toBe('developer tools');
    const bio = must<HTMLTextAreaElement>('reviewer-field-bio');
    expect(bio.value).toBe(BIO);
    const marks = [...(bio.parentElement?.querySelectorAll('[data-testid="text-marks"] mark') ?? [])].map((m) => m.textContent);
    expect(marks).toEqual(['developer tools']);
  });

  it('has no comments panel while the reviewer is being created', async () => {
    await open('erin');
    t.screen!.startNew();
    await settle();
    expect(byTestId('reviewer-editor')).not.toBeNull();
    expect(byTestId('comments-panel')).toBeNull();
    expect(calls('entity_comments')).toEqual([]);
    expect(byTestId('reviewer-field-bio')?.parentElement?.querySelector('[data-testid="text-marks"] mark') ?? null).toBeNull();
  });
});
