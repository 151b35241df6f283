// The only module that talks to the Rust core. Every command goes through
// `call`, which turns any rejection into an `ApiError`.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { EVENTS, type AppEvent, type Command } from './contract';
import type {
  ActionAvailability,
  ApiError,
  Comparison,
  Coverage,
  DeskInfo,
  DraftPreview,
  EntityKind,
  ImportPlan,
  ImportReport,
  Overview,
  PageAction,
  Profile,
  Reviewer,
  RevisionView,
  SearchHit,
  SiteSettings,
  Tool,
  ToolPreview,
  Verdict,
  VerdictAction,
  VerdictDraft,
} from './types';
import type {
  Added,
  MediaEntry,
  MediaItem,
  Replaced,
  BackupInfo,
  ConflictView,
  MyWork,
  PublishPlan,
  AddedMember,
  ConflictField,
  JoinReport,
  LiveStatus,
  Member,
  NewMember,
  NewsletterPreview,
  Progress,
  PublishingView,
  SignInReport,
  TargetConfig,
  TeamEdit,
  VotesReport,
} from './bindings';

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
    return { code: 'error', message: text || FALLBACK_MESSAGE, field: null, problems: [] };
  }
  if (err instanceof Error) {
    return {
      code: 'error',
      message: err.message || FALLBACK_MESSAGE,
      field: null,
      problems: [],
    };
  }
  if (isRecord(err)) {
    const message = nonEmptyString(err['message']) ? err['message'] : FALLBACK_MESSAGE;
    // The core's codes are a closed set (`ErrorCode`); anything else is a plain error.
    const code = nonEmptyString(err['code']) ? (err['code'] as ApiError['code']) : 'error';
    const field = nonEmptyString(err['field']) ? err['field'] : null;
    const details = err['details'];
    return {
      code,
      message,
      field,
      problems: wireProblems(err['problems']),
      // What the refusal is about (`ErrorDetails`, tagged by `kind`), passed on as the core sent it.
      ...(isRecord(details) && nonEmptyString(details['kind']) ? { details: details as ApiError['details'] } : {}),
    };
  }
  return { code: 'unknown', message: FALLBACK_MESSAGE, field: null, problems: [] };
}

/** The core's `problems` list, keeping only well-formed entries; absent → none. */
function wireProblems(value: unknown): ApiError['problems'] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => isRecord(p) && typeof p['message'] === 'string')
    .map((p) => ({ field: typeof p['field'] === 'string' ? p['field'] : '', message: p['message'] as string }));
}

export const NO_BACKEND: ApiError = {
  code: 'no_backend',
  problems: [],
  message: 'The Verdict Desk core is not available. Start the app with `bash .ci/start` instead of opening the page in a browser.',
  field: null,
};

/** True inside the Tauri webview, where `invoke` has its IPC bridge. */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
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

/**
 * What waits for `profile` by its roles (verdicts to write or accept, pages to finish,
 * approve or republish, failed jobs, conflicts), each with the place that does it.
 */
export function myWork(profile: string): Promise<MyWork> {
  return call<MyWork>('my_work', { profile });
}

/** Full-text search across pages, tools, reviewers and verdicts. */
export function search(query: string): Promise<SearchHit[]> {
  return call<SearchHit[]>('search', { query });
}

/** The stored comparison, as the editor's form edits it. */
export function getComparison(slug: string): Promise<Comparison> {
  return call<Comparison>('get_comparison', { slug });
}

/**
 * Saves the editor's form values as `profile` (an editor) and returns the comparison as stored. The core
 * keeps the workflow fields (status, scheduled_for, published_at) as they were.
 * An invalid form is refused with code "invalid" and `field` set to the first
 * invalid field; the message lists every problem ("title: …; tools: …").
 */
export function saveComparison(profile: string, comparison: Comparison): Promise<Comparison> {
  return call<Comparison>('save_comparison', { profile, comparison });
}

/**
 * Adds a new comparison as a draft, as `profile` (an editor). A slug in use,
 * or a second page for the same pair of tools, is refused.
 */
export function createComparison(profile: string, comparison: Comparison): Promise<Comparison> {
  return call<Comparison>('create_comparison', { profile, comparison });
}

