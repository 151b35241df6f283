// The only module that talks to the Rust core. Every command goes through
// `call`, which turns any rejection into an `ApiError`.
import { invoke } from '@tauri-apps/api/core';
import type { ApiError, Comparison, DraftPreview, Overview, SearchHit } from './types';

const FALLBACK_MESSAGE = 'Something went wrong.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Normalise anything a rejected `invoke` (or our own code) may throw into an
 * `ApiError`: an ApiError-shaped object from the core, a JSON string of one,
 * a plain string, an `Error`, or something unexpected.
 */
export function toApiError(err: unknown): ApiError {
  if (typeof err === 'string') {
    const text = err.trim();
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isRecord(parsed) && nonEmptyString(parsed['message'])) return toApiError(parsed);
      } catch {
        // not JSON: fall through and use the text as the message
      }
    }
    return { code: 'error', message: text || FALLBACK_MESSAGE, field: null };
  }
  if (err instanceof Error) {
    return { code: err.name && err.name !== 'Error' ? err.name : 'error', message: err.message || FALLBACK_MESSAGE, field: null };
  }
  if (isRecord(err)) {
    const message = nonEmptyString(err['message']) ? err['message'] : FALLBACK_MESSAGE;
    const code = nonEmptyString(err['code']) ? err['code'] : 'error';
    const field = nonEmptyString(err['field']) ? err['field'] : null;
    return { code, message, field };
  }
  return { code: 'unknown', message: FALLBACK_MESSAGE, field: null };
}

export const NO_BACKEND: ApiError = {
  code: 'no_backend',
  message: 'The Verdict Desk core is not available. Start the app with `bash .ci/start` instead of opening the page in a browser.',
  field: null,
};

/** True inside the Tauri webview, where `invoke` has its IPC bridge. */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!hasBackend()) throw { ...NO_BACKEND };
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toApiError(err);
  }
}

/** Everything the desk's home screens show. */
export function deskOverview(): Promise<Overview> {
  return call<Overview>('desk_overview');
}

/** Full-text search across pages, tools, reviewers and verdicts. */
export function search(query: string): Promise<SearchHit[]> {
  return call<SearchHit[]>('search', { query });
}

/**
 * The complete, standalone HTML document of a saved comparison's page, from
 * the same renderer that publishing uses.
 */
export function previewComparison(slug: string): Promise<string> {
  return call<string>('preview_comparison', { slug });
}

/** The stored comparison, as the editor's form edits it. */
export function getComparison(slug: string): Promise<Comparison> {
  return call<Comparison>('get_comparison', { slug });
}

/**
 * Saves the editor's form values and returns the comparison as stored. The core
 * keeps the workflow fields (status, scheduled_for, published_at) as they were.
 * An invalid form is refused with code "invalid" and `field` set to the first
 * invalid field; the message lists every problem ("title: …; tools: …").
 */
export function saveComparison(comparison: Comparison): Promise<Comparison> {
  return call<Comparison>('save_comparison', { comparison });
}

/**
 * The finished page rendered from unsaved form values (same renderer as
 * publishing), plus the checks before publishing. Saves nothing.
 */
export function previewDraft(draft: Comparison): Promise<DraftPreview> {
  return call<DraftPreview>('preview_draft', { draft });
}