/**
 * The finished page rendered from unsaved form values (same renderer as
 * publishing), plus the checks before publishing. Saves nothing.
 */
export function previewDraft(draft: Comparison): Promise<DraftPreview> {
  return call<DraftPreview>('preview_draft', { draft });
}

// ----- comparisons: workflow -----

/**
 * Moves a comparison through its workflow as `profile` (a profile slug). The
 * core refuses what the profile's roles do not allow (code "forbidden") and
 * steps that do not apply to the page's state (code "wrong_state").
 */
export function pageAction(profile: string, slug: string, action: PageAction): Promise<Comparison> {
  return call<Comparison>('page_action', { profile, slug, action });
}

/** Every workflow step of the saved page for `profile`: whether it applies, is allowed, and why not. */
export function allowedActions(profile: string, slug: string): Promise<ActionAvailability[]> {
  return call<ActionAvailability[]>('allowed_actions', { profile, slug });
}

// ----- tools -----

export function getTool(slug: string): Promise<Tool> {
  return call<Tool>('get_tool', { slug });
}

/**
 * Adds a new tool as `profile` (an editor). A slug already in use is refused
 * (code "invalid", field "slug"), so a new entry never overwrites another.
 */
export function createTool(profile: string, tool: Tool): Promise<Tool> {
  return call<Tool>('create_tool', { profile, tool });
}

/** Saves a change to an existing tool as `profile`, who must be an editor. */
export function saveTool(profile: string, tool: Tool): Promise<Tool> {
  return call<Tool>('save_tool', { profile, tool });
}

/**
 * The tool's page rendered from unsaved form values, the field problems of
 * those values, and the comparison pages that show the tool (published ones
 * go stale when the tool changes). Saves nothing.
 */
export function previewTool(draft: Tool): Promise<ToolPreview> {
  return call<ToolPreview>('preview_tool', { draft });
}

// ----- reviewers and verdicts -----

export function getReviewer(slug: string): Promise<Reviewer> {
  return call<Reviewer>('get_reviewer', { slug });
}

/** Adds a new reviewer as `profile` (an editor); a slug in use is refused. */
export function createReviewer(profile: string, reviewer: Reviewer): Promise<Reviewer> {
  return call<Reviewer>('create_reviewer', { profile, reviewer });
}

/** Saves a change to an existing reviewer (persona, bio, rubric) as `profile`, an editor. */
export function saveReviewer(profile: string, reviewer: Reviewer): Promise<Reviewer> {
  return call<Reviewer>('save_reviewer', { profile, reviewer });
}

/** Every reviewer × every tool: the verdict written, and whether a page needs it. */
export function coverage(): Promise<Coverage> {
  return call<Coverage>('coverage');
}

/** The verdict of `reviewer` on `tool`, or null when none was written yet. */
export function getVerdict(reviewer: string, tool: string): Promise<Verdict | null> {
  return call<Verdict | null>('get_verdict', { reviewer, tool });
}

/**
 * Writes a verdict as `profile`, who must be that verdict's reviewer. New
 * verdicts start as drafts; submitted and accepted ones are locked
 * ("wrong_state") until an editor returns them.
 */
export function saveVerdict(profile: string, verdict: VerdictDraft): Promise<Verdict> {
  return call<Verdict>('save_verdict', { profile, verdict });
}

/** Submit (the reviewer), accept or return with a comment (an editor). */
export function verdictAction(profile: string, reviewer: string, tool: string, action: VerdictAction): Promise<Verdict> {
  return call<Verdict>('verdict_action', { profile, reviewer, tool, action });
}

// ----- history -----

/** Revisions of one entity, newest first, each with its field-level changes. */
export function history(entity: EntityKind, key: string): Promise<RevisionView[]> {
  return call<RevisionView[]>('history', { entity, key });
}

/**
 * Saves revision `number` again as the current version (a new revision on
 * top; nothing is lost), with the same role checks as an edit. For a verdict
 * the key is "reviewer/tool"; for the site settings it is "site".
 */
export function restoreRevision(profile: string, entity: EntityKind, key: string, number: number): Promise<void> {
  return call<void>('restore_revision', { profile, entity, key, number });
}

// ----- settings -----

export function listProfiles(): Promise<Profile[]> {
  return call<Profile[]>('list_profiles');
}

/** Adds or changes a local profile (anyone at the desk may). */
export function saveProfile(profile: Profile): Promise<Profile> {
  return call<Profile>('save_profile', { profile });
}

export function getSite(): Promise<SiteSettings> {
  return call<SiteSettings>('get_site');
}

/** Saves the site settings as `profile`, an editor or a publisher. */
export function saveSite(profile: string, site: SiteSettings): Promise<SiteSettings> {
  return call<SiteSettings>('save_site', { profile, site });
}

/** Where the data lives, the schema version and the installed themes. */
export function deskInfo(): Promise<DeskInfo> {
  return call<DeskInfo>('desk_info');
}

// ----- files -----

/** The system's open or save dialog for a bundle; null when cancelled. */
export function chooseBundleFile(purpose: 'import' | 'export'): Promise<string | null> {
  return call<string | null>('choose_bundle_file', { purpose });
}

/** The system's folder chooser (a folder publishing target); null when cancelled. */
export function chooseFolder(): Promise<string | null> {
  return call<string | null>('choose_folder');
}

/**
 * What importing a bundle file would add, replace (with the changed fields) and leave alone;
 * changes nothing. A bundle with problems is refused here too, every problem listed.
 */
export function importPlan(path: string): Promise<ImportPlan> {
  return call<ImportPlan>('import_plan', { path });
}

/**
 * Imports a bundle file; all of it or (with every problem listed) nothing. Without `replace`
 * the core refuses an import that would replace anything that differs on the desk.
 */
export function importBundle(path: string, replace = false): Promise<ImportReport> {
  return call<ImportReport>('import_bundle', { path, replace });
}

/**
 * Writes all content as a bundle to `path` (atomically) and answers the path written: a zip
 * (`.json` becomes `.zip`) when the content shows images.
 */
export function exportBundle(path: string): Promise<string | null> {
  return call<string | null>('export_bundle', { path });
}

// ----- media -----

/** The system's file dialog for an image (JPEG, PNG, GIF, WebP, SVG); null when cancelled. */
export function chooseImageFile(): Promise<string | null> {
  return call<string | null>('choose_image_file');
}

/** What a person gives with an image, or changes later (left out: kept as it is). */
export interface MediaTextInput {
  alt?: string;
  credit?: string;
  decorative?: boolean;
}

/**
 * Adds the image file at `path` as `profile` (an editor). A file the intake refuses is
 * refused with code "invalid" and a message naming the file and the reason; nothing is kept.
 * An image the desk already has comes back with `already_there` and its text unchanged.
 */
export function addMediaFile(profile: string, path: string, text: MediaTextInput = {}): Promise<Added> {
  return call<Added>('add_media_file', { profile, path, ...text });
}

/** Adds an image from its bytes (a dropped or pasted file) under its file name `name`. */
export function addMedia(profile: string, name: string, data: Uint8Array, text: MediaTextInput = {}): Promise<Added> {
  return call<Added>('add_media', { profile, name, data: toBase64(data), ...text });
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: one call per byte is slow, one call for all overflows the argument list.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Every image on the desk, newest first, each with the places that show it. */
export function mediaCatalog(): Promise<MediaEntry[]> {
  return call<MediaEntry[]>('media_catalog');
}

/** One image (its hash or first 8+ digits) with the places that show it. */
export function mediaEntry(hash: string): Promise<MediaEntry> {
  return call<MediaEntry>('media_entry', { hash });
}

/** The image's smallest variant as a data: address for an <img>. */
export function mediaThumbnail(hash: string): Promise<string> {
  return call<string>('media_thumbnail', { hash });
}

/** Changes alt text, credit or the decorative mark as `profile` (an editor); problems name their field. */
export function setMediaText(profile: string, hash: string, text: MediaTextInput): Promise<MediaItem> {
  return call<MediaItem>('set_media_text', { profile, hash, ...text });
}

/** Removes an image; refused with code "wrong_state" while anything shows it. */
export function removeMedia(profile: string, hash: string): Promise<MediaItem> {
  return call<MediaItem>('remove_media', { profile, hash });
}

/** Makes every tool and page that shows `from` show `to` instead, in one go. */
export function replaceMedia(profile: string, from: string, to: string): Promise<Replaced> {
  return call<Replaced>('replace_media', { profile, from, to });
}

// ----- links -----

/**
 * Opens an http(s) link in the system's browser (never in the app). Other
 * schemes are refused by the core with code "invalid".
 */
export function openLink(url: string): Promise<void> {
  return call<void>('open_link', { url });
}

// ----- publishing -----

/** The publishing targets, the outbox (jobs still waiting, failed or in conflict) and what each target holds. */
export function publishingView(): Promise<PublishingView> {
  return call<PublishingView>('publishing_view');
}

/**
 * Adds a target as `profile` (a publisher). The secret (an API token or a WordPress
 * application password) goes to the system keyring and nowhere else; null for a folder.
 * Refused with code "invalid" (field "name", "url", "user" or "secret"), or "keyring"
 * when no keyring runs (the message explains what to do instead); nothing is added then.
 */
export function addTarget(profile: string, target: TargetConfig, secret: string | null): Promise<void> {
  return call<void>('add_target', { profile, target, secret });
}

/** Removes a target with its queue, its records and its secret, as `profile` (a publisher). */
export function removeTarget(profile: string, name: string): Promise<void> {
  return call<void>('remove_target', { profile, name });
}

/** Checks a target's address and credentials; resolves to what answered. */
export function testTarget(name: string): Promise<string> {
  return call<string>('test_target', { name });
}

/**
 * Queues pages for `target` (every target when null) as `profile` (a publisher); an
 * empty `slugs` means every published page. Only pages a target does not hold as they
 * are now are sent. Approved or scheduled pages named are published first; drafts are
 * refused (code "invalid", field "pages[i]").
 */
export function publishPages(profile: string, target: string | null, slugs: string[]): Promise<PublishPlan> {
  return call<PublishPlan>('publish_pages', { profile, target, slugs });
}

/** Unpublishes pages and queues their removal from every target that holds them. */
export function unpublishPages(profile: string, slugs: string[]): Promise<PublishPlan> {
  return call<PublishPlan>('unpublish_pages', { profile, slugs });
}

/** Puts a failed job back in the queue, from its first attempt. */
export function retryJob(profile: string, id: number): Promise<void> {
  return call<void>('retry_job', { profile, id });
}

/** The target's copy of a page in conflict against ours, field by field. */
export function getConflict(id: number): Promise<ConflictView> {
  return call<ConflictView>('get_conflict', { id });
}

/** Decides a conflict: `overwrite` sends ours over the target's copy; otherwise theirs is kept. */
export function resolveConflict(profile: string, id: number, overwrite: boolean): Promise<void> {
  return call<void>('resolve_conflict', { profile, id, overwrite });
}

/** Fetches readers' votes from a target (page API targets) and saves them as the community numbers. */
export function pullVotes(target: string): Promise<VotesReport> {
  return call<VotesReport>('pull_votes', { target });
}

// ----- window -----

/** Tells the shell the pending work is saved and the window may close now. */
export function closeWhenSaved(): Promise<void> {
  return call<void>('close_when_saved');
}

// ----- recovery -----

/** The newest good backup, when the desk's database is damaged and could not be opened. */
export function recoveryOffer(): Promise<BackupInfo | null> {
  return call<BackupInfo | null>('recovery_offer');
}

/** Restores that backup (the damaged database is kept beside it) and restarts the app. */
export function restoreBackup(path: string): Promise<void> {
  return call<void>('restore_backup', { path });
}

/**
 * Follows an event the app sends (see `EVENTS`) until the returned function is called. A
 * subscription that fails is logged with `what` was meant; the app works on without it.
 */
function follow<P>(event: AppEvent, handler: (payload: P) => void, what: string): () => void {
  if (!hasBackend()) return () => {};
  let stop: (() => void) | null = null;
  let stopped = false;
  listen<P>(event, (e) => handler(e.payload)).then(
    (unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    },
    (err: unknown) => console.error(`Verdict Desk: cannot ${what}:`, err),
  );
  return () => {
    stopped = true;
    stop?.();
  };
}

/** The window was asked to close: save what is pending, then call `closeWhenSaved`. */
export function onCloseRequested(handler: () => void): () => void {
  return follow<null>(EVENTS.closeRequested, () => handler(), 'listen for the window closing');
}

/** A publishing attempt settled. */
export function onPublishProgress(handler: (progress: Progress) => void): () => void {
  return follow(EVENTS.publishProgress, handler, 'follow the publishing queue');
}

/** The publishing queue is settled (sent after every look at the queue). */
export function onPublishSettled(handler: (summary: Progress) => void): () => void {
  return follow(EVENTS.publishSettled, handler, 'follow the publishing queue');
}

/** The newsletter of the comparisons published since `since` (a day: 2026-11-25), to preview. */
export function newsletterPreview(since: string): Promise<NewsletterPreview> {
  return call<NewsletterPreview>('newsletter_preview', { since });
}

/** Writes newsletter.html and newsletter.txt into `folder`; resolves with the two files. */
export function exportNewsletter(since: string, folder: string): Promise<string[]> {
  return call<string[]>('export_newsletter', { since, folder });
}

/** A saved comparison's share card (1200×630 PNG) as a data: address for an <img>. */
export function shareCard(slug: string): Promise<string> {
  return call<string>('share_card', { slug });
}

// ---- The team desk ----

/** Where the desk stands with its team (off, synced, waiting, syncing, offline). */
export function teamStatus(): Promise<LiveStatus> {
  return call<LiveStatus>('team_status');
}

/**
 * Joins the team at `server` (a PostgreSQL address without a password) as `user`. The login
 * is tried first; nothing is saved when it fails, and the error names the cause. The password
 * goes to the system keyring. With `seed`, this desk's content starts an empty team.
 */
export function teamJoin(server: string, user: string, password: string, seed: boolean): Promise<JoinReport> {
  return call<JoinReport>('team_join', { server, user, password, seed });
}

/**
 * Signs the member in again with `password` (changed on the server, mistyped at join, or not
 * kept since the app started). Tried on the server first; nothing is kept when refused. The
 * sync then runs at once.
 */
export function teamSignIn(password: string): Promise<SignInReport> {
  return call<SignInReport>('team_sign_in', { password });
}

/** Leaves the team; refused while changes wait for the server, unless `discard`. */
export function teamLeave(discard: boolean): Promise<void> {
  return call<void>('team_leave', { discard });
}

/** Syncs now; progress arrives through `onTeamStatus`. */
export function teamSyncNow(): Promise<void> {
  return call<void>('team_sync_now');
}

/** Fields changed here and on another desk, waiting for a decision. */
export function teamConflicts(): Promise<ConflictField[]> {
  return call<ConflictField[]>('team_conflicts');
}

/** How a conflict is settled: this desk's value, the other member's, or an edited value. */
export type Keep = { keep: 'mine' } | { keep: 'theirs' } | { keep: 'edited'; value: unknown };

export function teamResolve(id: number, keep: Keep): Promise<void> {
  return call<void>('team_resolve', { id, keep });
}

/** The team's members (admins). */
export function teamMembers(): Promise<Member[]> {
  return call<Member[]>('team_members');
}

/** Adds a member (admins); the answer holds their one-time password. */
export function teamAddMember(member: NewMember): Promise<AddedMember> {
  return call<AddedMember>('team_add_member', { member });
}

/** Disables a member: their login stops working; what they wrote stays. */
export function teamDisableMember(login: string): Promise<void> {
  return call<void>('team_disable_member', { login });
}

/** The desk's standing with its team changed. */
export function onTeamStatus(handler: (status: LiveStatus) => void): () => void {
  return follow(EVENTS.teamStatus, handler, 'follow the team sync');
}

/** Other members' changes reached this desk. */
export function onTeamEdits(handler: (edits: TeamEdit[]) => void): () => void {
  return follow(EVENTS.teamEdits, handler, 'follow the team sync');
}
